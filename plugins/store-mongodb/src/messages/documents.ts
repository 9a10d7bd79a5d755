/** Documents of the message databases and their contract views. */
import { normalizeIntegers, type StoredMessage } from '@zaqarjs/core';
import type { ObjectId } from 'mongodb';
import { idSeconds } from '../util/ids';

/** Claim state kept on each message (claims have no documents of their own, as in the reference). */
export interface ClaimState {
  /** Claim id, null when never claimed or released. */
  id: ObjectId | null;
  /** Claim expiry, UNIX seconds (0 when free). A claim is live while `e > now`. */
  e: number;
  /** Claim count (maintained only under a dead-letter policy). */
  c: number;
  /** Claim TTL, seconds (for the claim's age). */
  t: number;
}

/** A message in `<database>_messages_p<N>.messages`. */
export interface MessageDoc {
  /** ObjectId whose timestamp is the creation time. */
  _id: ObjectId;
  /** `<project>/<queue>`. */
  p_q: string;
  /** TTL in seconds (a claim may raise it). */
  t: number;
  /** Expiry (BSON date): every read filters `e > now`; the TTL index only reclaims space. */
  e: Date;
  /** Poster's client id (canonical UUID text when it is one). */
  u: string;
  c: ClaimState;
  /** Delay expiry, UNIX seconds (= creation when not delayed). */
  d: number;
  b: unknown;
  /** Per-queue marker, increasing in posting order. */
  k: number;
  /** Set while a mongodb.fifo batch is being inserted; readers require null. */
  tx: ObjectId | null;
  /** `MD5:<hex>` when checksums are enabled. */
  cs?: string;
}

/** Per-queue marker counter in `<database>_messages_p<N>.messages.stats`. */
export interface CounterDoc {
  _id: ObjectId;
  p_q: string;
  /** `v`: the last marker handed out; `t`: last update, UNIX seconds. */
  c: { v: number; t: number };
  /** mongodb.fifo: the poster holding the queue (its batch's `tx`), else null. */
  lock?: ObjectId | null;
}

/** Fields read to build a StoredMessage. */
export const MESSAGE_PROJECTION = { _id: 1, t: 1, e: 1, u: 1, c: 1, b: 1, k: 1, cs: 1 } as const;

/** `<project>/<queue>`: the scope key of every message query. */
export function scopeKey(project: string, queue: string): string {
  return `${project}/${queue}`;
}

/** The contract's view of a message at `now`: claimId only while its claim lives. */
export function toStoredMessage(doc: Pick<MessageDoc, '_id' | 't' | 'u' | 'c' | 'b' | 'cs'>, now: number): StoredMessage {
  const created = idSeconds(doc._id);
  const message: StoredMessage = {
    id: doc._id.toHexString(),
    ttl: Number(doc.t),
    age: Math.max(0, now - created),
    created,
    body: doc.b === undefined ? null : normalizeIntegers(doc.b),
    claimId: doc.c.id !== null && doc.c.e > now ? doc.c.id.toHexString() : null,
    claimCount: Number(doc.c.c ?? 0),
    clientId: doc.u,
  };
  if (doc.cs !== undefined && doc.cs !== null) message.checksum = doc.cs;
  return message;
}
