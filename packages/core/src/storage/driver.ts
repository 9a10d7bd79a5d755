import type { CatalogueController } from './catalogue-controller';
import type { ClaimController } from './claim-controller';
import type { FlavorsController } from './flavors-controller';
import type { IdempotencyController } from './idempotency-controller';
import type { MessageController } from './message-controller';
import type { MessageEvents } from './message-events';
import type { PoolsController } from './pools-controller';
import type { QueueController } from './queue-controller';
import type { SubscriptionController } from './subscription-controller';
import type { TopicController } from './topic-controller';
import type { Capability } from './types';

/** What a store reports for `/v2/health` and `/v2/ping`. */
export interface StoreHealth {
  reachable: boolean;
  /** Driver-specific extras (e.g. message volume). */
  details?: Record<string, unknown>;
}

/** Common life cycle of every store. */
export interface StoreLifecycle {
  /** Connects and prepares the schema; called once before serving. */
  open(): Promise<void>;
  /** Cheap liveness probe. */
  isAlive(): Promise<boolean>;
  /** Releases connections; the driver is unusable afterwards. */
  close(): Promise<void>;
}

/** Data plane (`[drivers] message_store`, entry-point namespace `zaqar.data.storage`). */
export interface DataDriver extends StoreLifecycle {
  readonly capabilities: readonly Capability[];
  readonly messages: MessageController;
  readonly claims: ClaimController;
  readonly subscriptions: SubscriptionController;
  /** Cross-process "messages posted" notices, when the store has a channel for them. */
  readonly events?: MessageEvents;
  /** Idempotency-Key records of message posts; absent: the store cannot keep them (a keyed post is refused). */
  readonly idempotency?: IdempotencyController;
  /**
   * True when server processes sharing the store slow each other down more than a second process
   * gains (an embedded file's one write lock): `[DEFAULT] workers = 0` then runs one process.
   */
  readonly prefersOneProcess?: boolean;
  /**
   * True when the store's server runs on this host (a loopback or Unix-socket address): it needs
   * CPU of its own, so `[DEFAULT] workers = 0` leaves it one core.
   */
  readonly serverOnThisHost?: boolean;
}

/** Control plane (`[drivers] management_store`, namespace `zaqar.control.storage`). */
export interface ControlDriver extends StoreLifecycle {
  readonly queues: QueueController;
  /** Absent when the store has no topic support. */
  readonly topics?: TopicController;
  readonly pools: PoolsController;
  readonly catalogue: CatalogueController;
  readonly flavors: FlavorsController;
}
