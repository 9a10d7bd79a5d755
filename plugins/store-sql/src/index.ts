export { SqlDataDriver } from './sql-data-driver';
export { SqlControlDriver } from './sql-control-driver';
export { SqlStore } from './sql-store';
export {
  DEFAULT_BUSY_TIMEOUT_MS,
  DEFAULT_URI,
  MANAGEMENT_STORE_GROUP,
  MANAGEMENT_STORE_OPTIONS,
  MESSAGE_STORE_GROUP,
  MESSAGE_STORE_OPTIONS,
  type SqlStoreOptions,
} from './options';
export { parseSqlUri, type SqlTarget, type SqliteTarget, type ServerTarget } from './connection/uri';
export type { SqlBackend, BackendOptions } from './connection/backend';
export type { Migration, SchemaComponent } from './schema/migrator';
