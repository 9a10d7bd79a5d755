/**
 * Message stores built from pool URIs (semantics.md §18): the URI scheme picks
 * the store plugin (its package.json declares `zaqar.uriSchemes`), the pool's
 * `options` become that store's `[drivers:message_store:<name>]` section. One
 * opened store per pool, kept for the life of the process and rebuilt when the
 * pool's URI or options change.
 */
import {
  coerceOption,
  loadPlugin,
  NAMESPACES,
  type Capability,
  type Conf,
  type ControlDriver,
  type DataDriver,
  type Logger,
  type OptionGroup,
  type PluginCatalog,
  type Pool,
} from '@zaqarjs/core';
import type { PoolingAdmin } from '@zaqarjs/core/api';
import type { DependencyContainer } from 'tsyringe';

/** How long a pool whose store failed to open answers 503 at once before the next attempt. */
const FAILED_OPEN_RETRY_MS = 2_000;
const MESSAGE_STORE_SECTION = 'drivers:message_store:';
/** How long a store may take to open and answer before a pool create gives up (and before a request for its queues does). */
export const POOL_OPEN_TIMEOUT_MS = 5_000;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A Conf whose message-store sections are the pool's: declared defaults, then the pool's options, then its uri. */
export function poolConf(base: Conf, groups: readonly OptionGroup[], uri: string, options: Readonly<Record<string, unknown>>): Conf {
  const sections = new Map<string, Readonly<Record<string, unknown>>>();
  for (const group of groups) {
    if (!group.group.startsWith(MESSAGE_STORE_SECTION)) continue;
    const values: Record<string, unknown> = {};
    for (const spec of group.options) if (spec.default !== undefined) values[spec.name] = spec.default;
    for (const [name, value] of Object.entries(options)) {
      const spec = group.options.find((o) => o.name === name);
      values[name] = spec && typeof value === 'string' && spec.type !== 'string' ? coerceOption(group.group, spec, value) : value;
    }
    values.uri = uri;
    sections.set(group.group, Object.freeze(values));
  }
  return {
    group: <T>(name: string) => (sections.get(name) ?? base.group(name)) as Readonly<T>,
    raw: (section: string) => base.raw(section),
    files: base.files,
    configDirs: base.configDirs,
  };
}

/** The scheme of a URI, lower-cased (`mysql+pymysql`, `mongodb.fifo`). */
export function uriScheme(uri: string): string {
  const colon = uri.indexOf(':');
  return colon > 0 ? uri.slice(0, colon).toLowerCase() : '';
}

interface OpenedPool {
  /** uri + options the store was built for. */
  key: string;
  store: Promise<DataDriver>;
}

const keyOf = (uri: string, options: Readonly<Record<string, unknown>>) => `${uri}\n${JSON.stringify(options ?? {})}`;

/** The stores of the registered pools, and the admin API's probe. */
export class PoolStores implements PoolingAdmin {
  private readonly opened = new Map<string, OpenedPool>();
  private readonly listeners: ((pool: string) => void)[] = [];
  private readonly openListeners: ((store: DataDriver) => void)[] = [];
  private closed = false;

  constructor(
    private readonly catalog: PluginCatalog,
    private readonly conf: Conf,
    private readonly logger: Logger,
    private readonly container: DependencyContainer,
    private readonly control: ControlDriver,
  ) {}

  /** Called with a pool name whenever a pool changes through this process. */
  onChange(listener: (pool: string) => void): void {
    this.listeners.push(listener);
  }

  /** Called with every pool store this process opens (to listen to its cross-process notices). */
  onOpened(listener: (store: DataDriver) => void): void {
    this.openListeners.push(listener);
  }

  /** Creates (not opens) the store `uri` selects; throws when no installed plugin serves its scheme. */
  async build(uri: string, options: Readonly<Record<string, unknown>>, label: string): Promise<DataDriver> {
    const scheme = uriScheme(uri);
    const found = this.catalog.uriScheme(scheme);
    if (!found) throw new Error(`No store plugin serves pool URIs of scheme "${scheme}" (served: ${this.catalog.uriSchemes().join(', ') || 'none'})`);
    const name = found.target.store;
    const loaded = await loadPlugin<DataDriver>(this.catalog, { namespace: NAMESPACES.dataStorage, setting: `pool ${label}`, name });
    const storeUri = found.target.uriScheme ? found.target.uriScheme + uri.slice(scheme.length) : uri;
    const conf = poolConf(this.conf, loaded.module.options ?? [], storeUri, options);
    return loaded.module.create({ conf, logger: this.logger.child({ pool: label }), container: this.container, name });
  }

