import {
  authorizerFrom,
  type PluginContext,
  type PluginModule,
  PUSH_SUBSCRIBERS,
  PushSubscribers,
  resolveOptionalToken,
  resolveToken,
  SERVICE_COUNTERS,
  TOKENS,
  type TransportDriver,
} from '@zaqarjs/core';
import { websocketOptions } from './options';
import { WebsocketTransport } from './websocket-transport';

interface NotificationConf {
  require_confirmation: boolean;
}

/**
 * The `websocket` transport plugin (entry point `zaqar.transport: websocket`).
 * It serves the request layer the composition root registered (the same
 * instance as the HTTP transport) and pushes to its connections through the
 * process's PushSubscribers, which the `zaqar.notification.notifier` stage
 * feeds; a registry of its own is made when none is registered (embedding).
 * Frames are authenticated by the registered authenticator and authorized by
 * the registered policy, through the same operation table as HTTP.
 */
export function create({ conf, logger, container }: PluginContext): TransportDriver {
  const api = resolveToken(container, TOKENS.REQUEST_API);
  const data = resolveToken(container, TOKENS.MESSAGE_STORE);
  const push =
    resolveOptionalToken(container, PUSH_SUBSCRIBERS) ??
    new PushSubscribers({ data, logger, requireConfirmation: conf.group<NotificationConf>('notification').require_confirmation });
  // resolveToken() throws when no authenticator is registered: a wiring error stops startup.
  const authenticator = resolveToken(container, TOKENS.AUTHENTICATOR);
  const counters = resolveOptionalToken(container, SERVICE_COUNTERS);
  return new WebsocketTransport(api, conf, logger, { push, authenticator, authorize: authorizerFrom(container), counters });
}

export const options = [websocketOptions];

const plugin: PluginModule<TransportDriver> = { options, create };
export default plugin;

export { WebsocketTransport, maxFrameSize, type WebsocketTransportOptions } from './websocket-transport';
export { websocketOptions, WEBSOCKET_GROUP, type WebsocketConf } from './options';
export { decodeFrame, encodeFrame } from './frames';
