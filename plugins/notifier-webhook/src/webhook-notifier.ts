/**
 * The `http`/`https` notifier (semantics §19.4): one POST per message, body
 * the JSON of the notification as Python's json.dumps writes it (keys ttl,
 * body, Message_Type, queue_name; `", "` and `": "` separators; non-ASCII
 * escaped), or `options.post_data` with every `"$zaqar_message$"` replaced by
 * it; headers `Content-Type: application/json` then `options.post_headers`.
 * Unlike the reference: a request timeout, and a 5xx is reported retryable
 * (a 4xx is final), which the caller's retry schedule acts on.
 */
import { NotificationFailed, pythonJsonDumps, type Notification, type Notifier, type Subscription } from '@zaqarjs/core';
import { post } from './post';

const MESSAGE_PLACEHOLDER = '"$zaqar_message$"';

export interface WebhookSettings {
  /** Deadline of one POST, in ms. */
  timeoutMs: number;
  /** Extra headers for one delivery (trust variant: `X-Auth-Token`), set before `post_headers`. */
  authHeaders?(subscription: Subscription): Promise<Record<string, string>>;
}

/** The body the reference sends: only its four keys, in its order (the message id is not part of it). */
export function webhookBody(message: Record<string, unknown>, postData: unknown): string {
  const json = pythonJsonDumps(message);
  return typeof postData === 'string' ? postData.split(MESSAGE_PLACEHOLDER).join(json) : json;
}

/** What is POSTed for a notification. */
export function notificationDocument(notification: Notification): Record<string, unknown> {
  const { ttl, body, Message_Type, queue_name } = notification;
  return { ttl, body, Message_Type, queue_name };
}

function headerValues(value: unknown): Record<string, string> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}

export class WebhookNotifier implements Notifier {
  constructor(private readonly settings: Readonly<WebhookSettings>) {}

  notify(subscription: Subscription, notification: Notification): Promise<void> {
    return this.send(subscription, notificationDocument(notification));
  }

  /** POSTs a confirmation message (§19.7) with `queue_name` added, like a notification. */
  confirm(subscription: Subscription, message: Record<string, unknown>): Promise<void> {
    return this.send(subscription, { ...message, queue_name: subscription.source });
  }

  /** POSTs `document` (a notification or a confirmation message) to the subscriber. */
  async send(subscription: Subscription, document: Record<string, unknown>): Promise<void> {
    const url = new URL(subscription.subscriber.replace(/^trust\+/, ''));
    const options = subscription.options ?? {};
    const body = webhookBody(document, options.post_data);
    const auth = this.settings.authHeaders ? await this.settings.authHeaders(subscription) : {};
    const headers = { 'Content-Type': 'application/json', ...auth, ...headerValues(options.post_headers) };
    const all = { ...headers, 'Content-Length': String(Buffer.byteLength(body)), 'User-Agent': 'zaqarjs-notifier', Accept: '*/*' };
    let status: number;
    try {
      ({ status } = await post(url, all, body, this.settings.timeoutMs));
    } catch (error) {
      // An invalid post_headers name or value is the subscription's fault: retrying cannot help.
      const invalid = /^ERR_(INVALID_HTTP_TOKEN|INVALID_CHAR|HTTP_INVALID_HEADER_VALUE)$/.test((error as { code?: string }).code ?? '');
      throw new NotificationFailed(`POST ${url.origin}${url.pathname}: ${(error as Error).message}`, !invalid, { cause: error });
    }
    if (status >= 400) throw new NotificationFailed(`POST ${url.origin}${url.pathname}: HTTP ${status}`, status >= 500);
  }
}
