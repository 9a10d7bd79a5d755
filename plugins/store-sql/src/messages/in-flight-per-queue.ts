/**
 * The newest write of this process per queue that has not settled yet. Posts: a claim that finds
 * its queue empty while a post to it is being committed here waits for that commit (one group
 * commit: on SQLite well under a millisecond, on a server database its round trips) instead of
 * answering "no messages" a moment before they exist. Claims: see claims-in-line.ts.
 */
export class InFlightPerQueue {
  readonly #newest = new Map<string, Promise<void>>();

  /** Records `write` (to `queue`) until it settles, done or failed. */
  track(project: string, queue: string, write: Promise<unknown>): void {
    const key = `${project}\u0000${queue}`;
    const settled = write.then(ignore, ignore);
    this.#newest.set(key, settled);
    void settled.then(() => {
      if (this.#newest.get(key) === settled) this.#newest.delete(key);
    });
  }

  /**
   * Settles once every write to `queue` tracked so far has (tracked writes to one queue settle in
   * the order they were tracked: group commits write in submission order, claims in line run one
   * after another), undefined when none is in flight.
   */
  settled(project: string, queue: string): Promise<void> | undefined {
    return this.#newest.get(`${project}\u0000${queue}`);
  }
}

function ignore(): void {}
