import type { StoredMessage } from '@zaqarjs/core';
import { decodeJson, int } from '../util/codec';

/** Fields of a message, in the order scripts reply them (lua/common.lua M_FIELDS). */
const MESSAGE_FIELDS = ['s', 'b', 't', 'cr', 'e', 'u', 'c', 'ce', 'cc', 'd', 'cs'] as const;

/** A record in a script reply: the id, then MESSAGE_FIELDS. */
const RECORD_WIDTH = 1 + MESSAGE_FIELDS.length;

/** A message as read, with its queue position (for markers and ordering). */
export interface PositionedMessage {
  seq: number;
  message: StoredMessage;
}

type Field = string | null;

/** The contract's view of a message's fields at `now`: claimId only while the claim lives. */
function toStoredMessage(id: string, f: readonly Field[], now: number): StoredMessage {
  const [, body, ttl, created, , client, claim, claimExpires, claimCount, , checksum] = f;
  const createdAt = int(created);
  const message: StoredMessage = {
    id,
    ttl: int(ttl),
    age: Math.max(0, now - createdAt),
    created: createdAt,
    body: decodeJson(body ?? 'null'),
    claimId: claim && int(claimExpires) > now ? claim : null,
    claimCount: int(claimCount ?? 0),
    clientId: client ?? '',
  };
  if (checksum) message.checksum = checksum;
  return message;
}

/** Records of a script reply, starting at `offset`. */
export function parseRecords(reply: readonly unknown[], offset: number, now: number): PositionedMessage[] {
  const out: PositionedMessage[] = [];
  for (let at = offset; at + RECORD_WIDTH <= reply.length; at += RECORD_WIDTH) {
    const fields = reply.slice(at + 1, at + RECORD_WIDTH) as Field[];
    out.push({ seq: int(fields[0]), message: toStoredMessage(String(reply[at]), fields, now) });
  }
  return out;
}

/** Decimal marker → the position to list after; undefined for garbage (an empty page). */
export function parseMarker(marker: string | undefined): number | undefined {
  if (marker === undefined || marker === '') return 0;
  return /^\d{1,15}$/.test(marker) ? Number(marker) : undefined;
}
