/**
 * Pooling (semantics.md §18): queues are placed on pools by weighted random
 * choice among the pools of their `_flavor`, the catalogue (project, queue) →
 * pool is written before the queue record, and every message, claim and
 * subscription operation goes to the queue's pool. Queues the catalogue does not
 * map go to the configured message store when `[pooling:catalog]
 * enable_virtual_pool` is on.
 */
import {
  addGarbage,
  ApiError,
  ClaimDoesNotExist,
  garbageTotal,
  isZaqarError,
  MessageDoesNotExist,
  QueueDoesNotExist,
  StorageUnavailable,
  SubscriptionDoesNotExist,
  type ClaimController,
  type ControlDriver,
  type DataDriver,
  type GarbageResult,
  type GarbageTally,
  type IdempotencyController,
  type Logger,
  type MessageEvents,
  type MessageController,
  type Pool,
  type QueueController,
  type SubscriptionController,
} from '@zaqarjs/core';
import type { PoolStores } from './pool-stores';
import { PooledEvents } from './pooled-events';

/**
 * How long a catalogue mapping is reused (changes made through this process
 * apply at once). "Mapped nowhere" is never reused: another node may place the
 * queue at any moment, and a stale miss would send its messages to the
 * virtual pool or answer 404.
 */
export const CATALOGUE_CACHE_MS = 10_000;

/** Weighted random choice (pools of weight ≤ 0 never chosen); undefined when none can be. */
export function choosePool(pools: readonly Pool[], random: () => number = Math.random): Pool | undefined {
  const candidates = pools.filter((pool) => pool.weight > 0);
  const total = candidates.reduce((sum, pool) => sum + pool.weight, 0);
  if (total <= 0) return undefined;
  let point = Math.floor(random() * total);
  for (const pool of candidates) {
    if (point < pool.weight) return pool;
    point -= pool.weight;
  }
  return candidates[candidates.length - 1];
}

const cacheKey = (project: string, queue: string) => `${project}\u0000${queue}`;

function deadLetterQueueOf(metadata: Readonly<Record<string, unknown>> | undefined): string | null {
  const dlq = metadata?._dead_letter_queue;
  return typeof dlq === 'string' && dlq !== '' ? dlq : null;
}

function flavorOf(metadata: Readonly<Record<string, unknown>> | undefined): string | null {
  const flavor = metadata?._flavor;
  return typeof flavor === 'string' && flavor !== '' ? flavor : null;
}

/** The catalogue as this process sees it: lookups cached briefly, placement, the store of a queue. */
export class PoolCatalogue {
  private readonly cache = new Map<string, { pool: string; until: number }>();

  constructor(
    private readonly control: ControlDriver,
    readonly stores: PoolStores,
    /** The configured message store when `enable_virtual_pool`; else undefined. */
    readonly virtual: DataDriver | undefined,
    private readonly cacheMs = CATALOGUE_CACHE_MS,
  ) {
    stores.onChange(() => this.cache.clear());
  }

  /** The pool name the queue is mapped to, or null. */
  async poolOf(project: string, queue: string): Promise<string | null> {
    const key = cacheKey(project, queue);
    const cached = this.cache.get(key);
    if (cached && cached.until > Date.now()) return cached.pool;
    let pool: string | null;
    try {
      pool = (await this.control.catalogue.get(project, queue)).pool;
    } catch (error) {
      if (!isZaqarError(error, 'ZAQAR_QUEUE_NOT_MAPPED')) throw error;
      pool = null;
    }
    if (pool !== null) this.remember(project, queue, pool);
    return pool;
  }

  /** The store serving the queue; undefined when it is mapped nowhere and there is no virtual pool. */
  async storeFor(project: string, queue: string): Promise<DataDriver | undefined> {
    const pool = await this.poolOf(project, queue);
    if (pool === null) return this.virtual;
    try {
      return await this.stores.storeNamed(pool);
    } catch (error) {
      throw new StorageUnavailable(`Pool ${pool} is unavailable.`, error);
    }
  }

