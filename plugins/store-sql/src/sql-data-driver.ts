import {
  Capability,
  type ClaimController,
  type DataDriver,
  type IdempotencyController,
  type MessageController,
  type MessageEvents,
  type SubscriptionController,
} from '@zaqarjs/core';
import { NotifyMessageEvents } from './events/notify-events';
import { SqlClaimController } from './messages/claim-controller';
import { SqlIdempotencyController } from './messages/idempotency-controller';
import { SqlMessageController } from './messages/message-controller';
import { SqlSubscriptionController } from './messages/subscription-controller';
import type { SqlStoreOptions } from './options';
import { MESSAGE_STORE_MIGRATIONS } from './schema/message-schema';
import { SqlStore } from './sql-store';
import { guarded } from './util/guard';

/**
 * Message store on SQL: messages, claims and subscriptions. On PostgreSQL it also
 * carries cross-process post notices (LISTEN/NOTIFY); SQLite and MySQL have no such
 * channel, so `events` is undefined there (single-process fan-out only).
 */
export class SqlDataDriver extends SqlStore implements DataDriver {
  readonly capabilities: readonly Capability[] = Object.freeze([Capability.FIFO, Capability.CLAIMS, Capability.DURABILITY, Capability.AOD]);
  readonly messages: MessageController;
  readonly claims: ClaimController;
  readonly subscriptions: SubscriptionController;
  readonly events?: MessageEvents;
  readonly idempotency: IdempotencyController;
  /**
   * On SQLite, processes take turns at the file's write lock and each one's writes empty the
   * others' page caches: one process beat two on this 2-core machine in every write workload.
   */
  readonly prefersOneProcess: boolean;

  constructor(options: SqlStoreOptions) {
    super(options, 'message', MESSAGE_STORE_MIGRATIONS);
    this.messages = guarded(new SqlMessageController(this.ctx));
    this.claims = guarded(new SqlClaimController(this.ctx));
    this.subscriptions = guarded(new SqlSubscriptionController(this.ctx));
    this.idempotency = guarded(new SqlIdempotencyController(this.ctx));
    this.prefersOneProcess = this.target.dialect === 'sqlite';
    if (this.target.dialect === 'postgresql') this.events = guarded(new NotifyMessageEvents(this.ctx, options.logger));
  }
}
