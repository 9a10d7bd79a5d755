export { MongoDataDriver, type MongoDataFlavor } from './mongo-data-driver';
export { MongoControlDriver } from './mongo-control-driver';
export { MongoStore } from './mongo-store';
export {
  MANAGEMENT_STORE_GROUP,
  MANAGEMENT_STORE_OPTIONS,
  MESSAGE_STORE_GROUP,
  MESSAGE_STORE_OPTIONS,
  optionsFromSection,
  type MongoSection,
  type MongoStoreOptions,
} from './options';
export { normalizeUri, DEFAULT_SERVER_SELECTION_TIMEOUT_MS } from './connection/uri';
