/**
 * The newest post per queue that this process has submitted and not yet committed. A claim that
 * finds its queue empty while a post to it is being committed here waits for that commit (one
 * group commit: on SQLite well under a millisecond, on a server database its round trips)
 * instead of answering "no messages" a moment before they exist: the consumer gets them now
 * rather than on its next poll.
 */
export class PostsInFlight {
  readonly #newest = new Map<string, Promise<void>>();

  /** Records `write` (a post to `queue`) until it settles, committed or failed. */
  track(project: string, queue: string, write: Promise<unknown>): void {
    const key = `${project}\u0000${queue}`;
    const settled = write.then(ignore, ignore);
    this.#newest.set(key, settled);
    void settled.then(() => {
      if (this.#newest.get(key) === settled) this.#newest.delete(key);
    });
  }

  /**
   * Settles once every post to `queue` submitted so far has (group commits write in submission
   * order, so the newest settles last); undefined when none is in flight.
   */
  settled(project: string, queue: string): Promise<void> | undefined {
    return this.#newest.get(`${project}\u0000${queue}`);
  }
}

function ignore(): void {}
