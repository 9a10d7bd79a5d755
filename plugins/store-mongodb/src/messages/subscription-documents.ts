/** Documents of `<database>_subscriptions`. */
import type { Subscription } from '@zaqarjs/core';
import type { ObjectId } from 'mongodb';

/** A subscription in `subscriptions`. */
export interface SubscriptionDoc {
  _id: ObjectId;
  /** Source queue. */
  s: string;
  /** Subscriber URI. */
  u: string;
  /** TTL, seconds. */
  t: number;
  /** Expiry: every read filters `e > now`. */
  e: Date;
  o: Record<string, unknown>;
  p: string;
  /** Confirmed. */
  c: boolean;
}

/**
 * One per (project, queue, subscriber) in use, in `subscribers`: its `_id` is derived from
 * that key, so a duplicate-key error on insert arbitrates uniqueness on any server (the
 * reference relied on a unique index, which some wire-compatible servers do not enforce).
 * `e` mirrors the subscription's expiry so an expired holder can be taken over.
 */
export interface SubscriberLockDoc {
  _id: ObjectId;
  /** The subscription holding the subscriber. */
  sub: ObjectId;
  e: Date;
}

export function toSubscription(doc: SubscriptionDoc, now: number): Subscription {
  const expires = Math.floor(doc.e.getTime() / 1000);
  return {
    id: doc._id.toHexString(),
    source: doc.s,
    subscriber: doc.u,
    ttl: doc.t,
    age: Math.max(0, now - (expires - doc.t)),
    options: doc.o ?? {},
    confirmed: doc.c === true,
  };
}
