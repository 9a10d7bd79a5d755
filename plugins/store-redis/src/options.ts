import type { Logger, OptionGroup } from '@zaqarjs/core';

export const OWNER = '@zaqarjs/store-redis';
export const MESSAGE_STORE_GROUP = 'drivers:message_store:redis';
export const MANAGEMENT_STORE_GROUP = 'drivers:management_store:redis';
export const DEFAULT_URI = 'redis://127.0.0.1:6379';

const uriHelp =
  'Redis connection URI, taking one of three forms. A direct connection: ' +
  '"redis://[[username]:password@]host[:port][?options]" (port 6379 by default). Redis Sentinel: ' +
  '"redis://[[username]:password@]host1[:port1][,host2[:port2],...][?options]" with the master\'s name ' +
  'in the query string as "master=<name>" (sentinel port 26379 by default). A unix socket: ' +
  '"redis://[[username]:password@]/path/to/redis.sock[?options]". Query options: "dbid" (database ' +
  'number, default 0), "socket_timeout" (seconds, default 0.1; connect and command deadlines are ' +
  'never below 1 s), "sentinel_username", "sentinel_password", and "key_prefix" (prepended to every ' +
  'key, default "zaqar:", so several deployments can share one database).';

/** The reference's reconnection options; see README "Connection handling" for how they map. */
function storeGroup(group: string): OptionGroup {
  return {
    group,
    owner: OWNER,
    options: [
      { name: 'uri', type: 'string', default: DEFAULT_URI, secret: true, help: uriHelp },
      {
        name: 'max_reconnect_attempts',
        type: 'int',
        default: 10,
        min: 0,
        help:
          'Reconnection back-off doubles this many times after a Redis connection is lost. Reconnection ' +
          'itself never gives up; requests made while the connection is down fail at once (503).',
      },
      {
        name: 'reconnect_sleep',
        type: 'float',
        default: 1.0,
        min: 0,
        help: 'Base sleep (seconds) between reconnection attempts; doubles each attempt, at most 1 s.',
      },
    ],
  };
}

export const MESSAGE_STORE_OPTIONS: readonly OptionGroup[] = [storeGroup(MESSAGE_STORE_GROUP)];
export const MANAGEMENT_STORE_OPTIONS: readonly OptionGroup[] = [storeGroup(MANAGEMENT_STORE_GROUP)];

/** Values of a `[drivers:*:redis]` section. */
export interface RedisSection {
  uri: string;
  max_reconnect_attempts: number;
  reconnect_sleep: number;
}

/** Constructor options of both Redis drivers. */
export interface RedisStoreOptions {
  /** Connection URI (see uriHelp). */
  uri: string;
  /** Back-off doublings after a lost connection (default 10). */
  maxReconnectAttempts?: number;
  /** Base reconnection sleep in seconds (default 1.0). */
  reconnectSleep?: number;
  /** Clock in integer UNIX seconds; tests inject one to make time pass. */
  now?: () => number;
  logger?: Logger;
}

/** Driver options from a conf section. */
export function fromSection(section: Readonly<RedisSection>, logger?: Logger): RedisStoreOptions {
  return { uri: section.uri, maxReconnectAttempts: section.max_reconnect_attempts, reconnectSleep: section.reconnect_sleep, logger };
}
