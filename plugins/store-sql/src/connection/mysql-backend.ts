/**
 * MariaDB (≥ 10.6) and MySQL (≥ 8.0) through mysql2 and Kysely's MysqlDialect.
 * Every session runs at READ COMMITTED (claims lock only the rows they take, with
 * FOR UPDATE SKIP LOCKED, instead of InnoDB's gap locks that would make posts wait
 * for claims), in UTC like the reference (which forces time_zone +00:00), with
 * lock waits bounded like SQLite's busy_timeout, and in
 * strict mode without NO_BACKSLASH_ESCAPES (mysql2 escapes parameters client-side).
 * Tables use utf8mb4 with binary collation: byte-order names, exact comparisons.
 */
import { readFileSync } from 'node:fs';
import { CompiledQuery, Kysely, MysqlDialect, sql } from 'kysely';
import type { Tables } from '../schema/tables';
import type { BackendOptions, SqlBackend } from './backend';
import { mysqlSettings, type MysqlSettings } from './server-config';
import type { ServerTarget } from './uri';

const DEFAULT_POOL_SIZE = 10;
/** Statements run on every new connection; a lock wait longer than `busyTimeoutMs` fails the statement (503). */
function sessionSetup(options: BackendOptions): string[] {
  const lockWait = Math.max(1, Math.ceil(options.busyTimeoutMs / 1000));
  return [
    `set time_zone = '+00:00', sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION', innodb_lock_wait_timeout = ${lockWait}`,
    'set session transaction isolation level read committed',
  ];
}

function poolOptions(settings: MysqlSettings, options: BackendOptions) {
  return {
    host: settings.host,
    port: settings.port,
    user: settings.user,
    password: settings.password,
    database: settings.database,
    socketPath: settings.socketPath,
    ssl: settings.sslCa ? { ca: readFileSync(settings.sslCa) } : undefined,
    charset: 'UTF8MB4_BIN',
    timezone: 'Z',
    connectionLimit: options.poolSize ?? DEFAULT_POOL_SIZE,
    connectTimeout: settings.connectTimeoutMs ?? options.busyTimeoutMs,
    enableKeepAlive: true,
    // SUM() comes back as DECIMAL; numbers, not strings.
    decimalNumbers: true,
  };
}

/** SKIP LOCKED (claims) needs MariaDB 10.6 or MySQL 8.0. */
function assertVersion(version: string): void {
  const [major, minor] = version.split(/[.-]/).map(Number);
  const mariadb = /mariadb/i.test(version);
  const ok = mariadb ? major > 10 || (major === 10 && minor >= 6) : major >= 8;
  if (!ok) throw new Error(`The SQL store needs MariaDB 10.6+ or MySQL 8.0+ (for SKIP LOCKED); the server is ${version}.`);
}

/** Connects a pool to the MariaDB/MySQL database of `target` and checks the server version. */
export async function openMysqlBackend(target: ServerTarget, options: BackendOptions): Promise<SqlBackend> {
  const mysql = await import('mysql2');
  const settings = mysqlSettings(target);
  const pool = mysql.createPool(poolOptions(settings, options));
  const setup = sessionSetup(options);
  const dialect = new MysqlDialect({
    pool,
    onCreateConnection: async (connection) => {
      for (const statement of setup) await connection.executeQuery(CompiledQuery.raw(statement));
    },
  });
  const db = new Kysely<Tables>({ dialect });
  let serverVersion: string;
  try {
    const { rows } = await sql<{ version: string }>`select version() as version`.execute(db);
    serverVersion = rows[0].version;
    assertVersion(serverVersion);
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw error;
  }
  // GET_LOCK names are server-wide: scope the schema lock to this database.
  const lockName = `zaqar_schema.${settings.database}`.slice(0, 64);
  const lockWaitSeconds = Math.max(1, Math.ceil(options.busyTimeoutMs / 1000) * 6);
  return {
    dialect: 'mysql',
    db,
    rowLocks: true,
    serverVersion,
    transaction: (work) => db.transaction().execute(work),
    // MySQL commits DDL implicitly, so the schema lock is a named lock held by one connection, not a transaction.
    exclusive: (work) =>
      db.connection().execute(async (conn) => {
        const { rows } = await sql<{ got: number | null }>`select get_lock(${lockName}, ${lockWaitSeconds}) as got`.execute(conn);
        if (rows[0]?.got !== 1) throw new Error('Timed out waiting for another process to finish migrating the schema.');
        try {
          return await work(conn);
        } finally {
          await sql`select release_lock(${lockName})`.execute(conn);
        }
      }),
    async hasTable(name) {
      const { rows } = await sql`select 1 from information_schema.tables where table_schema = database() and table_name = ${name}`.execute(db);
      return rows.length > 0;
    },
    close: () => db.destroy(),
  };
}
