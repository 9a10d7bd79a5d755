import { randomUUID } from 'node:crypto';

/** Response header carrying the request id on every response. */
export const REQUEST_ID_HEADER = 'x-openstack-request-id';

/** A fresh `req-<uuid>` id, in the form oslo.middleware generates. */
export function newRequestId(): string {
  return `req-${randomUUID()}`;
}
