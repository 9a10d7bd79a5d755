import { Capability, type DataDriver } from '@zaqarjs/core';
import { MemoryClaims } from './memory-claims';
import { MemoryIdempotency } from './memory-idempotency';
import { MemoryMessages } from './memory-messages';
import { MemorySubscriptions } from './memory-subscriptions';
import { type Clock, MemoryState, realClock } from './state';

/**
 * A message store kept in memory: for tests of the request layer and the
 * transports that must not depend on a database. It implements the full
 * storage contract (checked by the storage contract suite).
 */
export class MemoryDataDriver implements DataDriver {
  readonly capabilities = [Capability.FIFO, Capability.CLAIMS, Capability.AOD] as const;
  readonly messages: MemoryMessages;
  readonly claims: MemoryClaims;
  readonly subscriptions: MemorySubscriptions;
  readonly idempotency: MemoryIdempotency;
  private readonly state: MemoryState;

  constructor(now: Clock = realClock) {
    this.state = new MemoryState(now);
    this.messages = new MemoryMessages(this.state);
    this.claims = new MemoryClaims(this.state);
    this.subscriptions = new MemorySubscriptions(this.state);
    this.idempotency = new MemoryIdempotency(now);
  }

  async open(): Promise<void> {}

  async isAlive(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {
    this.state.queues.clear();
    this.state.subscriptions.clear();
  }
}