  /** Maps a new queue to a pool of its flavor (nothing when only the virtual pool can take it). */
  async place(project: string, queue: string, flavor: string | null): Promise<void> {
    const candidates = flavor === null ? await this.control.pools.getByFlavor(null) : await this.flavorPools(project, flavor);
    const chosen = choosePool(candidates);
    if (!chosen) {
      if (this.virtual && flavor === null) return;
      throw new StorageUnavailable(flavor === null ? 'No pools registered' : `No pool of flavor ${flavor} can take queues`);
    }
    // Another node may be placing the same queue right now: the first mapping written wins for both.
    const { catalogue } = this.control;
    const pool = catalogue.insertIfAbsent
      ? await catalogue.insertIfAbsent(project, queue, chosen.name)
      : (await catalogue.insert(project, queue, chosen.name), chosen.name);
    this.remember(project, queue, pool);
  }

  /** Maps a queue to a given pool (a dead-letter queue to its source queue's pool). */
  async map(project: string, queue: string, pool: string): Promise<void> {
    await this.control.catalogue.insert(project, queue, pool);
    this.remember(project, queue, pool);
  }

  async unmap(project: string, queue: string): Promise<void> {
    this.cache.delete(cacheKey(project, queue));
    await this.control.catalogue.delete(project, queue);
    this.cache.delete(cacheKey(project, queue));
  }

  private async flavorPools(project: string, flavor: string): Promise<Pool[]> {
    await this.control.flavors.get(project, flavor); // FlavorDoesNotExist: the request layer answers 400
    return this.control.pools.getByFlavor(flavor);
  }

  private remember(project: string, queue: string, pool: string): void {
    if (this.cacheMs <= 0) return;
    if (this.cache.size > 100_000) this.cache.clear();
    this.cache.set(cacheKey(project, queue), { pool, until: Date.now() + this.cacheMs });
  }
}

/** What an operation on a queue no store serves returns (the reference's "no controller" answers). */
type Fallbacks = Record<string, (project: string, queue: string, ...rest: unknown[]) => unknown>;

const EMPTY_PAGE = () => ({ items: [] });
const MESSAGE_FALLBACKS: Fallbacks = {
  post: (project, queue) => {
    throw new QueueDoesNotExist(queue, project);
  },
  list: EMPTY_PAGE,
  get: (project, queue, id) => {
    throw new MessageDoesNotExist(String(id), queue, project);
  },
  bulkGet: () => [],
  delete: () => undefined,
  bulkDelete: () => undefined,
  pop: () => [],
  stats: () => ({ claimed: 0, free: 0, delayed: 0, total: 0 }),
  deleteAll: () => undefined,
};
const CLAIM_FALLBACKS: Fallbacks = {
  create: () => null,
  get: (project, queue, id) => {
    throw new ClaimDoesNotExist(String(id), queue, project);
  },
  update: (project, queue, id) => {
    throw new ClaimDoesNotExist(String(id), queue, project);
  },
  delete: () => undefined,
};
const SUBSCRIPTION_FALLBACKS: Fallbacks = {
  list: EMPTY_PAGE,
  get: (_project, _queue, id) => {
    throw new SubscriptionDoesNotExist(String(id));
  },
  create: (project, queue) => {
    throw new QueueDoesNotExist(queue, project);
  },
  update: (_project, _queue, id) => {
    throw new SubscriptionDoesNotExist(String(id));
  },
  delete: () => undefined,
  getWithSubscriber: () => undefined,
  confirm: (_project, _queue, id) => {
    throw new SubscriptionDoesNotExist(String(id));
  },
  listAll: () => [],
};

/** The method names of a controller instance (own and along its prototype chain). */
function methodNames(controller: object): string[] {
  const names = new Set<string>(Object.keys(controller));
  for (
    let proto = Object.getPrototypeOf(controller) as object | null;
    proto && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto) as object | null
  ) {
    for (const name of Object.getOwnPropertyNames(proto)) names.add(name);
  }
  return [...names].filter((name) => name !== 'constructor' && typeof (controller as Record<string, unknown>)[name] === 'function');
}

