import type { ControlDriver, QueueController } from '@zaqarjs/core';
import { describeSuite, FeatureGate, useDriver, type ContractContext, type ContractOptions } from '../harness';
import { catalogueAndFlavorsContract } from './catalogue-flavors.contract';
import type { ControlStoreFeature } from './fixtures';
import { poolsContract } from './pools.contract';
import { queueCatalogContract } from './queues.contract';

export type { ControlStoreFeature } from './fixtures';

/** Makes a management store (not yet opened) that takes its time from `ctx.now`. */
export type ControlDriverFactory = (ctx: ContractContext) => ControlDriver | Promise<ControlDriver>;

export type ControlStoreContractOptions = ContractOptions<ControlStoreFeature>;

/**
 * Registers the management-store contract suite (queues, topics, pools, catalogue,
 * flavors) as a jest `describe(name)`. A store without a topic controller must say so
 * with `skip: { topics: '<reason>' }` (the driver only exists once the suite runs).
 */
export function runControlStoreContract(name: string, factory: ControlDriverFactory, options: ControlStoreContractOptions = {}): void {
  describeSuite(`control store contract: ${name}`, () => {
    const h = useDriver(factory);
    const gate = new FeatureGate<ControlStoreFeature>(options.skip, undefined, options.lacking);
    describe('queues', () => {
      queueCatalogContract(h, gate, { noun: 'queues', controller: (x) => x.driver.queues, missingCode: 'ZAQAR_QUEUE_DOES_NOT_EXIST' });
    });
    gate.describe('topics', 'topics', () => {
      const topics = (x: typeof h): QueueController => {
        if (!x.driver.topics) throw new Error('the driver has no topic controller; pass skip: { topics: "<reason>" }');
        return x.driver.topics;
      };
      queueCatalogContract(h, gate, { noun: 'topics', controller: topics, missingCode: 'ZAQAR_TOPIC_DOES_NOT_EXIST' });
    });
    poolsContract(h, gate);
    catalogueAndFlavorsContract(h, gate);
  });
}
