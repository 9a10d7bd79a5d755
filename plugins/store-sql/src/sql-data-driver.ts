import { Capability, type ClaimController, type DataDriver, type MessageController, type SubscriptionController } from '@zaqarjs/core';
import { SqlClaimController } from './messages/claim-controller';
import { SqlMessageController } from './messages/message-controller';
import { SqlSubscriptionController } from './messages/subscription-controller';
import type { SqlStoreOptions } from './options';
import { MESSAGE_STORE_MIGRATIONS } from './schema/message-schema';
import { SqlStore } from './sql-store';
import { guarded } from './util/guard';

/** Message store on SQL: messages, claims and subscriptions. */
export class SqlDataDriver extends SqlStore implements DataDriver {
  readonly capabilities: readonly Capability[] = Object.freeze([Capability.FIFO, Capability.CLAIMS, Capability.DURABILITY, Capability.AOD]);
  readonly messages: MessageController;
  readonly claims: ClaimController;
  readonly subscriptions: SubscriptionController;

  constructor(options: SqlStoreOptions) {
    super(options, 'message', MESSAGE_STORE_MIGRATIONS);
    this.messages = guarded(new SqlMessageController(this.ctx));
    this.claims = guarded(new SqlClaimController(this.ctx));
    this.subscriptions = guarded(new SqlSubscriptionController(this.ctx));
  }
}
