/**
 * Entry points `zaqar.notification.tasks: trust+http, trust+https` (§19.9):
 * a webhook to the URL without `trust+`, with `X-Auth-Token` set to a token
 * scoped to the subscription's stored trust, from the authenticator's
 * `trustToken(trustId)` (the Keystone plugin has it). The authenticator is
 * resolved at delivery time: the composition root registers it after notifiers.
 */
import { NotificationFailed, resolveOptionalToken, TOKENS, type Notifier, type PluginContext, type PluginModule, type Subscription } from '@zaqarjs/core';
import { OPTIONS, timeoutMs } from './options';
import { WebhookNotifier } from './webhook-notifier';

interface TrustTokens {
  trustToken(trustId: string): Promise<string>;
}

function hasTrustTokens(value: unknown): value is TrustTokens {
  return typeof (value as Partial<TrustTokens> | undefined)?.trustToken === 'function';
}

export const options = [OPTIONS];

export function create(ctx: PluginContext): Notifier {
  const authHeaders = async (subscription: Subscription) => {
    const trustId = subscription.options?.trust_id;
    if (typeof trustId !== 'string' || trustId === '') throw new NotificationFailed('trust+ subscription without options.trust_id', false);
    const authenticator = resolveOptionalToken(ctx.container, TOKENS.AUTHENTICATOR);
    if (!hasTrustTokens(authenticator)) throw new NotificationFailed('trust+ subscriptions need auth_strategy = keystone', false);
    return { 'X-Auth-Token': await authenticator.trustToken(trustId) };
  };
  return new WebhookNotifier({ timeoutMs: timeoutMs(ctx.conf), authHeaders });
}

const plugin: PluginModule<Notifier> = { options, create };
export default plugin;
