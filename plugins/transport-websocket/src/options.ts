import type { OptionGroup } from '@zaqarjs/core';

/** The `[drivers:transport:websocket]` section. */
export const WEBSOCKET_GROUP = 'drivers:transport:websocket';

/** Typed view of `[drivers:transport:websocket]`. */
export interface WebsocketConf {
  bind: string;
  port: number;
  external_port?: number;
  notification_bind?: string;
  notification_port: number;
  max_frame_size: number;
  max_buffered_bytes: number;
  max_pending_requests: number;
  ping_interval: number;
  idle_timeout: number;
}

/** Options of the websocket transport: the reference's five, then this implementation's limits and timers. */
export const websocketOptions: OptionGroup = {
  group: WEBSOCKET_GROUP,
  owner: '@zaqarjs/transport-websocket',
  options: [
    { name: 'bind', type: 'host', default: '127.0.0.1', help: 'Listen address of the WebSocket transport.' },
    { name: 'port', type: 'port', default: 9000, help: 'Listen port of the WebSocket transport.' },
    {
      name: 'external_port',
      type: 'port',
      help: 'Port clients connect to when a proxy sits in front; when set, the port of the handshake Host header must equal it.',
      deprecatedNames: [{ group: WEBSOCKET_GROUP, name: 'external-port' }],
    },
    {
      name: 'notification_bind',
      type: 'host',
      help: 'Listen address of the notification listener (HTTP POST /<connection id> relays a webhook body to that connection); also the host of websocket subscriber URLs. Unset: all interfaces, advertised as the machine hostname. It has no authentication: keep it on a private interface.',
      deprecatedNames: [{ group: WEBSOCKET_GROUP, name: 'notification-bind' }],
    },
    {
      name: 'notification_port',
      type: 'port',
      default: 0,
      help: 'Port of the notification listener; 0 picks a free port at each start.',
      deprecatedNames: [{ group: WEBSOCKET_GROUP, name: 'notification-port' }],
    },
    {
      name: 'max_frame_size',
      type: 'int',
      default: 0,
      min: 0,
      help: 'Largest frame accepted, in bytes; a larger one closes the connection (1009). 0 derives it from [transport] max_messages_post_size and max_queue_metadata (6 times the larger, for JSON escapes, plus 64 KiB of envelope). Requests under it but over those limits get their 400 answer.',
    },
    {
      name: 'max_buffered_bytes',
      type: 'int',
      default: 16777216,
      min: 65536,
      help: 'Bytes of responses and notifications a connection may have waiting to be sent; a client that does not read beyond that is closed (1008).',
    },
    {
      name: 'max_pending_requests',
      type: 'int',
      default: 256,
      min: 1,
      help: 'Requests a connection may have waiting for their turn; beyond that the server stops reading from it until they are answered.',
    },
    {
      name: 'ping_interval',
      type: 'int',
      default: 30,
      min: 0,
      help: 'Seconds between keepalive pings; a connection that did not answer the previous ping is dropped. 0 disables.',
    },
    {
      name: 'idle_timeout',
      type: 'int',
      default: 0,
      min: 0,
      help: 'Seconds without a request from the client or a notification to it before the connection is closed (1000, "Idle timeout"); keepalive pongs do not count. 0 disables (the reference has no idle timeout).',
    },
  ],
};
