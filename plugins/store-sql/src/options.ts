import type { Logger, OptionGroup } from '@zaqarjs/core';

export const OWNER = '@zaqarjs/store-sql';
export const MESSAGE_STORE_GROUP = 'drivers:message_store:sqlalchemy';
export const MANAGEMENT_STORE_GROUP = 'drivers:management_store:sqlalchemy';
export const DEFAULT_URI = 'sqlite:///data/zaqar.db';
/** How long a statement waits for another connection's write lock before failing (503). */
export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

const uriHelp =
  'SQLAlchemy-style database URL. sqlite:///<path> is relative to the working directory, ' +
  'sqlite:////<path> is absolute, sqlite:///:memory: keeps the data in memory. ' +
  'PostgreSQL 9.5+: postgresql://user:password@host:port/database (also postgresql+psycopg2://; ' +
  '?options=-csearch_path%3D<schema> picks the schema). MariaDB 10.6+ / MySQL 8.0+: ' +
  'mysql+pymysql://user:password@host:port/database (also mysql:// and mariadb://). ' +
  'Both stores may use the same database; tables are created on first use or by zaqar-sql-db-manage upgrade.';

function storeGroup(group: string): OptionGroup {
  return {
    group,
    owner: OWNER,
    options: [{ name: 'uri', type: 'string', default: DEFAULT_URI, secret: true, help: uriHelp }],
  };
}

export const MESSAGE_STORE_OPTIONS: readonly OptionGroup[] = [storeGroup(MESSAGE_STORE_GROUP)];
export const MANAGEMENT_STORE_OPTIONS: readonly OptionGroup[] = [storeGroup(MANAGEMENT_STORE_GROUP)];

/** Constructor options of both SQL drivers. */
export interface SqlStoreOptions {
  /** Database URL (see uriHelp). */
  uri: string;
  /** Clock in integer UNIX seconds; tests inject one to make time pass. */
  now?: () => number;
  /** Lock wait before a statement fails with StorageUnavailable (default 5000 ms). */
  busyTimeoutMs?: number;
  /** Connections per pool on PostgreSQL and MySQL (default 10). */
  poolSize?: number;
  /** Base of relative sqlite paths (default: process.cwd()). */
  cwd?: string;
  logger?: Logger;
}
