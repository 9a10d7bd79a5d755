export { RedisDataDriver } from './redis-data-driver';
export { RedisControlDriver } from './redis-control-driver';
export { RedisStore } from './redis-store';
export { RedisMessageEvents } from './events';
export { KeySpace, segment } from './keys';
export { DEFAULT_URI, MANAGEMENT_STORE_GROUP, MANAGEMENT_STORE_OPTIONS, MESSAGE_STORE_GROUP, MESSAGE_STORE_OPTIONS, type RedisStoreOptions } from './options';
export { parseRedisUri, RedisUriError, DEFAULT_KEY_PREFIX, type RedisTarget } from './connection/uri';
export { MIN_REDIS_VERSION } from './connection/version';
