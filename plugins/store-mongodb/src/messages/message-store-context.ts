/** What the message-side controllers share: collections per partition, the clock, the retry policy. */
import { zlib } from './zlib';
import type { Collection } from 'mongodb';
import type { MongoConnection } from '../connection/mongo-connection';
import { EXACT_INTEGERS } from '../management/control-context';
import type { CounterDoc, MessageDoc } from './documents';
import type { IdempotencyDoc } from './idempotency-controller';
import type { SubscriberLockDoc, SubscriptionDoc } from './subscription-documents';

/** Database names of the message store. */
export interface MessageLayout {
  database: string;
  partitions: number;
  /** `mongodb.fifo` keeps its messages in `<database>_messages_fifo_p<N>`. */
  fifo: boolean;
}

export class MessageStoreContext {
  constructor(
    private readonly connection: () => MongoConnection,
    readonly layout: MessageLayout,
    readonly now: () => number,
  ) {}

  /** Partition of a queue: crc32(UTF-8(project + queue)) % partitions, as the reference. */
  partitionOf(project: string, queue: string): number {
    return zlib.crc32(Buffer.from(project + queue, 'utf8')) % this.layout.partitions;
  }

  partitionDbName(n: number): string {
    return `${this.layout.database}_messages_${this.layout.fifo ? 'fifo_' : ''}p${n}`;
  }

  /** The `messages` collection the queue's partition holds. */
  messages(project: string, queue: string): Collection<MessageDoc> {
    return this.partitionMessages(this.partitionOf(project, queue));
  }

  /** The marker counters of the queue's partition (`messages.stats`). */
  counters(project: string, queue: string): Collection<CounterDoc> {
    return this.connection()
      .messageDb(this.partitionDbName(this.partitionOf(project, queue)))
      .collection<CounterDoc>('messages.stats');
  }

  partitionMessages(n: number): Collection<MessageDoc> {
    // Int64 read as bigint: body integers beyond 2^53 stay exact (normalized in toStoredMessage).
    return this.connection().messageDb(this.partitionDbName(n)).collection<MessageDoc>('messages', EXACT_INTEGERS);
  }

  /** Every partition's `messages` collection (GC, indexes). */
  allMessages(): Collection<MessageDoc>[] {
    return Array.from({ length: this.layout.partitions }, (_, n) => this.partitionMessages(n));
  }

  subscriptions(): Collection<SubscriptionDoc> {
    return this.connection().messageDb(`${this.layout.database}_subscriptions`).collection<SubscriptionDoc>('subscriptions');
  }

  /** Idempotency-Key records of message posts (one document per project, queue and key). */
  idempotencyKeys(): Collection<IdempotencyDoc> {
    return this.connection().messageDb(`${this.layout.database}_idempotency`).collection<IdempotencyDoc>('keys');
  }

  /** One document per (project, queue, subscriber) in use: the uniqueness arbiter of subscriptions. */
  subscriberLocks(): Collection<SubscriberLockDoc> {
    return this.connection().messageDb(`${this.layout.database}_subscriptions`).collection<SubscriberLockDoc>('subscribers');
  }
}
