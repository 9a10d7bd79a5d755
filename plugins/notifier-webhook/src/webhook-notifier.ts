/**
 * The `http`/`https` notifier (semantics §19.4): one POST per message, body
 * the JSON of the notification as Python's json.dumps writes it (keys ttl,
 * body, Message_Type, queue_name; `", "` and `": "` separators; non-ASCII
 * escaped), or `options.post_data` with every `"$zaqar_message$"` replaced by
 * it; headers `Content-Type: application/json` then `options.post_headers`.
 * Unlike the reference: a request timeout, and a 5xx is reported retryable
 * (a 4xx is final), which the caller's retry schedule acts on.
 */
import { join } from 'node:path';
import { NotificationFailed, pythonJsonDumps, type Notification, type Notifier, type OffThreadNotifier, type Subscription } from '@zaqarjs/core';
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
  return bodyOf(pythonJsonDumps(message), postData);
}

/** `json`, or `postData` (a string) with every `"$zaqar_message$"` replaced by it. */
function bodyOf(json: string, postData: unknown): string {
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

/** off-thread.js beside this module's compiled file (the compiled one when this runs from source, as under ts-jest). */
function offThreadModule(): string {
  return join(__filename.endsWith('.ts') ? join(__dirname, '../dist') : __dirname, 'off-thread.js');
}

/** Subscriber URLs parsed at most (a post parses each subscriber once, not once per message). */
const MAX_URLS = 10_000;

export class WebhookNotifier implements Notifier {
  /** The JSON of each notification being delivered: the fan-out hands the same object to every subscriber, so it is encoded once per message. */
  private readonly encoded = new WeakMap<Notification, string>();
  private readonly urls = new Map<string, URL>();

  /** Plain webhooks run in the delivery thread; with `authHeaders` (trust tokens from this process's authenticator) they stay here. */
  readonly offThread?: OffThreadNotifier;

  constructor(private readonly settings: Readonly<WebhookSettings>) {
    if (!settings.authHeaders) this.offThread = { module: offThreadModule(), settings: { timeoutMs: settings.timeoutMs } };
  }

  notify(subscription: Subscription, notification: Notification): Promise<void> {
    let json = this.encoded.get(notification);
    if (json === undefined) {
      json = pythonJsonDumps(notificationDocument(notification));
      this.encoded.set(notification, json);
    }
    return this.deliver(subscription, json);
  }

  /** POSTs a confirmation message (§19.7) with `queue_name` added, like a notification. */
  confirm(subscription: Subscription, message: Record<string, unknown>): Promise<void> {
    return this.send(subscription, { ...message, queue_name: subscription.source });
  }

  /** POSTs `document` (a notification or a confirmation message) to the subscriber. */
  send(subscription: Subscription, document: Record<string, unknown>): Promise<void> {
    return this.deliver(subscription, pythonJsonDumps(document));
  }

  /** POSTs `json` (the encoded document), or `options.post_data` with it in place of `"$zaqar_message$"`. */
  private async deliver(subscription: Subscription, json: string): Promise<void> {
    const url = this.urlOf(subscription.subscriber);
    const options = subscription.options ?? {};
    const body = bodyOf(json, options.post_data);
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

  /** The URL a subscriber POSTs to (without `trust+`), parsed once per subscriber; throws on an invalid one as `new URL` does. */
  private urlOf(subscriber: string): URL {
    let url = this.urls.get(subscriber);
    if (!url) {
      url = new URL(subscriber.replace(/^trust\+/, ''));
      if (this.urls.size >= MAX_URLS) this.urls.delete(this.urls.keys().next().value as string);
      this.urls.set(subscriber, url);
    }
    return url;
  }
}
