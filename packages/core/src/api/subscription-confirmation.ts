/**
 * The confirmation flow of `[notification] require_confirmation` (semantics
 * §19.7): the SubscriptionConfirmation message with a URL pre-signed for
 * `PUT …/subscriptions/<id>/confirm` (valid for the subscription's ttl) when
 * an HTTP client creates a subscription (or re-creates an unconfirmed one), and
 * the UnsubscribeConfirmation message (signed for the default subscription
 * ttl) when it is unconfirmed. Sent by the notifier of the subscriber's
 * scheme (`Notifier.confirm`), in the background: the request never waits for
 * the subscriber, and a failure is logged. Without `[signed_url] secret_key`
 * nothing is sent (an error is logged), as in the reference.
 */
import type { PublicEndpoints } from '../auth/authenticator';
import type { TransportConf } from '../config/options';
import { isPushSubscriberUri } from '../notifier/notification';
import type { Subscription } from '../storage/types';
import type { ApiDeps } from './context';
import { createSignedUrl } from './signed-url';
import { subscriberScheme } from './subscription-validation';

export type ConfirmationKind = 'SubscriptionConfirmation' | 'UnsubscribeConfirmation';

/**
 * The message of §19.7; the notifier adds `queue_name`. `WSGISubscribeURL` /
 * `WebSocketSubscribeURL` come first, and only for the services found in the
 * catalogue: the confirm path resolved against the endpoint as Python's
 * urljoin does (an absolute path replaces the endpoint's own path).
 */
export function confirmationMessage(
  kind: ConfirmationKind,
  key: string,
  subscription: Pick<Subscription, 'id' | 'source'>,
  project: string,
  collectionPath: string,
  validSeconds: number,
  nowMs = Date.now(),
  endpoints: PublicEndpoints = {},
): Record<string, unknown> {
  const path = `${collectionPath}/${subscription.source}/subscriptions/${subscription.id}/confirm`;
  const expires = new Date(nowMs + validSeconds * 1000).toISOString();
  const signed = createSignedUrl(key, [path], { methods: ['PUT'], project, expires, nowMs });
  const queue = subscription.source;
  const text =
    kind === 'SubscriptionConfirmation'
      ? `You have chosen to subscribe to the queue: ${queue}`
      : `You have unsubscribed successfully to the queue: ${queue}, you can resubscribe it by using confirmed=True.`;
  return {
    ...subscribeUrl('WSGISubscribeURL', endpoints.zaqar, path),
    ...subscribeUrl('WebSocketSubscribeURL', endpoints['zaqar-websocket'], path),
    Message_Type: kind,
    Message: text,
    'URL-Signature': signed.signature,
    'URL-Methods': signed.methods.join(','),
    'URL-Paths': path,
    'X-Project-ID': project,
    'URL-Expires': signed.expires,
    SubscribeBody: { confirmed: true },
    UnsubscribeBody: { confirmed: false },
  };
}

function subscribeUrl(name: string, endpoint: string | undefined, path: string): Record<string, string> {
  if (!endpoint) return {};
  try {
    return { [name]: new URL(path, endpoint).href };
  } catch {
    return {}; // not a URL: left out, as the reference's urljoin would make nothing useful of it
  }
}

export class SubscriptionConfirmations {
  constructor(private readonly deps: ApiDeps) {}

  /** `[notification] require_confirmation`. */
  get required(): boolean {
    return this.deps.conf.group<{ require_confirmation: boolean }>('notification').require_confirmation;
  }

  /** Starts sending `kind` to `subscription` (no-op unless confirmation is required); never throws. */
  send(kind: ConfirmationKind, project: string, subscription: Subscription): void {
    if (!this.required || isPushSubscriberUri(subscription.subscriber)) return;
    const { logger } = this.deps;
    const describe = { event: 'confirmation_not_sent', subscription_id: subscription.id, queue: subscription.source, project };
    const key = this.deps.conf.group<{ secret_key?: string }>('signed_url').secret_key;
    if (!key) return void logger.error(describe, `${kind} not sent: [signed_url] secret_key is not set`);
    const notifier = this.deps.notifiers?.get(subscriberScheme(subscription.subscriber));
    if (!notifier?.confirm)
      return void logger.warn(describe, `${kind} not sent: no notifier sends confirmations to ${subscriberScheme(subscription.subscriber)}`);
    const transport = this.deps.conf.group<TransportConf>('transport');
    const valid = kind === 'SubscriptionConfirmation' ? subscription.ttl : transport.default_subscription_ttl;
    const collectionPath = this.deps.collectionPath ?? '/v2/queues';
    const now = Date.now();
    this.endpoints()
      .then((endpoints) =>
        notifier.confirm!(subscription, confirmationMessage(kind, key, subscription, project, collectionPath, valid, now, endpoints), project),
      )
      .then(
        () => logger.info({ event: 'confirmation_sent', kind, subscription_id: subscription.id, queue: subscription.source, project }, `${kind} sent`),
        (error: unknown) => logger.warn({ ...describe, err: error }, `${kind} not delivered: ${(error as Error)?.message ?? error}`),
      );
  }

  /** The catalogue's endpoints; none when there is no catalogue or it cannot be read (logged: the confirmation still goes, without them). */
  private async endpoints(): Promise<PublicEndpoints> {
    try {
      return (await this.deps.publicEndpoints?.()) ?? {};
    } catch (error) {
      this.deps.logger.warn({ event: 'catalogue_unavailable', err: error }, 'Confirmation sent without WSGISubscribeURL: the catalogue could not be read');
      return {};
    }
  }
}
