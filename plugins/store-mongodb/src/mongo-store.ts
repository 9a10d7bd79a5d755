import type { StoreLifecycle } from '@zaqarjs/core';
import { StorageUnavailable } from '@zaqarjs/core';
import { MongoConnection } from './connection/mongo-connection';
import type { MongoStoreOptions } from './options';
import { toStorageError, type RetryPolicy } from './util/guard';
import { systemNow } from './util/values';

/**
 * Life cycle shared by the data and control drivers: one client per driver, connected
 * and prepared (indexes) on open(); controllers reach the connection lazily so that
 * they fail with StorageUnavailable before open() and after close().
 */
export abstract class MongoStore implements StoreLifecycle {
  protected readonly options: Readonly<MongoStoreOptions>;
  protected readonly now: () => number;
  protected readonly retry: RetryPolicy;
  #connection?: MongoConnection;
  #opening?: Promise<void>;

  protected constructor(options: MongoStoreOptions) {
    this.options = Object.freeze({ ...options });
    this.now = options.now ?? systemNow;
    this.retry = { attempts: options.maxReconnectAttempts ?? 10, sleep: options.reconnectSleep ?? 0.02 };
  }

  /** Base database name. */
  get database(): string {
    return this.options.database ?? 'zaqar';
  }

  /** The open connection (throws StorageUnavailable when not open). */
  protected readonly connection = (): MongoConnection => {
    if (!this.#connection) throw new StorageUnavailable('The MongoDB store is not open.');
    return this.#connection;
  };

  /** Connects and prepares once; after a failure the next call tries again. */
  open(): Promise<void> {
    this.#opening ??= this.connect().catch((error: unknown) => {
      this.#opening = undefined;
      throw error;
    });
    return this.#opening;
  }

  async isAlive(): Promise<boolean> {
    return (await this.#connection?.isAlive()) ?? false;
  }

  async close(): Promise<void> {
    await this.#opening?.catch(() => undefined);
    const connection = this.#connection;
    this.#connection = undefined;
    await connection?.close();
  }

  /** Creates what the store needs (indexes); `connection()` works inside it. */
  protected abstract prepare(connection: MongoConnection): Promise<void>;

  private async connect(): Promise<void> {
    const connection = new MongoConnection(this.options.uri, this.options);
    try {
      await connection.connect();
      this.#connection = connection;
      await this.prepare(connection);
    } catch (error) {
      this.#connection = undefined;
      await connection.close().catch(() => undefined);
      throw toStorageError(error);
    }
  }
}
