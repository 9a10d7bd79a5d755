import type { Logger, StoreLifecycle } from '@zaqarjs/core';
import type Redis from 'ioredis';
import { createClient, type ReconnectPolicy } from './connection/client';
import { parseRedisUri, type RedisTarget } from './connection/uri';
import { assertServerVersion } from './connection/version';
import { KeySpace } from './keys';
import type { RedisStoreOptions } from './options';
import { StoreContext } from './store-context';
import { systemNow } from './util/codec';
import { toStorageError } from './util/guard';

/**
 * Life cycle shared by the data and control drivers: the uri is parsed at construction
 * (a malformed one stops startup with the reference's message), open() connects,
 * checks the server version (the Lua scripts are sent with their first call on each connection).
 */
export abstract class RedisStore implements StoreLifecycle {
  protected readonly ctx: StoreContext;
  protected readonly options: Readonly<RedisStoreOptions>;
  readonly target: RedisTarget;
  readonly #policy: ReconnectPolicy;
  #opening?: Promise<void>;

  protected constructor(options: RedisStoreOptions) {
    this.options = Object.freeze({ ...options });
    this.target = parseRedisUri(options.uri);
    this.#policy = Object.freeze({ maxAttempts: options.maxReconnectAttempts ?? 10, sleep: options.reconnectSleep ?? 1 });
    this.ctx = new StoreContext(new KeySpace(this.target.keyPrefix), options.now ?? systemNow);
  }

  /** The key space of this store (prefix included). */
  get keys(): KeySpace {
    return this.ctx.keys;
  }

  /** Connects once; after a failure the next call tries again. */
  open(): Promise<void> {
    this.#opening ??= this.connect().catch((error: unknown) => {
      this.#opening = undefined;
      throw error;
    });
    return this.#opening;
  }

  /** PING answered (false while disconnected, never throws). */
  async isAlive(): Promise<boolean> {
    try {
      return (await this.ctx.client.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.#opening?.catch(() => undefined);
    const client = this.ctx.detach();
    await this.beforeClose();
    if (client) await closeClient(client);
  }

  /** Hook for drivers that hold more connections. */
  protected async beforeClose(): Promise<void> {}

  /** A new, not yet connected client with this store's options (e.g. for pub/sub). */
  protected newClient(): Redis {
    const client = createClient(this.target, this.#policy);
    watchConnection(client, this.options.logger);
    return client;
  }

  private async connect(): Promise<void> {
    const client = this.newClient();
    // ioredis rejects a failed connect() with "Connection is closed."; the socket error says why.
    let socketError: Error | undefined;
    const remember = (error: Error) => void (socketError ??= error);
    client.on('error', remember);
    try {
      await client.connect().catch((error: unknown) => Promise.reject(socketError ?? error));
      const version = await assertServerVersion(client);
      this.ctx.attach(client);
      this.options.logger?.debug({ strategy: this.target.strategy, db: this.target.db, version }, 'Redis store open');
    } catch (error) {
      client.disconnect();
      throw toStorageError(error);
    } finally {
      client.off('error', remember);
    }
  }
}

/**
 * ioredis reports socket errors as 'error' events (an unhandled one would crash the
 * process). Logs one warning when a ready connection is lost and one line when it is back.
 */
export function watchConnection(client: Redis, logger?: Logger): void {
  let state: 'new' | 'ready' | 'lost' = 'new';
  client.on('error', (error: Error) => {
    if (state !== 'lost') logger?.debug({ err: error.message }, 'Redis connection error');
  });
  client.on('close', () => {
    if (state !== 'ready' || client.status === 'end') return;
    state = 'lost';
    logger?.warn({}, 'Redis connection lost; requests fail with 503 until it is back');
  });
  client.on('ready', () => {
    if (state === 'lost') logger?.info({}, 'Redis connection restored');
    state = 'ready';
  });
}

/** Closes a client politely, or at once when it is not connected; never throws. */
export async function closeClient(client: Redis): Promise<void> {
  client.removeAllListeners('close');
  client.removeAllListeners('ready');
  if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
  else client.disconnect();
}