/**
 * A controller whose (project, queue, …) methods run on the queue's store: a
 * plain object with one method per method of `template` (the configured
 * store's controller), so storage pipeline stages, which enumerate a
 * controller's methods to wrap them, see every one.
 */
function routed<C extends object>(catalogue: PoolCatalogue, template: object, pick: (store: DataDriver) => C, fallbacks: Fallbacks, extra: Partial<C> = {}): C {
  const controller: Record<string, unknown> = {};
  for (const name of new Set([...methodNames(template), ...Object.keys(fallbacks)])) {
    controller[name] = async (project: string, queue: string, ...rest: unknown[]) => {
      const store = await catalogue.storeFor(project, queue);
      if (!store) {
        const fallback = fallbacks[name];
        if (!fallback) throw new QueueDoesNotExist(queue, project);
        return fallback(project, queue, ...rest);
      }
      const target = pick(store) as Record<string, (...args: unknown[]) => unknown>;
      return target[name](project, queue, ...rest);
    };
  }
  return Object.assign(controller, extra) as C;
}

/** A pool store's idempotency keys; a store without them refuses keyed posts (400). */
function idempotencyOf(store: DataDriver): IdempotencyController {
  if (store.idempotency) return store.idempotency;
  throw new ApiError(400, 'Invalid API request', "The message store of this queue's pool cannot keep Idempotency-Key records; post without the header.");
}

/** The message store of a pooled deployment: routes each queue's data to its pool. */
export class PooledDataDriver implements DataDriver {
  readonly messages: MessageController;
  readonly claims: ClaimController;
  readonly subscriptions: SubscriptionController;
  readonly events: PooledEvents;
  /** Keys live in each queue's pool store (present when the configured message store keeps them). */
  readonly idempotency?: IdempotencyController;

  constructor(
    private readonly catalogue: PoolCatalogue,
    private readonly control: ControlDriver,
    /** The configured message store: capabilities, cross-process notices, virtual pool. */
    private readonly base: DataDriver,
    logger: Logger,
    /** Where posts to queues whose stores have no channel are announced when the configured store has none either (a cluster's relay). */
    fallbackEvents?: MessageEvents,
  ) {
    this.events = new PooledEvents(catalogue, base.events ?? fallbackEvents, logger);
    // Every pool's counts by kind; a pool's store that answers a plain total makes the sum one too.
    const collectGarbage = async (): Promise<GarbageResult> => {
      const tally: GarbageTally = {};
      const stores = (await catalogue.stores.all()).flatMap((entry) => (entry.store ? [entry.store] : []));
      if (catalogue.virtual) stores.push(catalogue.virtual);
      for (const result of await Promise.allSettled(stores.map((store) => store.messages.collectGarbage()))) {
        if (result.status === 'fulfilled') addGarbage(tally, result.value);
      }
      return tally.unsplit ? garbageTotal(tally) : { messages: tally.messages ?? 0, claims: tally.claims ?? 0, subscriptions: tally.subscriptions ?? 0 };
    };
    this.messages = routed<MessageController>(catalogue, base.messages, (s) => s.messages, MESSAGE_FALLBACKS, { collectGarbage });
    this.claims = routed<ClaimController>(catalogue, base.claims, (s) => s.claims, CLAIM_FALLBACKS);
    this.subscriptions = routed<SubscriptionController>(catalogue, base.subscriptions, (s) => s.subscriptions, SUBSCRIPTION_FALLBACKS);
    if (base.idempotency) {
      const collectKeys = async (): Promise<number> => {
        const stores = (await catalogue.stores.all()).flatMap((entry) => (entry.store?.idempotency ? [entry.store.idempotency] : []));
        if (catalogue.virtual?.idempotency) stores.push(catalogue.virtual.idempotency);
        const results = await Promise.allSettled(stores.map((store) => store.collectGarbage()));
        return results.reduce((sum, result) => sum + (result.status === 'fulfilled' ? result.value : 0), 0);
      };
      this.idempotency = routed<IdempotencyController>(catalogue, base.idempotency, idempotencyOf, {}, { collectGarbage: collectKeys });
    }
  }

