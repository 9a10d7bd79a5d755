/**
 * The stores of a pooled deployment, as the composition root serves them with
 * `[DEFAULT] pooling` (and the pooled test back end wires them): the
 * management store with queues and topics placed through the catalogue, and
 * the message store routing each queue's data to its pool.
 */
import type { ControlDriver, DataDriver, Logger, MessageEvents } from '@zaqarjs/core';
import type { PoolStores } from './pool-stores';
import { PoolCatalogue, PooledDataDriver, pooledQueues, topicStorageName } from './pooled-driver';

export interface PooledStores {
  control: ControlDriver;
  data: DataDriver;
}

/**
 * Wraps the configured stores for pooling. `base` is the configured message
 * store (capabilities, events); with `virtualPool` it also serves the queues
 * the catalogue maps to no pool. `fallbackEvents` carries the notices of
 * queues whose stores have no channel of their own when `base` has none either.
 */
export function pooledStores(
  control: ControlDriver,
  base: DataDriver,
  pools: PoolStores,
  virtualPool: boolean,
  logger: Logger,
  fallbackEvents?: MessageEvents,
): PooledStores {
  const catalogue = new PoolCatalogue(control, pools, virtualPool ? base : undefined);
  const queues = pooledQueues(control.queues, catalogue);
  // Topics are placed like queues (as the reference's pooling does), their data under its message-store name.
  const topics = control.topics && pooledQueues(control.topics, catalogue, topicStorageName);
  const pooledControl = new Proxy(control, {
    get: (target, prop) => {
      if (prop === 'queues') return queues;
      if (prop === 'topics' && topics) return topics;
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { control: pooledControl, data: new PooledDataDriver(catalogue, control, base, logger, fallbackEvents) };
}
