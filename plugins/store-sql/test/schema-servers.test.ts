import { SqlControlDriver, SqlDataDriver } from '../src';
import { openBackend } from '../src/connection/open-backend';
import { parseSqlUri, type ServerTarget } from '../src/connection/uri';
import { MESSAGE_STORE_MIGRATIONS } from '../src/schema/message-schema';
import { migrate } from '../src/schema/migrator';
import { createMysqlDatabase, createPgSchema, describeWithServer, withMysql, withPg, type ScratchDatabase } from './support/sql-servers';

/** Four processes' worth of stores opening one new database at once: the schema lock lets one migrate. */
async function openConcurrently(uri: string): Promise<void> {
  const drivers = [new SqlDataDriver({ uri }), new SqlDataDriver({ uri }), new SqlControlDriver({ uri }), new SqlControlDriver({ uri })];
  await Promise.all(drivers.map((d) => d.open()));
  await Promise.all(drivers.map((d) => d.close()));
}

describeWithServer('postgresql', 'PostgreSQL schema', () => {
  let scratch: ScratchDatabase;
  beforeAll(async () => (scratch = await createPgSchema()));
  afterAll(() => scratch.drop());

  it('is created once by concurrent openers, in the uri schema, with byte-order names', async () => {
    await openConcurrently(scratch.uri);
    await withPg(async (c) => {
      const versions = await c.query(`select component, version from ${scratch.name}.schema_version order by component`);
      expect(versions.rows).toEqual([
        { component: 'management', version: 1 },
        { component: 'message', version: 3 },
      ]);
      const tables = await c.query('select table_name from information_schema.tables where table_schema = $1 order by table_name', [scratch.name]);
      expect(tables.rows.map((r) => r.table_name)).toEqual([
        'catalogue',
        'claims',
        'flavors',
        'idempotency_keys',
        'messages',
        'pools',
        'queue_counters',
        'queues',
        'schema_version',
        'subscriptions',
        'topics',
      ]);
      const collation = await c.query(
        "select collation_name from information_schema.columns where table_schema = $1 and table_name = 'queues' and column_name = 'name'",
        [scratch.name],
      );
      expect(collation.rows).toEqual([{ collation_name: 'C' }]);
    });
  });

  it('refuses a uri whose search_path names no existing schema', async () => {
    const driver = new SqlDataDriver({ uri: scratch.uri.replace(scratch.name, `${scratch.name}_missing`) });
    await expect(driver.open()).rejects.toMatchObject({ code: 'ZAQAR_STORAGE_UNAVAILABLE', message: expect.stringContaining('search_path') });
    await driver.close();
  });
});

describeWithServer('mysql', 'MariaDB schema', () => {
  let scratch: ScratchDatabase;
  beforeAll(async () => (scratch = await createMysqlDatabase()));
  afterAll(() => scratch.drop());

  it('is created once by concurrent openers, utf8mb4 with binary collation, InnoDB', async () => {
    await openConcurrently(scratch.uri);
    await withMysql(async (c) => {
      const [versions] = await c.query(`select component, version from ${scratch.name}.schema_version order by component`);
      expect(versions).toEqual([
        { component: 'management', version: 1 },
        { component: 'message', version: 3 },
      ]);
      const [tables] = await c.query('select table_name as name, engine, table_collation as collation from information_schema.tables where table_schema = ?', [
        scratch.name,
      ]);
      expect((tables as { name: string }[]).length).toBe(11);
      expect(tables).toEqual(expect.arrayContaining([{ name: 'messages', engine: 'InnoDB', collation: 'utf8mb4_bin' }]));
      expect((tables as { engine: string; collation: string }[]).every((t) => t.engine === 'InnoDB' && t.collation === 'utf8mb4_bin')).toBe(true);
    });
  });

  it('keys long subscriber URIs by a 448-character prefix on MySQL, which has no long unique keys', async () => {
    const other = await createMysqlDatabase();
    try {
      const backend = await openBackend(parseSqlUri(other.uri) as ServerTarget, { busyTimeoutMs: 5000 });
      try {
        await migrate({ ...backend, serverVersion: '8.0.36' }, 'message', MESSAGE_STORE_MIGRATIONS, 0);
      } finally {
        await backend.close();
      }
      const [keys] = await withMysql((c) => c.query(`show index from ${other.name}.subscriptions where Key_name = 'subscriptions_subscriber'`));
      expect((keys as { Column_name: string; Sub_part: number | null }[]).map((k) => [k.Column_name, k.Sub_part])).toEqual([
        ['project', null],
        ['queue', null],
        ['subscriber', 448],
      ]);
    } finally {
      await other.drop();
    }
  });
});
