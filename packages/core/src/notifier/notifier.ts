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
}
