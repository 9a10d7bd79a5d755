/**
 * The IPC messages between the zaqar-server primary and its workers. Every
 * message carries `zaqar` (its kind), so messages of other libraries on the
 * same channel are told apart.
 */
import type { PostedEvent } from '@zaqarjs/core';

/** Environment variable holding a worker's slot (0..workers-1; a restarted worker keeps its slot). */
export const SLOT_ENV = 'ZAQAR_WORKER_SLOT';

/** A worker to the primary. */
export type WorkerMessage =
  | { zaqar: 'ready' }
  /** Messages were posted through this worker: the primary relays it to every worker (this one included). */
  | { zaqar: 'posted'; event: PostedEvent }
  /** A queue's metadata changed or it was deleted through this worker: the other workers forget what they memoised. */
  | { zaqar: 'queue-changed'; project: string; queue: string }
  /** This worker has push subscribers now: posts must be relayed (answered with `subscribed`). */
  | { zaqar: 'subscribe' }
  /** A scrape reached this worker: the primary gathers every worker's snapshot and answers with `metrics`. */
  | { zaqar: 'metrics-request'; request: number }
  /** This worker's metrics snapshot for a gathering (`undefined`: it serves no metrics yet). */
  | { zaqar: 'metrics-snapshot'; gathering: number; snapshot: unknown };

/** The primary to a worker. */
export type PrimaryMessage =
  | { zaqar: 'posted'; event: PostedEvent }
  | { zaqar: 'queue-changed'; project: string; queue: string }
  /** Whether any worker has push subscribers (else a worker need not send `posted`). */
  | { zaqar: 'audience'; listening: boolean }
  | { zaqar: 'subscribed' }
  /** Send this worker's metrics snapshot for `gathering`. */
  | { zaqar: 'metrics-collect'; gathering: number }
  /** Every worker's snapshot, answering this worker's `metrics-request`. */
  | { zaqar: 'metrics'; request: number; snapshots: unknown[] }
  /** Drain and exit, as on SIGTERM. */
  | { zaqar: 'shutdown' };

/** Whether an IPC message is one of ours. */
export function isZaqarMessage<T extends { zaqar: string }>(message: unknown): message is T {
  return typeof message === 'object' && message !== null && typeof (message as { zaqar?: unknown }).zaqar === 'string';
}
