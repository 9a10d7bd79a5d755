import {
  FlavorDoesNotExist,
  PoolAlreadyExists,
  PoolDoesNotExist,
  PoolInUseByFlavor,
  QueueDoesNotExist,
  QueueNotMapped,
  TopicDoesNotExist,
  type CatalogueController,
  type CatalogueEntry,
  type ControlDriver,
  type Flavor,
  type FlavorsController,
  type Page,
  type Pool,
  type PoolsController,
  type QueueController,
  type QueueListItem,
  type QueueListOptions,
  type QueueMetadata,
} from '@zaqarjs/core';

const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** Queue (or topic) catalogue kept in memory. */
class MemoryQueues implements QueueController {
  private readonly projects = new Map<string, Map<string, QueueMetadata>>();

  constructor(private readonly missing: (name: string, project: string) => Error) {}

  private table(project: string): Map<string, QueueMetadata> {
    let table = this.projects.get(project);
    if (!table) {
      table = new Map();
      this.projects.set(project, table);
    }
    return table;
  }

  async list(project: string, options: QueueListOptions): Promise<Page<QueueListItem>> {
    const names = [...this.table(project).keys()]
      .filter((n) => options.marker === undefined || byteOrder(n, options.marker) > 0)
      .filter((n) => options.name === undefined || n.includes(options.name))
      .filter((n) => matches(this.table(project).get(n) as QueueMetadata, options.filters))
      .sort(byteOrder)
      .slice(0, options.limit);
    if (names.length === 0) return { items: [] };
    const items = names.map((name) => (options.detailed ? { name, metadata: structuredClone(this.table(project).get(name) as QueueMetadata) } : { name }));
    return { items, marker: names[names.length - 1] };
  }

  async get(project: string, name: string): Promise<QueueMetadata> {
    return structuredClone(this.table(project).get(name) ?? {});
  }

  async getMetadata(project: string, name: string): Promise<QueueMetadata> {
    const metadata = this.table(project).get(name);
    if (!metadata) throw this.missing(name, project);
    return structuredClone(metadata);
  }

  async setMetadata(project: string, name: string, metadata: QueueMetadata): Promise<void> {
    if (!this.table(project).has(name)) throw this.missing(name, project);
    this.table(project).set(name, structuredClone(metadata));
  }

  async create(project: string, name: string, metadata: QueueMetadata): Promise<boolean> {
    if (this.table(project).has(name)) return false;
    this.table(project).set(name, structuredClone(metadata));
    return true;
  }

  async exists(project: string, name: string): Promise<boolean> {
    return this.table(project).has(name);
  }

  async delete(project: string, name: string): Promise<void> {
    this.table(project).delete(name);
  }

  async count(project: string): Promise<number> {
    return this.table(project).size;
  }
}

/** JSON equality (realm-independent, unlike util.isDeepStrictEqual under jest's vm). */
function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => k in b && jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function matches(metadata: QueueMetadata, filters: Record<string, unknown> | undefined): boolean {
  if (!filters) return true;
  return Object.entries(filters).every(([key, value]) => key in metadata && jsonEqual(metadata[key], value));
}

class MemoryPools implements PoolsController {
  readonly pools = new Map<string, Pool>();
  constructor(private readonly flavorExists: (flavor: string) => boolean) {}

  async list(options: { marker?: string; limit: number; detailed: boolean }): Promise<Page<Pool>> {
    const all = [...this.pools.values()].filter((p) => options.marker === undefined || p.name > options.marker).sort((a, b) => (a.name < b.name ? -1 : 1));
    const items = options.limit > 0 ? all.slice(0, options.limit) : all;
    return items.length === 0 ? { items: [] } : { items: items.map((p) => structuredClone(p)), marker: items[items.length - 1].name };
  }

  async create(pool: Pool): Promise<void> {
    if ([...this.pools.values()].some((p) => p.name !== pool.name && p.uri === pool.uri)) throw new PoolAlreadyExists();
    this.pools.set(pool.name, structuredClone(pool));
  }

  async get(name: string): Promise<Pool> {
    const pool = this.pools.get(name);
    if (!pool) throw new PoolDoesNotExist(name);
    return structuredClone(pool);
  }

