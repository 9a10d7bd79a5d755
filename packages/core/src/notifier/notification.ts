import type { Notification } from './notifier';

/**
 * The notification of one posted message, shaped as the reference delivers it
 * (`ttl`, `body`, `Message_Type`, `queue_name`), plus the message `id` (an
 * additive extension: the reference notifies before storage assigns ids).
 */
export function notificationOf(queue: string, message: { id?: string; ttl: number; body: unknown }): Notification {
  const notification: Notification = { ttl: message.ttl, body: message.body, Message_Type: 'Notification', queue_name: queue };
  if (message.id !== undefined) notification.id = message.id;
  return notification;
}

/**
 * Connection ids of push subscribers (websocket connections) carry this
 * prefix, so any process can tell a push subscriber URI
 * (`http://<listener>/<connection id>`) from a webhook of the same shape.
 */
export const PUSH_CONNECTION_PREFIX = 'zaqar-ws-';

const PUSH_URI = /^https?:\/\/[^/]+\/zaqar-ws-[0-9a-f-]{36}$/;

/** Whether `uri` names a push subscriber (a connection of some server's websocket transport). */
export function isPushSubscriberUri(uri: string): boolean {
  return PUSH_URI.test(uri);
}
