/** Entry points `zaqar.notification.tasks: http, https`. */
import type { Notifier, PluginContext, PluginModule } from '@zaqarjs/core';
import { OPTIONS, timeoutMs } from './options';
import { WebhookNotifier } from './webhook-notifier';

export const options = [OPTIONS];

export function create(ctx: PluginContext): Notifier {
  return new WebhookNotifier({ timeoutMs: timeoutMs(ctx.conf) });
}

const plugin: PluginModule<Notifier> = { options, create };
export default plugin;
export { WebhookNotifier, webhookBody, notificationDocument, type WebhookSettings } from './webhook-notifier';
export { post } from './post';
