import type { Page, Subscription, SubscriptionUpdate } from './types';

/** Subscriptions of a queue, unique by (project, queue, subscriber); expired ones are never returned. */
export interface SubscriptionController {
  /** Ordered by id, strictly after `marker`. */
  list(project: string, queue: string, options: { marker?: string; limit: number }): Promise<Page<Subscription>>;
  /** Throws SubscriptionDoesNotExist. */
  get(project: string, queue: string, id: string): Promise<Subscription>;
  /** New subscription id, or null when (project, queue, subscriber) already exists. New ones are unconfirmed. */
  create(project: string, queue: string, subscriber: string, ttl: number, options: Record<string, unknown>): Promise<string | null>;
  /** A ttl change restarts the lifetime. Throws SubscriptionDoesNotExist / SubscriptionAlreadyExists. */
  update(project: string, queue: string, id: string, changes: SubscriptionUpdate): Promise<void>;
  /** Idempotent. */
  delete(project: string, queue: string, id: string): Promise<void>;
  /** The live subscription of that subscriber URI, or undefined. */
  getWithSubscriber(project: string, queue: string, subscriber: string): Promise<Subscription | undefined>;
  /** Sets the confirmed flag. Throws SubscriptionDoesNotExist. */
  confirm(project: string, queue: string, id: string, confirmed: boolean): Promise<void>;
  /** Every live subscription of the queue (for notification fan-out). */
  listAll(project: string, queue: string): Promise<Subscription[]>;
}
