/**
 * Scratch databases on the real PostgreSQL and MariaDB servers for tests: each
 * caller gets its own schema (PostgreSQL) or database (MariaDB), created on demand
 * and dropped afterwards. Server addresses come from ZAQAR_TEST_PG_URI and
 * ZAQAR_TEST_MYSQL_URI (defaults: the CI machine's trust-auth servers).
 *
 * Outside CI a missing server skips the tests that need it, visibly (the reason is
 * in the title); under CI=true they run and fail, so a missing service is noticed.
 */
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { Client } from 'pg';
import { createConnection } from 'mysql2/promise';

/** The two server dialects, as `SqlBackend.dialect` names them. */
export type ServerKind = 'postgresql' | 'mysql';

/** Administrative uris of the servers (the scratch databases are made there). */
export const SERVER_URIS: Readonly<Record<ServerKind, string>> = {
  postgresql: process.env.ZAQAR_TEST_PG_URI ?? 'postgresql://postgres@127.0.0.1:5432/test',
  mysql: process.env.ZAQAR_TEST_MYSQL_URI ?? 'mysql://root@127.0.0.1:3306/test',
};

const LABEL: Record<ServerKind, string> = { postgresql: 'PostgreSQL', mysql: 'MariaDB' };

/** A schema or database of its own on a real server. */
export interface ScratchDatabase {
  /** The store uri (zaqar.conf form) pointing into it. */
  readonly uri: string;
  /** Schema (PostgreSQL) or database (MariaDB) name. */
  readonly name: string;
  drop(): Promise<void>;
}

const reachable = new Map<ServerKind, boolean>();

/** Whether the server answers a TCP connect (checked once, synchronously: test registration cannot await). */
export function serverReachable(kind: ServerKind): boolean {
  let known = reachable.get(kind);
  if (known === undefined) {
    const url = new URL(SERVER_URIS[kind].replace(/^[a-z+]+:/, 'http:'));
    const port = Number(url.port || (kind === 'postgresql' ? 5432 : 3306));
    const probe = `require('net').connect(${port}, ${JSON.stringify(url.hostname)}).on('connect', () => process.exit(0)).on('error', () => process.exit(1)).setTimeout(2000, () => process.exit(1))`;
    known = spawnSync(process.execPath, ['-e', probe], { timeout: 5000 }).status === 0;
    reachable.set(kind, known);
  }
  return known;
}

/** `describe` that needs the server: skipped with the reason when it is down outside CI. */
export function describeWithServer(kind: ServerKind, title: string, body: () => void): void {
  if (serverReachable(kind) || process.env.CI === 'true') describe(title, body);
  else describe.skip(`${title} [skipped: ${LABEL[kind]} not reachable at ${SERVER_URIS[kind].replace(/\/\/[^@]*@/, '//')}]`, body);
}

const scratchName = () => `zaqar_t_${randomBytes(6).toString('hex')}`;

/** A fresh PostgreSQL schema; the store uri selects it through search_path. */
export async function createPgSchema(): Promise<ScratchDatabase> {
  const name = scratchName();
  await withPg((c) => c.query(`create schema ${name}`));
  const uri = `${SERVER_URIS.postgresql}?options=-csearch_path%3D${name}`;
  return { uri, name, drop: () => withPg((c) => c.query(`drop schema if exists ${name} cascade`)) };
}

/** A fresh MariaDB database (utf8mb4, binary collation), named in a mysql+pymysql:// uri. */
export async function createMysqlDatabase(): Promise<ScratchDatabase> {
  const name = scratchName();
  await withMysql((c) => c.query(`create database ${name} character set utf8mb4 collate utf8mb4_bin`));
  const base = new URL(SERVER_URIS.mysql.replace(/^[a-z+]+:/, 'http:'));
  const uri = `mysql+pymysql://${base.username ? `${base.username}${base.password ? `:${base.password}` : ''}@` : ''}${base.host}/${name}`;
  return { uri, name, drop: () => withMysql((c) => c.query(`drop database if exists ${name}`)) };
}

/** A scratch schema (PostgreSQL) or database (MariaDB). */
export function createScratch(kind: ServerKind): Promise<ScratchDatabase> {
  return kind === 'postgresql' ? createPgSchema() : createMysqlDatabase();
}

/** Runs `work` on a short-lived administrative PostgreSQL connection. */
export async function withPg<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: SERVER_URIS.postgresql });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Runs `work` on a short-lived administrative MariaDB connection. */
export async function withMysql<T>(work: (connection: Awaited<ReturnType<typeof createConnection>>) => Promise<T>): Promise<T> {
  const connection = await createConnection({ uri: SERVER_URIS.mysql });
  try {
    return await work(connection);
  } finally {
    await connection.end();
  }
}

/** A value created once on first use (a scratch database shared by one test file's suites). */
export function lazy<T>(create: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= create());
}