  async exists(name: string): Promise<boolean> {
    return this.pools.has(name);
  }

  async getByFlavor(flavor: string | null): Promise<Pool[]> {
    return [...this.pools.values()].filter((p) => p.flavor === flavor).map((p) => structuredClone(p));
  }

  async update(name: string, changes: Partial<Omit<Pool, 'name'>>): Promise<void> {
    const pool = this.pools.get(name);
    if (!pool) throw new PoolDoesNotExist(name);
    if (changes.uri !== undefined && [...this.pools.values()].some((p) => p.name !== name && p.uri === changes.uri)) throw new PoolAlreadyExists();
    const updated = { ...pool, ...structuredClone(changes) };
    if (updated.flavor === '') updated.flavor = null;
    this.pools.set(name, updated);
  }

  async delete(name: string): Promise<void> {
    const pool = this.pools.get(name);
    if (!pool) return;
    if (pool.flavor && this.flavorExists(pool.flavor) && [...this.pools.values()].filter((p) => p.flavor === pool.flavor).length === 1) {
      throw new PoolInUseByFlavor(name, pool.flavor);
    }
    this.pools.delete(name);
  }
}

class MemoryCatalogue implements CatalogueController {
  private readonly entries = new Map<string, CatalogueEntry>();
  private key = (project: string, queue: string) => `${project}\u0000${queue}`;

  async list(project: string): Promise<CatalogueEntry[]> {
    return [...this.entries.values()].filter((e) => e.project === project).map((e) => ({ ...e }));
  }
  async get(project: string, queue: string): Promise<CatalogueEntry> {
    const entry = this.entries.get(this.key(project, queue));
    if (!entry) throw new QueueNotMapped(queue, project);
    return { ...entry };
  }
  async exists(project: string, queue: string): Promise<boolean> {
    return this.entries.has(this.key(project, queue));
  }
  async insert(project: string, queue: string, pool: string): Promise<void> {
    this.entries.set(this.key(project, queue), { project, queue, pool });
  }
  async delete(project: string, queue: string): Promise<void> {
    this.entries.delete(this.key(project, queue));
  }
  async update(project: string, queue: string, pool: string): Promise<void> {
    if (!this.entries.has(this.key(project, queue))) throw new QueueNotMapped(queue, project);
    this.entries.set(this.key(project, queue), { project, queue, pool });
  }
}

class MemoryFlavors implements FlavorsController {
  readonly flavors = new Map<string, Flavor>();
  private key = (project: string, name: string) => `${project}\u0000${name}`;

  async list(project: string, options: { marker?: string; limit: number }): Promise<Page<Flavor>> {
    const items = [...this.flavors.values()]
      .filter((f) => f.project === project && (options.marker === undefined || f.name > options.marker))
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .slice(0, options.limit);
    return items.length === 0 ? { items: [] } : { items: items.map((f) => structuredClone(f)), marker: items[items.length - 1].name };
  }
  async create(flavor: Flavor): Promise<void> {
    this.flavors.set(this.key(flavor.project, flavor.name), structuredClone(flavor));
  }
  async get(project: string, name: string): Promise<Flavor> {
    const flavor = this.flavors.get(this.key(project, name));
    if (!flavor) throw new FlavorDoesNotExist(name);
    return structuredClone(flavor);
  }
  async exists(project: string, name: string): Promise<boolean> {
    return this.flavors.has(this.key(project, name));
  }
  async delete(project: string, name: string): Promise<void> {
    this.flavors.delete(this.key(project, name));
  }
}

/** A management store kept in memory (queues, topics, pools, catalogue, flavors). */
export class MemoryControlDriver implements ControlDriver {
  readonly queues = new MemoryQueues((name, project) => new QueueDoesNotExist(name, project));
  readonly topics = new MemoryQueues((name, project) => new TopicDoesNotExist(name, project));
  readonly flavors = new MemoryFlavors();
  readonly pools = new MemoryPools((flavor) => [...this.flavors.flavors.values()].some((f) => f.name === flavor));
  readonly catalogue = new MemoryCatalogue();

  async open(): Promise<void> {}
  async isAlive(): Promise<boolean> {
    return true;
  }
  async close(): Promise<void> {}
}
