import type { StoredMessage } from '@zaqarjs/core';

/** Standard HTTP message form (list, get, get-by-ids, claims). */
export interface MessageView {
  id: string;
  href: string;
  ttl: number;
  age: number;
  body: unknown;
  checksum?: string;
}

/** `/v2/queues/{queue}/messages`, the base of every message href. */
export function messagesPath(queue: string): string {
  return `/v2/queues/${queue}/messages`;
}

/** A message href, with `?claim_id=` while a live claim holds it. */
export function messageHref(queue: string, id: string, claimId: string | null | undefined): string {
  return claimId ? `${messagesPath(queue)}/${id}?claim_id=${claimId}` : `${messagesPath(queue)}/${id}`;
}

/** Standard form of a message whose body the request layer already made client-visible; `claimId` defaults to its live claim. */
export function messageView(message: StoredMessage, queue: string, claimId = message.claimId): MessageView {
  const view: MessageView = { id: message.id, href: messageHref(queue, message.id, claimId), ttl: message.ttl, age: message.age, body: message.body };
  if (message.checksum) view.checksum = message.checksum;
  return view;
}
