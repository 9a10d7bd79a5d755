/**
 * The members each namespace's contract requires of what a plugin's `create()`
 * returns, checked by the loader so a half-written plugin is refused at
 * startup naming what is missing (`claims.create`), not on the first request.
 * The lists are checked against the interfaces at compile time: adding a
 * method to a contract without listing it here fails the build.
 */
import type { Notifier } from '../notifier/notifier';
import type { CatalogueController } from '../storage/catalogue-controller';
import type { ClaimController } from '../storage/claim-controller';
import type { ControlDriver, DataDriver, StoreLifecycle } from '../storage/driver';
import type { FlavorsController } from '../storage/flavors-controller';
import type { MessageController } from '../storage/message-controller';
import type { PoolsController } from '../storage/pools-controller';
import type { QueueController } from '../storage/queue-controller';
import type { SubscriptionController } from '../storage/subscription-controller';
import type { TransportDriver } from '../transport/transport-driver';
import { NAMESPACES } from './plugin-module';

/** Names of the members of T that are not optional. */
type RequiredKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? never : K }[keyof T] & string;

/** `names`, which must list every required member of T (a compile error names the one left out). */
function every<T>() {
  return <const N extends readonly RequiredKeys<T>[]>(
    ...names: N & ([Exclude<RequiredKeys<T>, N[number]>] extends [never] ? unknown : { missing: Exclude<RequiredKeys<T>, N[number]> })
  ): readonly string[] => names;
}

/** Methods of each part of a contract; `''` is the object itself. */
type Shape = Readonly<Record<string, readonly string[]>>;

const LIFECYCLE = every<StoreLifecycle>()('open', 'isAlive', 'close');

const DATA_STORE: Shape = {
  '': LIFECYCLE,
  messages: every<MessageController>()('post', 'list', 'get', 'bulkGet', 'delete', 'bulkDelete', 'pop', 'stats', 'deleteAll', 'collectGarbage'),
  claims: every<ClaimController>()('create', 'get', 'update', 'delete'),
  subscriptions: every<SubscriptionController>()('list', 'get', 'create', 'update', 'delete', 'getWithSubscriber', 'confirm', 'listAll'),
};
// Compile-time checks that the parts above are all the driver's members:
every<DataDriver>()('open', 'isAlive', 'close', 'capabilities', 'messages', 'claims', 'subscriptions');

const CONTROL_STORE: Shape = {
  '': LIFECYCLE,
  queues: every<QueueController>()('list', 'get', 'getMetadata', 'setMetadata', 'create', 'exists', 'delete', 'count'),
  pools: every<PoolsController>()('list', 'create', 'get', 'exists', 'getByFlavor', 'update', 'delete'),
  catalogue: every<CatalogueController>()('list', 'get', 'exists', 'insert', 'delete', 'update'),
  flavors: every<FlavorsController>()('list', 'create', 'get', 'exists', 'delete'),
};
every<ControlDriver>()('open', 'isAlive', 'close', 'queues', 'pools', 'catalogue', 'flavors');

/** What `create()` must return, per namespace, and how messages name it. */
const CONTRACTS: Readonly<Record<string, { noun: string; shape: Shape }>> = {
  [NAMESPACES.dataStorage]: { noun: 'a message store', shape: DATA_STORE },
  [NAMESPACES.controlStorage]: { noun: 'a management store', shape: CONTROL_STORE },
  [NAMESPACES.transport]: { noun: 'a transport', shape: { '': every<TransportDriver>()('listen', 'close') } },
  [NAMESPACES.notifiers]: { noun: 'a notifier', shape: { '': every<Notifier>()('notify') } },
  // Stages implement any subset of the controllers' methods: nothing is required.
};

/**
 * The first member `instance` lacks for `namespace`'s contract (e.g. `claims.create`,
 * `listen`), as the problem text of a refusal; undefined when it has them all or the
 * namespace has no contract.
 */
export function contractProblem(namespace: string, instance: unknown): string | undefined {
  const contract = CONTRACTS[namespace];
  if (!contract) return undefined;
  if (instance === null || (typeof instance !== 'object' && typeof instance !== 'function'))
    return `create() returned ${instance === null ? 'null' : typeof instance}, not ${contract.noun}`;
  for (const [part, methods] of Object.entries(contract.shape)) {
    const target = part === '' ? instance : (instance as Record<string, unknown>)[part];
    if (target === null || typeof target !== 'object') return `create() returned ${contract.noun} without ${part}`;
    const missing = methods.find((name) => typeof (target as Record<string, unknown>)[name] !== 'function');
    if (missing !== undefined) return `create() returned ${contract.noun} without ${part === '' ? missing : `${part}.${missing}`}`;
  }
  if (namespace === NAMESPACES.dataStorage && !Array.isArray((instance as { capabilities?: unknown }).capabilities))
    return `create() returned ${contract.noun} without capabilities`;
  return undefined;
}
