import type { Logger } from '../util/logger';

/** At most one drop warning per this many ms from each source. */
export const DROP_WARNING_INTERVAL_MS = 1000;

/** A warning's fields, or what builds them: under overload most drops are only counted, and need none. */
type Fields = Record<string, unknown> | (() => Record<string, unknown>);

const valueOf = (fields: Fields) => (typeof fields === 'function' ? fields() : fields);

/**
 * The `notification_dropped` warning of an overloaded fan-out, at most once a
 * second: the first drop is logged at once with its details; drops within the
 * next second are only counted, then logged as one line carrying
 * `dropped_since_last_warning` (and the details of the last of them). A
 * warning per drop cost the posting process more than the deliveries (tens of
 * thousands of lines a second under overload). Counts stay exact: the callers
 * count every drop.
 */
export class DropWarning {
  private lastAt = -Infinity;
  private suppressed = 0;
  private last: { fields: Fields; message: string } | undefined;
  private flushing = false;

  constructor(
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
    private readonly setTimer: (callback: () => void, ms: number) => void = (callback, ms) => void setTimeout(callback, ms).unref(),
  ) {}

  /** Reports one drop (`fields` without `event`; a function is called only for a drop that is logged). */
  warn(fields: Fields, message: string): void {
    const now = this.now();
    if (now - this.lastAt >= DROP_WARNING_INTERVAL_MS) {
      this.lastAt = now;
      this.logger.warn({ event: 'notification_dropped', ...valueOf(fields), dropped_since_last_warning: this.suppressed + 1 }, message);
      this.suppressed = 0;
      return;
    }
    this.suppressed++;
    this.last = { fields, message };
    if (!this.flushing) {
      this.flushing = true;
      this.setTimer(() => this.flush(), this.lastAt + DROP_WARNING_INTERVAL_MS - now);
    }
  }

  /** Logs the drops counted since the last warning (so the last burst is never left unlogged). */
  private flush(): void {
    this.flushing = false;
    if (this.suppressed === 0 || !this.last) return;
    this.lastAt = this.now();
    const { fields, message } = this.last;
    this.logger.warn(
      { event: 'notification_dropped', ...valueOf(fields), dropped_since_last_warning: this.suppressed },
      `${message} (${this.suppressed} since the last warning)`,
    );
    this.suppressed = 0;
    this.last = undefined;
  }
}
