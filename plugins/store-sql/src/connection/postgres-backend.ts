/**
 * PostgreSQL through node-postgres and Kysely's PostgresDialect. Tables live in
 * the connection's current schema (the first existing one of its search_path, set
 * with `?options=-csearch_path%3D<schema>` in the uri). Transactions run at READ
 * COMMITTED; claims and pops lock their rows with FOR UPDATE SKIP LOCKED.
 */
import type { ClientConfig, Pool } from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { Tables } from '../schema/tables';
import type { BackendOptions, SqlBackend } from './backend';
import { PgNotifyChannel } from './pg-notify';
import { postgresSettings, type PostgresSettings } from './server-config';
import type { ServerTarget } from './uri';

/** Key of the advisory lock that serialises schema migrations in one database. */
const SCHEMA_LOCK_KEY = 0x7a61716172; // "zaqar"
const DEFAULT_POOL_SIZE = 10;
/** oids of int8 (COUNT, BIGINT columns) and numeric (SUM of bigint): parsed to numbers, not strings. */
const INT8_OID = 20;
const NUMERIC_OID = 1700;

type PgModule = typeof import('pg');

function sslOption(mode: string | undefined): ClientConfig['ssl'] {
  if (mode === undefined || mode === 'disable' || mode === 'allow' || mode === 'prefer') return false;
  if (mode === 'require') return { rejectUnauthorized: false };
  if (mode === 'verify-ca' || mode === 'verify-full') return true;
  throw new Error(`Unsupported PostgreSQL sslmode "${mode}".`);
}

/** Settings of every connection (pooled or listening); frozen so neither side can change the other's. */
function clientConfig(pg: PgModule, settings: PostgresSettings, options: BackendOptions): ClientConfig {
  const parse = (oid: number, format?: string) =>
    oid === INT8_OID || oid === NUMERIC_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text');
  return Object.freeze({
    host: settings.host,
    port: settings.port,
    user: settings.user,
    password: settings.password,
    database: settings.database,
    options: settings.options,
    application_name: settings.applicationName,
    ssl: sslOption(settings.sslmode),
    connectionTimeoutMillis: settings.connectTimeoutMs ?? options.busyTimeoutMs,
    // Waiting for a row or table lock longer than this fails the statement (503), as busy_timeout does on SQLite.
    lock_timeout: options.busyTimeoutMs,
    keepAlive: true,
    types: { getTypeParser: parse as never },
  });
}

/** Connects a pool to the PostgreSQL database of `target` and checks that its schema exists. */
export async function openPostgresBackend(target: ServerTarget, options: BackendOptions): Promise<SqlBackend> {
  const pg = await import('pg');
  const config = clientConfig(pg, postgresSettings(target), options);
  const pool: Pool = new pg.Pool({ ...config, max: options.poolSize ?? DEFAULT_POOL_SIZE, idleTimeoutMillis: 30_000 });
  // A connection the server drops emits 'error': idle ones through the pool, and checked-out ones
  // (between two statements of a transaction) on the client itself, where pg-pool listens no more.
  // Unheard, either would crash the process; the statement in flight fails on its own (503) and
  // the pool discards the broken client when it is released.
  const dropped = (error: Error) => options.logger?.warn({ err: error.message }, 'PostgreSQL dropped a connection; the pool reconnects on demand');
  pool.on('error', dropped);
  pool.on('connect', (client) => client.on('error', dropped));
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  let schema: string;
  try {
    const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
    if (!rows[0]?.schema) throw new Error('No schema of the PostgreSQL search_path exists; create it first.');
    schema = rows[0].schema;
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw error;
  }
  const notifications = new PgNotifyChannel(db, () => new pg.Client(config), schema, options.logger);
  return {
    dialect: 'postgresql',
    db,
    rowLocks: true,
    notifications,
    transaction: (work) => db.transaction().execute(work),
    exclusive: (work) =>
      db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(${SCHEMA_LOCK_KEY})`.execute(trx);
        return work(trx);
      }),
    async hasTable(name) {
      const { rows } = await sql`select 1 from information_schema.tables where table_schema = current_schema() and table_name = ${name}`.execute(db);
      return rows.length > 0;
    },
    async close() {
      await notifications.close();
      await db.destroy();
    },
  };
}
