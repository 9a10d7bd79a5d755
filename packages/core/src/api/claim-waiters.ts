/**
 * Long-poll claimers waiting for messages, per queue, in arrival order. They
 * are woken by post notices (no store polling): a notice of n messages hands
 * out n wake-ups, one per waiter, oldest first. A wake-up is a permit: given
 * to a claimer busy claiming, it is kept and spent at its next sleep, so a
 * post that lands during a claim attempt is never missed; a claimer that
 * leaves holding one passes it on. A slow re-check per queue wakes the oldest
 * waiter now and then, for messages freed without a notice (claims that
 * expired or were released).
 */
import type { PostedEvent } from '../storage/message-events';

/** Where post notices come from (the process's PushSubscribers: local posts, and other processes' through the store's events). */
export interface PostNotices {
  /** Calls `listener` for every post heard; resolves, once posts made after it are heard, with the removal function. */
  hear(listener: (event: PostedEvent) => void): Promise<() => void>;
}

/** Default period of the safety re-check, per queue with waiters. */
export const RECHECK_MS = 5000;

const keyOf = (project: string, queue: string) => `${project}\n${queue}`;

/** One claimer in a queue's line. */
export class Waiter {
  private permit = false;
  private wakeUp?: (woken: boolean) => void;

  constructor(private readonly line: Line) {}

  /** Gives the waiter a wake-up unless it holds one already; false when it did. */
  grant(): boolean {
    if (this.permit) return false;
    if (this.wakeUp) this.settle(true);
    else this.permit = true;
    return true;
  }

  /** Ends a sleep without a wake-up (deadline, abort, drain). */
  cancel(): void {
    this.settle(false);
  }

  /**
   * Resolves true when woken (at once when a wake-up is held), false when
   * `deadline` (ms since the epoch) passes, `signal` aborts or waits end.
   */
  sleep(deadline: number, signal?: AbortSignal): Promise<boolean> {
    if (this.permit) {
      this.permit = false;
      return Promise.resolve(true);
    }
    if (signal?.aborted || !this.line.open()) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => this.settle(false), Math.max(0, deadline - Date.now()));
      const abort = () => this.settle(false);
      signal?.addEventListener('abort', abort, { once: true });
      this.wakeUp = (woken) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', abort);
        this.wakeUp = undefined;
        resolve(woken);
      };
    });
  }

  /** Leaves the line; an unspent wake-up goes to the next waiter. */
  leave(): void {
    this.cancel();
    this.line.remove(this);
    if (this.permit) this.line.wake(1);
  }

  private settle(woken: boolean): void {
    this.wakeUp?.(woken);
  }
}

/** The waiters of one queue, oldest first, and its re-check timer. */
class Line {
  readonly waiters = new Set<Waiter>();
  private recheck?: NodeJS.Timeout;

  constructor(
    private readonly owner: ClaimWaiters,
    private readonly key: string,
    private readonly recheckMs: number,
  ) {}

  open(): boolean {
    return this.owner.open;
  }

  add(): Waiter {
    const waiter = new Waiter(this);
    this.waiters.add(waiter);
    if (!this.recheck) {
      this.recheck = setInterval(() => this.wake(1), this.recheckMs);
      this.recheck.unref();
    }
    return waiter;
  }

  remove(waiter: Waiter): void {
    this.waiters.delete(waiter);
    if (this.waiters.size > 0) return;
    clearInterval(this.recheck);
    this.recheck = undefined;
    this.owner.forget(this.key, this);
  }

  /** Hands `count` wake-ups to the oldest waiters that hold none. */
  wake(count: number): void {
    for (const waiter of this.waiters) {
      if (count <= 0) return;
      if (waiter.grant()) count--;
    }
  }

  cancelAll(): void {
    for (const waiter of this.waiters) waiter.cancel();
  }
}

/** The long-poll claimers of this process. */
export class ClaimWaiters {
  private readonly lines = new Map<string, Line>();
  private hearing?: Promise<unknown>;
  private stopped = false;

  constructor(
    private readonly notices: PostNotices | undefined,
    private readonly recheckMs = RECHECK_MS,
  ) {}

  /** False once `close` was called (a draining server answers waits at once). */
  get open(): boolean {
    return !this.stopped;
  }

  /** Number of waiters (all queues). */
  get size(): number {
    let size = 0;
    for (const line of this.lines.values()) size += line.waiters.size;
    return size;
  }

  /** Puts a claimer at the end of the queue's line; resolves once posts made from now on wake it. */
  async join(project: string, queue: string): Promise<Waiter> {
    await this.hear().catch(() => undefined);
    const key = keyOf(project, queue);
    let line = this.lines.get(key);
    if (!line) this.lines.set(key, (line = new Line(this, key, this.recheckMs)));
    return line.add();
  }

  /** Hands one wake-up per posted message to the queue's oldest waiters. */
  posted(event: PostedEvent): void {
    this.lines.get(keyOf(event.project, event.queue))?.wake(event.messageIds.length);
  }

  /** Wakes one more waiter of the queue (a claimer took a full batch: more may be free). */
  wakeNext(project: string, queue: string): void {
    this.lines.get(keyOf(project, queue))?.wake(1);
  }

  /** Ends every wait now and refuses new ones (shutdown drain). */
  close(): void {
    this.stopped = true;
    for (const line of this.lines.values()) line.cancelAll();
  }

  /** @internal A line that became empty. */
  forget(key: string, line: Line): void {
    if (this.lines.get(key) === line) this.lines.delete(key);
  }

  /** Subscribes to post notices once; a failure is retried at the next join (waits then rely on the re-check). */
  private async hear(): Promise<void> {
    if (!this.notices) return;
    this.hearing ??= this.notices
      .hear((event) => this.posted(event))
      .catch((error: unknown) => {
        this.hearing = undefined;
        throw error;
      });
    await this.hearing;
  }
}
