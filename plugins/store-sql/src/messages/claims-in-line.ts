import { InFlightPerQueue } from './in-flight-per-queue';

/**
 * Claims on one queue, one after another in this process. On SQLite every claim of a process
 * runs on its one connection anyway; in line per queue, a claim that comes after one which took
 * the free messages sees at once, with its plain "any free?" read, that none are left. Side by
 * side, each read "yes" before the first claim's transaction ran, and each then paid a write
 * transaction (BEGIN IMMEDIATE, the file's write lock, a commit) to find nothing: in a mixed load
 * (producers and eight consumers on one queue) that was two empty transactions per claim that
 * took messages.
 */
export class ClaimsInLine {
  readonly #running = new InFlightPerQueue();

  /** Runs `claim` once the claims on `queue` that came before it in this process have finished. */
  run<T>(project: string, queue: string, claim: () => Promise<T>): Promise<T> {
    const before = this.#running.settled(project, queue);
    const result = before ? before.then(claim) : claim();
    this.#running.track(project, queue, result);
    return result;
  }
}