  /** Opens a throw-away store for `uri` and returns its capabilities; throws when it does not answer. */
  async probe(uri: string, options: Record<string, unknown>): Promise<readonly Capability[]> {
    const store = await this.build(uri, options, uri);
    try {
      await withTimeout(store.open(), POOL_OPEN_TIMEOUT_MS, uri);
      if (!(await withTimeout(store.isAlive(), POOL_OPEN_TIMEOUT_MS, uri))) throw new Error(`${uri} is not alive`);
      return store.capabilities;
    } finally {
      await store.close().catch(() => undefined);
    }
  }

  async capabilities(pool: Pool): Promise<readonly Capability[]> {
    return (await this.storeOf(pool)).capabilities;
  }

  poolChanged(name: string): void {
    const opened = this.opened.get(name);
    this.opened.delete(name);
    if (opened) void opened.store.then((store) => store.close()).catch(() => undefined);
    for (const listener of this.listeners) listener(name);
  }

  /** The opened store of a pool record (opened on first use; a failed open is retried on the next call). */
  storeOf(pool: Pool): Promise<DataDriver> {
    if (this.closed) return Promise.reject(new Error('Pool stores are closed'));
    const key = keyOf(pool.uri, pool.options);
    const current = this.opened.get(pool.name);
    if (current && current.key === key) return current.store;
    if (current) this.poolChanged(pool.name);
    const store = (async () => {
      const driver = await this.build(pool.uri, pool.options ?? {}, pool.name);
      try {
        await withTimeout(driver.open(), POOL_OPEN_TIMEOUT_MS, `pool ${pool.name}`);
      } catch (error) {
        await driver.close().catch(() => undefined);
        throw error;
      }
      this.logger.info({ event: 'pool_opened', pool: pool.name }, `Pool ${pool.name} opened`);
      for (const listener of this.openListeners) listener(driver);
      return driver;
    })();
    const entry = { key, store };
    this.opened.set(pool.name, entry);
    // A store that failed to open is not retried for a few seconds: its queues fail at once meanwhile.
    store.catch(() => {
      const retry = setTimeout(() => {
        if (this.opened.get(pool.name) === entry) this.opened.delete(pool.name);
      }, FAILED_OPEN_RETRY_MS);
      retry.unref();
    });
    return store;
  }

  /** The opened store of a pool by name (reads its record). */
  async storeNamed(name: string): Promise<DataDriver> {
    const current = this.opened.get(name);
    if (current) return current.store;
    return this.storeOf(await this.control.pools.get(name));
  }

  /** Every registered pool record (throws when the management store does not answer). */
  private async registered(): Promise<Pool[]> {
    const pools: Pool[] = [];
    let marker: string | undefined;
    for (;;) {
      const page = await this.control.pools.list({ marker, limit: 100, detailed: true });
      pools.push(...page.items);
      if (page.items.length < 100 || !page.marker) break;
      marker = page.marker;
    }
    return pools;
  }

  async healthTargets(): Promise<{ control: ControlDriver; pools: { name: string; store: Promise<DataDriver> }[] }> {
    const pools = (await this.registered()).map((pool) => {
      const store = this.storeOf(pool);
      store.catch(() => undefined);
      return { name: pool.name, store };
    });
    return { control: this.control, pools };
  }

  /** Every registered pool's store that opens, for garbage collection. */
  async all(): Promise<{ pool: Pool; store?: DataDriver; error?: unknown }[]> {
    const pools = await this.registered();
    return Promise.all(
      pools.map(async (pool) => {
        try {
          return { pool, store: await this.storeOf(pool) };
        } catch (error) {
          return { pool, error };
        }
      }),
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    const stores = [...this.opened.values()];
    this.opened.clear();
    await Promise.allSettled(stores.map(async (entry) => (await entry.store).close()));
  }
}
