/**
 * What a `mailto:` subscriber receives (semantics §19.8): one text/plain
 * e-mail per message whose body is the JSON of the message with `queue_name`
 * (written as the reference's jsonutils.dumps), To the URI's address, From
 * `options.from`, Subject the URI's `subject` parameter (keys
 * case-insensitive), else `options.subject`. Confirmations (§19.7) use the
 * operator's templates and a link to `external_confirmation_url`.
 */
import { pythonJsonDumps, type Subscription } from '@zaqarjs/core';
import type { MailSettings } from './mail-settings';

export interface Mail {
  to: string;
  from: string;
  subject: string;
  text: string;
}

/** Address and lower-cased query parameters (first value of each) of a `mailto:` URI. */
export function parseMailto(uri: string): { address: string; params: Record<string, string> } {
  const rest = uri.replace(/^mailto:/i, '');
  const q = rest.indexOf('?');
  const address = decodeURIComponent(q < 0 ? rest : rest.slice(0, q));
  const params: Record<string, string> = {};
  if (q >= 0) {
    for (const [key, value] of new URLSearchParams(rest.slice(q + 1))) {
      const lower = key.toLowerCase();
      if (!(lower in params)) params[lower] = value;
    }
  }
  return { address, params };
}

const text = (value: unknown) => (typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value));

/** The e-mail of one notification. */
export function notificationMail(subscription: Subscription, document: Record<string, unknown>): Mail {
  const { address, params } = parseMailto(subscription.subscriber);
  const options = subscription.options ?? {};
  return { to: address, from: text(options.from), subject: params.subject ?? text(options.subject), text: pythonJsonDumps(document) };
}

/** The confirmation link: `external_confirmation_url` with the signed URL's parts as query parameters (encoded, unlike the reference). */
export function confirmationLink(base: string, message: Record<string, unknown>, queue: string): string {
  const params = new URLSearchParams({
    Signature: text(message['URL-Signature']),
    Methods: text(message['URL-Methods']),
    Paths: text(message['URL-Paths']),
    Project: text(message['X-Project-ID']),
    Expires: text(message['URL-Expires']),
    Url: text(message.WSGISubscribeURL),
    Queue: queue,
  });
  return `${base}?${params.toString()}`;
}

/** Python's `str.format` for `{0}`, `{1}`, `{2}` (the template placeholders); `{{`/`}}` are literal braces. */
function formatTemplate(template: string, values: readonly string[]): string {
  return template.replace(/\{\{|\}\}|\{(\d)\}/g, (match, index: string | undefined) => (index === undefined ? match[0] : (values[Number(index)] ?? match)));
}

/** The e-mail of a SubscriptionConfirmation or UnsubscribeConfirmation message; throws without `external_confirmation_url`. */
export function confirmationMail(settings: Readonly<MailSettings>, subscription: Subscription, message: Record<string, unknown>): Mail {
  if (!settings.external_confirmation_url) throw new Error("Can't make confirmation email body, need a valid confirm url.");
  const template =
    message.Message_Type === 'UnsubscribeConfirmation' ? settings.unsubscribe_confirmation_email_template : settings.subscription_confirmation_email_template;
  const queue = subscription.source;
  const link = confirmationLink(settings.external_confirmation_url, message, queue);
  return {
    to: parseMailto(subscription.subscriber).address,
    from: template.sender ?? '',
    subject: template.topic ?? '',
    text: template.body === undefined ? '' : formatTemplate(template.body, [queue, text(message['X-Project-ID']), link]),
  };
}
