import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiError, apiErrors } from '../errors/api-error';
import { isOutcomeUnknown } from '../errors/storage-errors';
import type { IdempotencyController } from '../storage/idempotency-controller';
import { guard } from './storage-guard';

/** How a keyed post waits for a repeat still in flight elsewhere. */
export interface InFlightWait {
  /** Pause between looks at the store. */
  pollMs: number;
  /** Longest wait before answering 409. */
  maxWaitMs: number;
  /** Seconds a reservation holds when its post never completes (its node died): then a repeat stores. */
  leaseSeconds: number;
}

export const DEFAULT_IN_FLIGHT_WAIT: InFlightWait = Object.freeze({ pollMs: 20, maxWaitMs: 10_000, leaseSeconds: 60 });

const WHAT = 'Messages could not be enqueued.';

/** One keyed post: what it is and where. */
export interface KeyedPost {
  project: string;
  queue: string;
  key: string;
  fingerprint: string;
}

/**
 * Posts under an Idempotency-Key. The first post takes the key in the store and records its
 * ids; a repeat with the same fingerprint gets those ids without storing, one with another
 * fingerprint is refused (422). A repeat arriving while the first is in flight waits for it,
 * looking at the store every `pollMs` (the first may run on another API node), and takes the
 * key over when the first failed; after `maxWaitMs` it is answered 409.
 */
export async function postOnce(
  store: IdempotencyController,
  post: KeyedPost,
  windowSeconds: number,
  write: () => Promise<string[]>,
  wait: InFlightWait = DEFAULT_IN_FLIGHT_WAIT,
): Promise<string[]> {
  const { project, queue, key, fingerprint } = post;
  const reservation = { fingerprint, token: randomUUID(), leaseSeconds: wait.leaseSeconds };
  const deadline = Date.now() + wait.maxWaitMs;
  for (;;) {
    const held = await guard(WHAT, () => store.reserve(project, queue, key, reservation));
    if (held === undefined) return writeAndRecord(store, post, reservation.token, windowSeconds, write);
    if (held.fingerprint !== fingerprint) throw reusedKey(post, windowSeconds);
    if (held.ids) return held.ids;
    if (Date.now() >= deadline) {
      throw apiErrors.conflict(`A post with Idempotency-Key ${key} to queue ${queue} is still in progress. Repeat the request in a few seconds.`);
    }
    await sleep(wait.pollMs);
  }
}

async function writeAndRecord(store: IdempotencyController, post: KeyedPost, token: string, windowSeconds: number, write: () => Promise<string[]>) {
  const { project, queue, key } = post;
  let ids: string[];
  try {
    ids = await write();
  } catch (error) {
    // Nothing stored: a repeat may try again at once. When the store cannot tell (a stalled
    // Redis may apply the write later), the key stays taken for its lease instead.
    if (!isOutcomeUnknown(error) && !isOutcomeUnknown((error as { cause?: unknown }).cause)) {
      await store.release(project, queue, key, token).catch(() => undefined);
    }
    throw error;
  }
  // The messages are stored, so the answer is theirs even when recording the ids fails;
  // a repeat then waits out the lease and stores again (README, "Not done yet").
  await store.complete(project, queue, key, token, ids, windowSeconds).catch(() => undefined);
  return ids;
}

function reusedKey(post: KeyedPost, windowSeconds: number): ApiError {
  return new ApiError(
    422,
    'Idempotency key reused',
    `Idempotency-Key ${post.key} was used for a post with other messages to queue ${post.queue} within the last ${windowSeconds} seconds. Use a new key for a new post.`,
  );
}
