/**
 * A failed delivery, as a notifier reports it. Recognised by `code` (never
 * `instanceof`: a plugin may bring its own copy of core). `retryable` false
 * (e.g. a 4xx answer) ends the delivery at once; any other rejection —
 * connection refused, timeout, 5xx, an unexpected error — is retried.
 */
export const NOTIFICATION_FAILED = 'ZAQAR_NOTIFICATION_FAILED';

export class NotificationFailed extends Error {
  readonly code = NOTIFICATION_FAILED;

  constructor(
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'NotificationFailed';
  }
}

/** Whether a notifier's rejection should be retried. */
export function isRetryable(error: unknown): boolean {
  return !(error !== null && typeof error === 'object' && (error as { retryable?: unknown }).retryable === false);
}
