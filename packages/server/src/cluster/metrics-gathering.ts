/**
 * The primary's side of a cluster-wide scrape: a worker asks, the primary asks
 * every live worker for its metrics snapshot and answers the asker with all of
 * them once each has replied, exited, or the time is up (a stuck worker must
 * not hang the scrape). The snapshots stay opaque: the primary loads no
 * metrics library.
 */
import type { Worker } from 'node:cluster';
import type { PrimaryMessage } from './protocol';

/** A scrape waits at most this long for the slowest worker; the missing ones are left out. */
export const GATHER_TIMEOUT_MS = 2_000;

interface Gathering {
  requester: Worker;
  request: number;
  waiting: Set<Worker>;
  snapshots: unknown[];
  timer: NodeJS.Timeout;
}

export class MetricsGatherings {
  private next = 1;
  private readonly open = new Map<number, Gathering>();

  constructor(
    private readonly send: (worker: Worker, message: PrimaryMessage) => void,
    private readonly timeoutMs = GATHER_TIMEOUT_MS,
  ) {}

  /** `requester` asked (its `request` id); `workers` are the live ones, the requester included. */
  start(requester: Worker, request: number, workers: readonly Worker[]): void {
    const gathering = this.next++;
    const timer = setTimeout(() => this.finish(gathering), this.timeoutMs);
    timer.unref();
    this.open.set(gathering, { requester, request, waiting: new Set(workers), snapshots: [], timer });
    for (const worker of workers) this.send(worker, { zaqar: 'metrics-collect', gathering });
  }

  /** A worker's answer; `undefined` (it serves no metrics) counts as answered. */
  snapshot(from: Worker, gathering: number, snapshot: unknown): void {
    const open = this.open.get(gathering);
    if (!open?.waiting.delete(from)) return;
    if (snapshot !== undefined) open.snapshots.push(snapshot);
    if (open.waiting.size === 0) this.finish(gathering);
  }

  /** A worker exited: no gathering waits for it any longer. */
  exited(worker: Worker): void {
    for (const [gathering, open] of this.open) {
      if (open.requester === worker) {
        clearTimeout(open.timer);
        this.open.delete(gathering);
      } else if (open.waiting.delete(worker) && open.waiting.size === 0) this.finish(gathering);
    }
  }

  private finish(gathering: number): void {
    const open = this.open.get(gathering);
    if (!open) return;
    clearTimeout(open.timer);
    this.open.delete(gathering);
    this.send(open.requester, { zaqar: 'metrics', request: open.request, snapshots: open.snapshots });
  }
}
