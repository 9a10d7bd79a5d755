import {
  Capability,
  type ClaimController,
  type DataDriver,
  type IdempotencyController,
  type MessageController,
  type SubscriptionController,
} from '@zaqarjs/core';
import { ensureIndexes, IDEMPOTENCY_INDEXES, messageIndexes, SUBSCRIBER_LOCK_INDEXES, SUBSCRIPTION_INDEXES } from './connection/indexes';
import type { MongoConnection } from './connection/mongo-connection';
import { MongoClaimController } from './messages/claim-controller';
import { MongoIdempotencyController } from './messages/idempotency-controller';
import { MessageStoreContext } from './messages/message-store-context';
import { MongoMessageController } from './messages/message-controller';
import { CounterPoster, LockingPoster, type MessagePoster } from './messages/posting';
import { MongoSubscriptionController } from './messages/subscription-controller';
import { MongoStore } from './mongo-store';
import type { MongoStoreOptions } from './options';
import { guarded } from './util/guard';

/** Which reference driver this is: `mongodb` or `mongodb.fifo`. */
export type MongoDataFlavor = 'mongodb' | 'mongodb.fifo';

/** Message store on MongoDB: messages, claims and subscriptions. */
export class MongoDataDriver extends MongoStore implements DataDriver {
  readonly capabilities: readonly Capability[];
  readonly messages: MessageController;
  readonly claims: ClaimController;
  readonly subscriptions: SubscriptionController;
  readonly idempotency: IdempotencyController;
  private readonly ctx: MessageStoreContext;

  constructor(options: MongoStoreOptions, flavor: MongoDataFlavor = 'mongodb') {
    super(options);
    const fifo = flavor === 'mongodb.fifo';
    this.ctx = new MessageStoreContext(this.connection, { database: this.database, partitions: options.partitions ?? 2, fifo }, this.now);
    const poster: MessagePoster = fifo
      ? new LockingPoster(this.ctx, {
          maxAttempts: options.maxAttempts ?? 1000,
          maxSleep: options.maxRetrySleep ?? 0.1,
          maxJitter: options.maxRetryJitter ?? 0.005,
        })
      : new CounterPoster(this.ctx);
    // The reference's capability sets, naming inversion included.
    this.capabilities = Object.freeze(
      fifo
        ? [Capability.CLAIMS, Capability.DURABILITY, Capability.AOD, Capability.HIGH_THROUGHPUT]
        : [Capability.FIFO, Capability.CLAIMS, Capability.DURABILITY, Capability.AOD, Capability.HIGH_THROUGHPUT],
    );
    this.messages = guarded(new MongoMessageController(this.ctx, poster), this.retry);
    this.claims = guarded(new MongoClaimController(this.ctx, poster), this.retry);
    this.subscriptions = guarded(new MongoSubscriptionController(this.ctx), this.retry);
    this.idempotency = guarded(new MongoIdempotencyController(this.ctx), this.retry);
  }

  protected async prepare(connection: MongoConnection): Promise<void> {
    await connection.assertReliable(this.options.unreliable ?? false);
    for (const collection of this.ctx.allMessages()) await ensureIndexes(collection, messageIndexes(this.ctx.layout.fifo), this.options.logger);
    await ensureIndexes(this.ctx.subscriptions(), SUBSCRIPTION_INDEXES, this.options.logger);
    await ensureIndexes(this.ctx.subscriberLocks(), SUBSCRIBER_LOCK_INDEXES, this.options.logger);
    await ensureIndexes(this.ctx.idempotencyKeys(), IDEMPOTENCY_INDEXES, this.options.logger);
  }
}
