import type { DataDriver } from '@zaqarjs/core';
import { describeSuite, FeatureGate, useDriver, type ContractContext, type ContractOptions } from '../harness';
import { claimsContract } from './claims.contract';
import { concurrencyContract, type ConcurrencyOptions } from './concurrency.contract';
import { deadLetterContract } from './dead-letter.contract';
import { deletePopStatsContract } from './delete-pop-stats.contract';
import type { MessageStoreFeature } from './fixtures';
import { idempotencyContract } from './idempotency.contract';
import { isolationExpiryContract } from './isolation-expiry.contract';
import { postAndListContract } from './post-list.contract';
import { subscriptionsContract } from './subscriptions.contract';

export type { MessageStoreFeature } from './fixtures';
export type { ConcurrencyOptions } from './concurrency.contract';

/** Makes a message store (not yet opened) that takes its time from `ctx.now`. */
export type DataDriverFactory = (ctx: ContractContext) => DataDriver | Promise<DataDriver>;

export interface MessageStoreContractOptions extends ContractOptions<MessageStoreFeature> {
  concurrency?: ConcurrencyOptions;
}

/**
 * Registers the message-store contract suite (messages, claims, dead-letter moves,
 * subscriptions, idempotency keys) as a jest `describe(name)`. One driver is created per suite; every
 * test works in its own project.
 */
export function runMessageStoreContract(name: string, factory: DataDriverFactory, options: MessageStoreContractOptions = {}): void {
  describeSuite(`message store contract: ${name}`, () => {
    const h = useDriver(factory);
    const gate = new FeatureGate<MessageStoreFeature>(options.skip, undefined, options.lacking);
    postAndListContract(h, gate);
    deletePopStatsContract(h, gate);
    claimsContract(h, gate);
    deadLetterContract(h, gate);
    isolationExpiryContract(h, gate);
    concurrencyContract(h, gate, options.concurrency);
    subscriptionsContract(h, gate);
    idempotencyContract(h, gate);
  });
}
