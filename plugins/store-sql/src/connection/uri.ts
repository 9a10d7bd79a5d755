import { isAbsolute, resolve } from 'node:path';

/** Where a SQLite store lives: a file, or a private in-memory database. */
export interface SqliteTarget {
  readonly dialect: 'sqlite';
  /** Absolute file path, or `:memory:`. */
  readonly filename: string;
  readonly memory: boolean;
}

/** A PostgreSQL or MariaDB/MySQL database named by the URI. */
export interface ServerTarget {
  readonly dialect: 'postgresql' | 'mysql';
  /** The SQLAlchemy driver suffix (`pymysql` in `mysql+pymysql://`), if any; it does not change the client used. */
  readonly driver?: string;
  /** The URI with its scheme normalised; may hold credentials, never log it. */
  readonly url: string;
}

export type SqlTarget = SqliteTarget | ServerTarget;

const SERVER_DIALECTS: Readonly<Record<string, ServerTarget['dialect']>> = {
  postgresql: 'postgresql',
  postgres: 'postgresql',
  mysql: 'mysql',
  mariadb: 'mysql',
};

/**
 * Parses a SQLAlchemy-style database URI, as `[drivers:*:sqlalchemy] uri` holds it:
 * `sqlite:///relative/path.db` (relative to `cwd`), `sqlite:////absolute/path.db`,
 * `sqlite:///:memory:` or `sqlite://` (in memory), `mysql+pymysql://…`, `postgresql://…`.
 * Error texts name the scheme only: the URI may carry a password.
 */
export function parseSqlUri(uri: string, cwd: string = process.cwd()): SqlTarget {
  const match = /^([a-z][a-z0-9.-]*)(?:\+([a-z0-9_]+))?:\/\/(.*)$/i.exec(uri.trim());
  if (!match) throw new Error('The SQL store uri must look like sqlite:///<path> (SQLAlchemy URL syntax).');
  const scheme = match[1].toLowerCase();
  const rest = match[3];
  if (scheme === 'sqlite') return parseSqlite(rest, cwd);
  const dialect = SERVER_DIALECTS[scheme];
  if (!dialect) throw new Error(`Unsupported SQL store uri scheme "${scheme}"; expected sqlite, mysql or postgresql.`);
  return { dialect, driver: match[2]?.toLowerCase(), url: `${scheme}://${rest}` };
}

function parseSqlite(rest: string, cwd: string): SqliteTarget {
  const withoutQuery = rest.split('?')[0];
  if (withoutQuery === '') return { dialect: 'sqlite', filename: ':memory:', memory: true };
  if (!withoutQuery.startsWith('/')) {
    throw new Error('A sqlite uri takes no host: use sqlite:///<relative path> or sqlite:////<absolute path>.');
  }
  const path = withoutQuery.slice(1);
  if (path === '' || path === ':memory:') return { dialect: 'sqlite', filename: ':memory:', memory: true };
  return { dialect: 'sqlite', filename: isAbsolute(path) ? path : resolve(cwd, path), memory: false };
}
