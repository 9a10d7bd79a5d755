import {
  Capability,
  type ClaimController,
  type DataDriver,
  type IdempotencyController,
  type MessageController,
  type SubscriptionController,
} from '@zaqarjs/core';
import { serverOnThisHost } from './connection/this-host';
import { RedisMessageEvents } from './events';
import { RedisClaimController } from './messages/claim-controller';
import { RedisIdempotencyController } from './messages/idempotency-controller';
import { RedisMessageController } from './messages/message-controller';
import { RedisSubscriptionController } from './messages/subscription-controller';
import type { RedisStoreOptions } from './options';
import { RedisStore } from './redis-store';
import { guarded } from './util/guard';

/** Message store on Redis: messages, claims, subscriptions, and pub/sub "posted" notices. */
export class RedisDataDriver extends RedisStore implements DataDriver {
  /** The reference's set: Redis gives no durability guarantee. */
  readonly capabilities: readonly Capability[] = Object.freeze([Capability.FIFO, Capability.CLAIMS, Capability.AOD, Capability.HIGH_THROUGHPUT]);
  readonly messages: MessageController;
  readonly claims: ClaimController;
  readonly subscriptions: SubscriptionController;
  readonly events: RedisMessageEvents;
  readonly idempotency: IdempotencyController;
  /** With Redis on this host, `workers = 0` leaves it a core (one worker served more than two on 2 cores). */
  readonly serverOnThisHost: boolean;

  constructor(options: RedisStoreOptions) {
    super(options);
    this.serverOnThisHost = serverOnThisHost(this.target);
    this.messages = guarded(new RedisMessageController(this.ctx));
    this.claims = guarded(new RedisClaimController(this.ctx));
    this.subscriptions = guarded(new RedisSubscriptionController(this.ctx));
    this.idempotency = guarded(new RedisIdempotencyController(this.ctx));
    this.events = new RedisMessageEvents(
      () => this.ctx.client,
      () => this.newClient(),
      this.ctx.keys.eventsChannel,
      this.ctx.noticesSent,
    );
  }

  protected override async beforeClose(): Promise<void> {
    await this.events.stop();
  }
}
