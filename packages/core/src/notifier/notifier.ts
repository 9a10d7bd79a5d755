import type { Subscription } from '../storage/types';

/** What a notifier delivers: the posted message after defaults, plus the reference's markers. */
export interface Notification {
  id?: string;
  body: unknown;
  ttl: number;
  Message_Type: 'Notification';
  queue_name: string;
}

/**
 * How a notifier is rebuilt in the delivery thread: `module` (an absolute
 * path) exports `createNotifier(settings)`, which returns an equivalent
 * notifier; `settings` must survive structured cloning.
 */
export interface OffThreadNotifier {
  module: string;
  settings: unknown;
}

/**
 * Delivers notifications to one subscriber URI scheme (namespace
 * `zaqar.notification.tasks`, keyed by scheme: `http`, `https`, `mailto`, `trust+http`...).
 */
export interface Notifier {
  /** Sends one notification; rejects when delivery failed (the caller retries per policy). */
  notify(subscription: Subscription, notification: Notification, project: string): Promise<void>;
  /**
   * Sends a confirmation message of the confirmation flow (semantics §19.7:
   * `Message_Type` SubscriptionConfirmation or UnsubscribeConfirmation, the
   * signed confirm URL) in this scheme's way; rejects when it was not sent.
   * Optional: a notifier without it gets no confirmations (logged).
   */
  confirm?(subscription: Subscription, message: Record<string, unknown>, project: string): Promise<void>;
  /**
   * Present when deliveries can run in the delivery thread, off the thread
   * that answers requests (a notifier needing this process's state, e.g. the
   * authenticator, leaves it out and delivers here).
   */
  readonly offThread?: OffThreadNotifier;
}
