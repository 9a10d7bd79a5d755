/** Option groups of both stores and the drivers' constructor options. */
import type { Logger, OptionGroup, OptionSpec } from '@zaqarjs/core';

export const OWNER = '@zaqarjs/store-mongodb';
export const MESSAGE_STORE_GROUP = 'drivers:message_store:mongodb';
export const MANAGEMENT_STORE_GROUP = 'drivers:management_store:mongodb';

const common: readonly OptionSpec[] = [
  {
    name: 'uri',
    type: 'string',
    secret: true,
    help:
      'MongoDB connection URI. Any scheme is replaced by mongodb:// (so mongodb.fifo:// pool URIs work). ' +
      'With ssl=true (or tls=true) in the query the ssl_* options apply. Without serverSelectionTimeoutMS ' +
      'in the query, requests fail after 2 s (HTTP 503) while no server answers.',
  },
  {
    name: 'database',
    type: 'string',
    default: 'zaqar',
    help: 'Base database name: <database> (pools, flavors, catalogue), <database>_queues, <database>_topics, <database>_messages_p<N>, <database>_subscriptions.',
  },
  {
    name: 'max_attempts',
    type: 'int',
    default: 1000,
    min: 0,
    help: 'Max retries of a mongodb.fifo message post when its markers collide with a concurrent post.',
  },
  { name: 'max_retry_sleep', type: 'float', default: 0.1, help: 'Max linear back-off (seconds) between those retries.' },
  { name: 'max_retry_jitter', type: 'float', default: 0.005, help: 'Random jitter (seconds) added to each back-off.' },
  {
    name: 'max_reconnect_attempts',
    type: 'int',
    default: 10,
    min: 0,
    help: 'Retries of an operation after a network error on an established connection (e.g. a primary failover).',
  },
  { name: 'reconnect_sleep', type: 'float', default: 0.02, help: 'Base sleep (seconds) before such a retry; doubles at each retry.' },
  { name: 'ssl_keyfile', type: 'string', help: 'Private key of the client certificate (PEM).' },
  { name: 'ssl_certfile', type: 'string', help: 'Client certificate (PEM).' },
  {
    name: 'ssl_cert_reqs',
    type: 'string',
    default: 'CERT_REQUIRED',
    choices: ['CERT_NONE', 'CERT_OPTIONAL', 'CERT_REQUIRED'],
    help: 'Verification of the server certificate (CERT_NONE disables it).',
  },
  { name: 'ssl_ca_certs', type: 'string', help: 'CA bundle that signed the server certificate (PEM).' },
];

const partitions: OptionSpec = {
  name: 'partitions',
  type: 'int',
  default: 2,
  min: 1,
  help: 'Number of message databases; a queue lives in <database>_messages_p<crc32(project + queue) % partitions>. Never change it after deployment.',
};

export const MESSAGE_STORE_OPTIONS: readonly OptionGroup[] = [
  { group: MESSAGE_STORE_GROUP, owner: OWNER, options: [common[0], common[1], partitions, ...common.slice(2)] },
];
export const MANAGEMENT_STORE_OPTIONS: readonly OptionGroup[] = [{ group: MANAGEMENT_STORE_GROUP, owner: OWNER, options: common }];

/** Values of either section as TypedConf returns them. */
export interface MongoSection {
  uri?: string;
  database: string;
  partitions?: number;
  max_attempts: number;
  max_retry_sleep: number;
  max_retry_jitter: number;
  max_reconnect_attempts: number;
  reconnect_sleep: number;
  ssl_keyfile?: string;
  ssl_certfile?: string;
  ssl_cert_reqs: string;
  ssl_ca_certs?: string;
}

/** Constructor options of the MongoDB drivers. */
export interface MongoStoreOptions {
  uri: string;
  /** Base database name (default `zaqar`). */
  database?: string;
  /** Message databases (data driver only; default 2). */
  partitions?: number;
  /** FIFO post retries on marker collisions (default 1000). */
  maxAttempts?: number;
  /** Seconds (default 0.1). */
  maxRetrySleep?: number;
  /** Seconds (default 0.005). */
  maxRetryJitter?: number;
  /** Retries after a network error on an established connection (default 10). */
  maxReconnectAttempts?: number;
  /** Seconds, doubled at each retry (default 0.02). */
  reconnectSleep?: number;
  ssl?: { keyFile?: string; certFile?: string; certReqs?: string; caFile?: string };
  /** `[DEFAULT] unreliable`: accept a standalone server (data driver). */
  unreliable?: boolean;
  /** Clock in integer UNIX seconds; tests inject one to make time pass. */
  now?: () => number;
  logger?: Logger;
}

/** Driver options from a configuration section (`unreliable` comes from [DEFAULT]). */
export function optionsFromSection(section: Readonly<MongoSection>, group: string, unreliable: boolean, logger?: Logger): MongoStoreOptions {
  if (!section.uri) throw new Error(`[${group}] uri is required (e.g. mongodb://127.0.0.1:27017)`);
  return {
    uri: section.uri,
    database: section.database,
    partitions: section.partitions,
    maxAttempts: section.max_attempts,
    maxRetrySleep: section.max_retry_sleep,
    maxRetryJitter: section.max_retry_jitter,
    maxReconnectAttempts: section.max_reconnect_attempts,
    reconnectSleep: section.reconnect_sleep,
    ssl: { keyFile: section.ssl_keyfile, certFile: section.ssl_certfile, certReqs: section.ssl_cert_reqs, caFile: section.ssl_ca_certs },
    unreliable,
    logger,
  };
}