  get capabilities() {
    return this.base.capabilities;
  }

  /** The base store is opened by the composition root; pool stores open on first use. */
  async open(): Promise<void> {}

  /** The catalogue (management store) answers. */
  isAlive(): Promise<boolean> {
    return this.control.isAlive();
  }

  async close(): Promise<void> {
    await this.catalogue.stores.close();
  }
}

/** The message-store name of a topic's messages and subscriptions (core's topicStorageName): topics are placed under it. */
export const topicStorageName = (topic: string): string => `~${topic}`;

/**
 * The management store's queue controller with placement on create and
 * unmapping on delete. Also serves its topics controller (same contract):
 * `storageName` maps a topic to the message-store name its data is routed by.
 */
export function pooledQueues(queues: QueueController, catalogue: PoolCatalogue, storageName: (name: string) => string = (name) => name): QueueController {
  /**
   * A queue's store moves its dead letters into its dead-letter queue within
   * itself, so that queue must live on the same pool: an unmapped one is
   * mapped there; one already on another pool is refused (400).
   */
  const keepDeadLettersTogether = async (project: string, queue: string, metadata: Readonly<Record<string, unknown>> | undefined) => {
    const dlq = deadLetterQueueOf(metadata);
    const pool = await catalogue.poolOf(project, storageName(queue));
    if (dlq === null || dlq === queue || pool === null) return;
    const dlqPool = await catalogue.poolOf(project, dlq);
    if (dlqPool === null && !(await queues.exists(project, dlq))) await catalogue.map(project, dlq, pool);
    else if (dlqPool !== pool) {
      throw new ApiError(
        400,
        'Invalid request body',
        `The dead letter queue ${dlq} is kept by another pool than queue ${queue}: messages cannot be moved between pools. Use a dead letter queue created after this queue's.`,
      );
    }
  };
  const create: QueueController['create'] = async (project, queue, metadata) => {
    // An existing queue keeps its place (also one the virtual pool holds); only a new one is placed,
    // on its dead-letter queue's pool when that one is placed already.
    if ((await catalogue.poolOf(project, storageName(queue))) === null && !(await queues.exists(project, queue))) {
      const dlq = deadLetterQueueOf(metadata);
      const dlqPool = dlq === null ? null : await catalogue.poolOf(project, dlq);
      if (dlqPool !== null) await catalogue.map(project, storageName(queue), dlqPool);
      else await catalogue.place(project, storageName(queue), flavorOf(metadata));
      await keepDeadLettersTogether(project, queue, metadata);
    }
    return queues.create(project, queue, metadata);
  };
  const setMetadata: QueueController['setMetadata'] = async (project, queue, metadata) => {
    const current = await queues.getMetadata(project, queue);
    const before = flavorOf(current);
    const after = flavorOf(metadata);
    if (deadLetterQueueOf(metadata) !== deadLetterQueueOf(current)) await keepDeadLettersTogether(project, queue, metadata);
    if (before !== after) {
      // Unlike the reference, which drops the mapping (and so the queue's messages), a flavor change is refused.
      throw new ApiError(
        400,
        'Invalid request body',
        `The flavor of queue ${queue} cannot be changed: its messages are kept by the pool it was placed on. Create a new queue with the flavor instead.`,
      );
    }
    return queues.setMetadata(project, queue, metadata);
  };
  const remove: QueueController['delete'] = async (project, queue) => {
    await queues.delete(project, queue);
    await catalogue.unmap(project, storageName(queue));
  };
  // A plain object (every method of the store's controller, bound, with three replaced), so pipeline stages enumerate its methods.
  const controller: Record<string, unknown> = {};
  for (const name of methodNames(queues)) controller[name] = (queues as unknown as Record<string, (...args: unknown[]) => unknown>)[name].bind(queues);
  return Object.assign(controller, { create, setMetadata, delete: remove }) as unknown as QueueController;
}
