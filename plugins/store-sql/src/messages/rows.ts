import type { StoredMessage } from '@zaqarjs/core';
import type { Selectable } from 'kysely';
import type { MessagesTable } from '../schema/tables';
import { decodeJson, int } from '../util/codec';

/** Columns read to build a StoredMessage. */
export const MESSAGE_COLUMNS = ['id', 'seq', 'body', 'ttl', 'created', 'client_id', 'claim_id', 'claim_expires', 'claim_count', 'checksum'] as const;

export type MessageRow = Pick<Selectable<MessagesTable>, (typeof MESSAGE_COLUMNS)[number]>;

/** The contract's view of a row at `now`: claimId only while the claim lives. */
export function toStoredMessage(row: MessageRow, now: number): StoredMessage {
  const created = int(row.created);
  const message: StoredMessage = {
    id: row.id,
    ttl: int(row.ttl),
    age: Math.max(0, now - created),
    created,
    body: decodeJson(row.body),
    claimId: row.claim_id !== null && int(row.claim_expires) > now ? row.claim_id : null,
    claimCount: int(row.claim_count),
    clientId: row.client_id,
  };
  if (row.checksum !== null) message.checksum = row.checksum;
  return message;
}

/** Decimal marker → the position to list after; undefined for garbage (an empty page). */
export function parseMarker(marker: string | undefined): number | undefined {
  if (marker === undefined || marker === '') return 0;
  return /^\d{1,15}$/.test(marker) ? Number(marker) : undefined;
}
