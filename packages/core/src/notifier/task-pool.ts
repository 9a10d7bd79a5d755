import type { Logger } from '../util/logger';
import { DropWarning } from './drop-warning';

/**
 * Runs background deliveries with at most `workers` at a time (the
 * reference's `max_notifier_workers` thread pool). Nothing waits for them;
 * when more than `maxQueued` wait, new ones are dropped with a warning (at most one a second) rather
 * than letting a stuck subscriber grow memory without bound.
 */
export class TaskPool {
  private running = 0;
  /** Tasks refused because the queue was full. */
  dropped = 0;
  private readonly waiting: (() => Promise<void>)[] = [];
  private readonly dropWarning: DropWarning;

  constructor(
    private readonly workers: number,
    private readonly logger: Logger,
    private readonly maxQueued = 10_000,
  ) {
    this.dropWarning = new DropWarning(logger);
  }

  /** Schedules `task` (its failure is logged, never thrown); false (logged and counted) when the queue is full. */
  submit(task: () => Promise<void>): boolean {
    if (this.running < this.workers) {
      this.start(task);
      return true;
    }
    if (this.waiting.length >= this.maxQueued) {
      this.dropped++;
      this.dropWarning.warn({ queued: this.waiting.length, dropped: this.dropped }, 'Notification dropped: too many deliveries waiting');
      return false;
    }
    this.waiting.push(task);
    return true;
  }

  /** Tasks running or waiting. */
  get pending(): number {
    return this.running + this.waiting.length;
  }

  private start(task: () => Promise<void>): void {
    this.running++;
    task()
      .catch((error: unknown) => this.logger.warn({ err: error, event: 'notification_failed' }, 'Notification delivery failed'))
      .finally(() => {
        this.running--;
        const next = this.waiting.shift();
        if (next) this.start(next);
      });
  }
}
