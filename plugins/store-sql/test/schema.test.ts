import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqlControlDriver, SqlDataDriver } from '../src';

const UUID7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const UUID4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('schema and connection settings', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'zaqar-sql-schema-'));
    file = join(dir, 'zaqar.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates both schemas in one file idempotently, versioned per component, in WAL mode', async () => {
    for (let round = 0; round < 2; round++) {
      const data = new SqlDataDriver({ uri: `sqlite:///${file}` });
      const control = new SqlControlDriver({ uri: `sqlite:///${file}` });
      await data.open();
      await control.open();
      await data.messages.post('p', 'q', [{ body: round, ttl: 60, delay: 0 }], 'c');
      await Promise.all([data.close(), control.close()]);
    }
    const raw = new Database(file, { readonly: true });
    try {
      expect(raw.prepare('select component, version from schema_version order by component').all()).toEqual([
        { component: 'management', version: 1 },
        { component: 'message', version: 3 },
      ]);
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(raw.prepare('select count(*) n from messages').get()).toEqual({ n: 2 });
      const indexes = (raw.prepare("select name from sqlite_master where type = 'index' and tbl_name = 'messages'").all() as { name: string }[]).map(
        (r) => r.name,
      );
      expect(indexes).toEqual(expect.arrayContaining(['messages_queue_seq', 'messages_queue_claim', 'messages_expires']));
    } finally {
      raw.close();
    }
  });

  it('upgrades a version 2 database: messages_queue_claim then holds claimed messages only, and claims still find theirs', async () => {
    const first = new SqlDataDriver({ uri: `sqlite:///${file}` });
    await first.open();
    const [held, free] = await first.messages.post(
      'p',
      'q',
      [1, 2].map((body) => ({ body, ttl: 600, delay: 0 })),
      'c',
    );
    await first.close();
    // As version 2 left it: the index over every message.
    const v2 = new Database(file);
    v2.exec('drop index messages_queue_claim; create index messages_queue_claim on messages (project, queue, claim_id, seq)');
    v2.prepare("update schema_version set version = 2 where component = 'message'").run();
    v2.close();

    const data = new SqlDataDriver({ uri: `sqlite:///${file}` });
    await data.open();
    const claim = await data.claims.create('p', 'q', { ttl: 60, grace: 60, limit: 1 });
    expect(claim?.messages.map((m) => m.id)).toEqual([held]);
    expect((await data.claims.get('p', 'q', claim!.id)).messages.map((m) => m.id)).toEqual([held]);
    await data.close();

    const raw = new Database(file, { readonly: true });
    try {
      expect(raw.prepare("select version from schema_version where component = 'message'").get()).toEqual({ version: 3 });
      expect(raw.prepare("select sql from sqlite_master where name = 'messages_queue_claim'").get()).toEqual({
        sql: 'CREATE INDEX "messages_queue_claim" on "messages" ("project", "queue", "claim_id", "seq") where "claim_id" is not null',
      });
      // Only the claimed message has an entry; the free one is not in the index.
      const entries = raw.prepare('select id from messages indexed by messages_queue_claim where claim_id is not null').all();
      expect(entries).toEqual([{ id: held }]);
      expect(entries).not.toContainEqual({ id: free });
      const plan = raw
        .prepare("explain query plan select id from messages where project = 'p' and queue = 'q' and claim_id = ? order by seq")
        .all(claim!.id) as { detail: string }[];
      expect(plan.map((row) => row.detail).join(' | ')).toContain('USING INDEX messages_queue_claim');
    } finally {
      raw.close();
    }
  });

  it('refuses a schema newer than it knows', async () => {
    const first = new SqlDataDriver({ uri: `sqlite:///${file}` });
    await first.open();
    await first.close();
    const raw = new Database(file);
    raw.prepare("update schema_version set version = 99 where component = 'message'").run();
    raw.close();
    const driver = new SqlDataDriver({ uri: `sqlite:///${file}` });
    await expect(driver.open()).rejects.toMatchObject({ code: 'ZAQAR_STORAGE_UNAVAILABLE', message: expect.stringContaining('newer') });
    await driver.close();
  });

  it('refuses a database of the reference implementation instead of writing into its tables', async () => {
    const raw = new Database(file);
    raw.exec("create table alembic_version (version_num varchar(32) not null); insert into alembic_version values ('007')");
    raw.close();
    const driver = new SqlControlDriver({ uri: `sqlite:///${file}` });
    await expect(driver.open()).rejects.toMatchObject({ code: 'ZAQAR_STORAGE_UNAVAILABLE', message: expect.stringContaining('reference') });
    await driver.close();
  });

  it('uses time-ordered UUID7 ids for messages and claims (index locality) and UUID4 ids for subscriptions', async () => {
    const data = new SqlDataDriver({ uri: 'sqlite://' });
    await data.open();
    const first = await data.messages.post(
      'p',
      'q',
      [
        { body: 1, ttl: 60, delay: 0 },
        { body: 2, ttl: 60, delay: 0 },
      ],
      'c',
    );
    const [later] = await data.messages.post('p', 'q', [{ body: 3, ttl: 60, delay: 0 }], 'c');
    const ids = [...first, later];
    const claim = await data.claims.create('p', 'q', { ttl: 60, grace: 60, limit: 1 });
    const subscription = await data.subscriptions.create('p', 'q', 'http://x', 60, {});
    expect([...ids, claim!.id, subscription]).toEqual([
      ...ids.map(() => expect.stringMatching(UUID7)),
      expect.stringMatching(UUID7),
      expect.stringMatching(UUID4),
    ]);
    expect([...ids].sort()).toEqual(ids);
    await data.close();
  });

  it('stores marker positions as decimal strings and keeps them increasing after a purge', async () => {
    const data = new SqlDataDriver({ uri: 'sqlite://' });
    await data.open();
    const list = { limit: 10, echo: true, clientId: 'c', includeClaimed: true, includeDelayed: true };
    await data.messages.post(
      'p',
      'q',
      [
        { body: 1, ttl: 60, delay: 0 },
        { body: 2, ttl: 60, delay: 0 },
      ],
      'c',
    );
    expect((await data.messages.list('p', 'q', list)).marker).toBe('2');
    await data.messages.deleteAll('p', 'q');
    await data.messages.post('p', 'q', [{ body: 3, ttl: 60, delay: 0 }], 'c');
    expect((await data.messages.list('p', 'q', { ...list, marker: '2' })).items.map((m) => m.body)).toEqual([3]);
    await data.close();
  });
});
