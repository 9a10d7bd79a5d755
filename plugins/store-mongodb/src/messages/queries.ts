/** Filters shared by the message and claim controllers. */
import type { Filter, ObjectId } from 'mongodb';
import { toDate } from '../util/values';
import type { MessageDoc } from './documents';

/** Messages of the scope that exist at `now`: unexpired and not part of an unfinished FIFO batch. */
export function liveIn(p_q: string, now: number): Filter<MessageDoc> {
  return { p_q, e: { $gt: toDate(now) }, tx: null };
}

/** Live messages that are neither claimed nor delayed at `now`. */
export function freeIn(p_q: string, now: number): Filter<MessageDoc> {
  return { ...liveIn(p_q, now), 'c.e': { $lte: now }, d: { $lte: now } };
}

/** Live messages held by the live claim `claimId`. */
export function heldBy(p_q: string, claimId: ObjectId, now: number): Filter<MessageDoc> {
  return { ...liveIn(p_q, now), 'c.id': claimId, 'c.e': { $gt: now } };
}

/** Decimal marker → the marker to list after; undefined for garbage (an empty page). */
export function parseMarker(marker: string | undefined): number | undefined {
  if (marker === undefined || marker === '') return 0;
  return /^\d{1,15}$/.test(marker) ? Number(marker) : undefined;
}
