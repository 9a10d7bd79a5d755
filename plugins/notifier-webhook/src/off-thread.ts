/** The webhook notifier as the delivery thread builds it (WebhookNotifier's `offThread` names this module). */
import type { Notifier } from '@zaqarjs/core';
import { WebhookNotifier, type WebhookSettings } from './webhook-notifier';

export function createNotifier(settings: Pick<WebhookSettings, 'timeoutMs'>): Notifier {
  return new WebhookNotifier({ timeoutMs: settings.timeoutMs });
}
