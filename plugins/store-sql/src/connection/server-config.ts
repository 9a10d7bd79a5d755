/**
 * Client settings of a server database, from the SQLAlchemy URL operators already
 * have in zaqar.conf: `postgresql[+psycopg2]://user:pw@host:port/db?…` and
 * `mysql[+pymysql]://…` / `mariadb://…`. Query parameters SQLAlchemy would hand
 * to libpq or PyMySQL are mapped to their node-postgres / mysql2 equivalents;
 * unknown ones are refused, so a setting is never silently ignored.
 * Error texts never quote the URL: it may carry a password.
 */
import type { ServerTarget } from './uri';

/** Where and as whom to connect; shared by both dialects. */
export interface ServerAddress {
  host: string;
  port?: number;
  user?: string;
  password?: string;
  database: string;
}

/** node-postgres settings (a subset of pg.ClientConfig). */
export interface PostgresSettings extends ServerAddress {
  /** libpq `options`, e.g. `-c search_path=zaqar`. */
  options?: string;
  applicationName: string;
  /** libpq sslmode: disable, prefer, require, verify-ca, verify-full. */
  sslmode?: string;
  connectTimeoutMs?: number;
}

/** mysql2 settings (a subset of its PoolOptions). */
export interface MysqlSettings extends ServerAddress {
  socketPath?: string;
  sslCa?: string;
  connectTimeoutMs?: number;
}

function address(target: ServerTarget, defaultHost: string): { address: ServerAddress; query: URLSearchParams } {
  let url: URL;
  try {
    // WHATWG URL parses only special schemes' hosts reliably; http:// has the same authority syntax.
    url = new URL(target.url.replace(/^[a-z]+:/i, 'http:'));
  } catch {
    throw new Error(`The ${target.dialect} uri is not a valid URL (expected ${target.dialect}://user:password@host:port/database).`);
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (database === '' || database.includes('/')) {
    throw new Error(`The ${target.dialect} uri must name a database: ${target.dialect}://user:password@host:port/database.`);
  }
  return {
    address: {
      host: url.hostname.replace(/^\[(.*)\]$/, '$1') || defaultHost,
      port: url.port === '' ? undefined : Number(url.port),
      user: url.username === '' ? undefined : decodeURIComponent(url.username),
      password: url.password === '' ? undefined : decodeURIComponent(url.password),
      database,
    },
    query: url.searchParams,
  };
}

function seconds(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`The SQL store uri parameter ${name} must be a number of seconds.`);
  return Math.round(n * 1000);
}

function refuse(dialect: string, name: string, known: string[]): never {
  throw new Error(`Unsupported ${dialect} uri parameter "${name}"; supported: ${known.join(', ')}.`);
}

const PG_PARAMS = ['host', 'port', 'options', 'application_name', 'sslmode', 'connect_timeout', 'client_encoding'];

/** node-postgres settings for a `postgresql://` target. */
export function postgresSettings(target: ServerTarget): PostgresSettings {
  const { address: base, query } = address(target, 'localhost');
  const settings: PostgresSettings = { ...base, applicationName: 'zaqar' };
  for (const [name, value] of query) {
    if (name === 'host')
      settings.host = value; // libpq style: a unix socket directory
    else if (name === 'port') settings.port = Number(value);
    else if (name === 'options') settings.options = value;
    else if (name === 'application_name') settings.applicationName = value;
    else if (name === 'sslmode') settings.sslmode = value;
    else if (name === 'connect_timeout') settings.connectTimeoutMs = seconds(value, name);
    else if (name === 'client_encoding') {
      if (!/^utf-?8$/i.test(value)) throw new Error('The PostgreSQL store needs client_encoding=utf8.');
    } else refuse('PostgreSQL', name, PG_PARAMS);
  }
  return settings;
}

const MYSQL_PARAMS = ['unix_socket', 'charset', 'ssl_ca', 'connect_timeout'];

/** mysql2 settings for a `mysql://` / `mariadb://` target. */
export function mysqlSettings(target: ServerTarget): MysqlSettings {
  const { address: base, query } = address(target, 'localhost');
  const settings: MysqlSettings = { ...base };
  for (const [name, value] of query) {
    if (name === 'unix_socket') settings.socketPath = value;
    else if (name === 'ssl_ca') settings.sslCa = value;
    else if (name === 'connect_timeout') settings.connectTimeoutMs = seconds(value, name);
    else if (name === 'charset') {
      // Messages are stored as utf8mb4 whatever the URL says; utf8 (3-byte) would lose emoji.
      if (!/^utf8(mb4)?$/i.test(value)) throw new Error('The MySQL store needs charset=utf8mb4.');
    } else refuse('MySQL', name, MYSQL_PARAMS);
  }
  return settings;
}

/** Throws when the uri of a server target cannot be used (checked when the driver is created, before open). */
export function validateServerTarget(target: ServerTarget): void {
  if (target.dialect === 'postgresql') postgresSettings(target);
  else mysqlSettings(target);
}
