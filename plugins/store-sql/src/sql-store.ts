import type { StoreLifecycle } from '@zaqarjs/core';
import { sql } from 'kysely';
import { openBackend } from './connection/open-backend';
import { validateServerTarget } from './connection/server-config';
import { parseSqlUri, type SqlTarget } from './connection/uri';
import { migrate, type Migration, type SchemaComponent } from './schema/migrator';
import { DEFAULT_BUSY_TIMEOUT_MS, type SqlStoreOptions } from './options';
import { StoreContext } from './store-context';
import { systemNow } from './util/codec';
import { toStorageError } from './util/guard';

/**
 * Life cycle shared by the data and control drivers: parse the uri at construction
 * (so a bad or unsupported uri fails at startup), connect and migrate on open().
 */
export abstract class SqlStore implements StoreLifecycle {
  protected readonly ctx: StoreContext;
  protected readonly options: Readonly<SqlStoreOptions>;
  readonly #target: SqlTarget;
  #opening?: Promise<void>;

  protected constructor(
    options: SqlStoreOptions,
    private readonly component: SchemaComponent,
    private readonly migrations: readonly Migration[],
  ) {
    this.options = Object.freeze({ ...options });
    this.#target = parseSqlUri(options.uri, options.cwd);
    if (this.#target.dialect !== 'sqlite') validateServerTarget(this.#target);
    this.ctx = new StoreContext(options.now ?? systemNow);
  }

  /** The database file (absolute) or `:memory:`; for a server database its dialect (the uri may hold a password). */
  get location(): string {
    return this.#target.dialect === 'sqlite' ? this.#target.filename : this.#target.dialect;
  }

  /** The parsed uri (dialect and where the data lives). */
  protected get target(): SqlTarget {
    return this.#target;
  }

  /** Connects and migrates once; after a failure the next call tries again. */
  open(): Promise<void> {
    this.#opening ??= this.connect().catch((error: unknown) => {
      this.#opening = undefined;
      throw error;
    });
    return this.#opening;
  }

  async isAlive(): Promise<boolean> {
    try {
      await sql`select 1`.execute(this.ctx.backend.db);
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.#opening?.catch(() => undefined);
    await this.ctx.detach()?.close();
  }

  private async connect(): Promise<void> {
    let backend;
    try {
      backend = await openBackend(this.#target, {
        busyTimeoutMs: this.options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS,
        poolSize: this.options.poolSize,
        logger: this.options.logger,
      });
      const result = await migrate(backend, this.component, this.migrations, this.ctx.now());
      this.ctx.attach(backend);
      this.options.logger?.debug({ store: this.component, location: this.location, schemaVersion: result.to }, 'SQL store open');
    } catch (error) {
      await backend?.close().catch(() => undefined);
      throw toStorageError(error);
    }
  }
}
