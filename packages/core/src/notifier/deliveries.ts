/**
 * Delivery of notifications off the request path, with the retry schedule of
 * §19.5. Each (subscriber, message) is one job; an attempt runs in the
 * bounded TaskPool, and a retry waits on a timer (never in a worker) before
 * going back to the pool, so a failing subscriber holds no worker while it
 * waits and the next message is not held up by it. Retries stop at the first
 * success, on a non-retryable failure (4xx) or when the schedule is spent; an
 * undelivered notification is logged with subscription and message and counted.
 */
import type { Subscription } from '../storage/types';
import { token, type Token } from '../tokens';
import type { Logger } from '../util/logger';
import { isRetryable } from './delivery-error';
import { DropWarning } from './drop-warning';
import type { Notification, Notifier } from './notifier';
import type { TaskPool } from './task-pool';

/** Starts a timer; injectable so tests drive the schedule with a fake clock. */
export type SetTimer = (callback: () => void, ms: number) => void;

const realTimer: SetTimer = (callback, ms) => void setTimeout(callback, ms).unref();

/** One notification to one subscriber. */
export interface DeliveryJob {
  notifier: Notifier;
  subscription: Subscription;
  notification: Notification;
  project: string;
  /** Seconds to wait before retry 1, 2, … (retrySchedule). */
  schedule: readonly number[];
}

/** Per-subscription counts, kept in memory by this process. */
export interface SubscriptionDeliveryState {
  delivered: number;
  failed: number;
  last_error?: string;
  last_error_at?: string;
}

/** Process-wide counts. */
export interface DeliveryCounts {
  delivered: number;
  /** Undelivered: retries exhausted or a non-retryable failure. */
  failed: number;
  retried: number;
  /** Refused because the pool's queue or the retry timers were full. */
  dropped: number;
}

/** DI key of the notification stage's Deliveries (registered when the stage is created). */
export const NOTIFICATION_DELIVERIES: Token<Deliveries> = token<Deliveries>('zaqar.notification_deliveries');

/** At most this many subscriptions keep a state (oldest forgotten first). */
const MAX_TRACKED_SUBSCRIPTIONS = 10_000;

export class Deliveries {
  readonly counts: DeliveryCounts = { delivered: 0, failed: 0, retried: 0, dropped: 0 };
  private readonly states = new Map<string, SubscriptionDeliveryState>();
  private waitingRetries = 0;
  private readonly dropWarning: DropWarning;
  private readonly fanoutListeners: ((project: string, queue: string) => void)[] = [];

  constructor(
    private readonly pool: TaskPool,
    private readonly logger: Logger,
    private readonly setTimer: SetTimer = realTimer,
    /** Retries waiting on a timer at most; more are dropped (logged, counted). */
    private readonly maxWaitingRetries = 10_000,
  ) {
    this.dropWarning = new DropWarning(logger);
  }

  /** Starts a job; never throws, never waits. */
  submit(job: DeliveryJob): void {
    this.attempt(job, 0);
  }

  /**
   * Called by the request layer when a subscription of the queue, or the
   * queue's metadata, changed through this process (`queue` as stored: a
   * topic's is `~<topic>`); the fan-out forgets what it remembered of it.
   */
  forgetFanout(project: string, queue: string): void {
    for (const listener of this.fanoutListeners) listener(project, queue);
  }

  /** Registers a `forgetFanout` listener (the notification fan-out's memo). */
  onForgetFanout(listener: (project: string, queue: string) => void): void {
    this.fanoutListeners.push(listener);
  }

  /** The state of one subscription (undefined when this process never delivered to it). */
  stateOf(subscriptionId: string): SubscriptionDeliveryState | undefined {
    return this.states.get(subscriptionId);
  }

  private attempt(job: DeliveryJob, retry: number): void {
    const accepted = this.pool.submit(() =>
      job.notifier.notify(job.subscription, job.notification, job.project).then(
        () => this.delivered(job),
        (error: unknown) => this.failed(job, retry, error),
      ),
    );
    if (!accepted) this.dropped(job, 'the delivery queue is full');
  }

  private failed(job: DeliveryJob, retry: number, error: unknown): void {
    if (!isRetryable(error) || retry >= job.schedule.length) {
      this.undeliverable(job, retry + 1, error);
      return;
    }
    this.counts.retried++;
    const delay = job.schedule[retry];
    if (delay <= 0) return this.attempt(job, retry + 1);
    if (this.waitingRetries >= this.maxWaitingRetries) return this.dropped(job, 'too many retries waiting');
    this.waitingRetries++;
    this.setTimer(() => {
      this.waitingRetries--;
      this.attempt(job, retry + 1);
    }, delay * 1000);
  }

  private delivered(job: DeliveryJob): void {
    this.counts.delivered++;
    this.stateFor(job.subscription.id).delivered++;
  }

  private undeliverable(job: DeliveryJob, attempts: number, error: unknown): void {
    this.counts.failed++;
    const reason = error instanceof Error ? error.message : String(error);
    this.recordFailure(job, reason);
    this.logger.warn(
      { event: 'notification_undelivered', ...this.describe(job), attempts, err: error },
      `Notification undelivered after ${attempts} attempt(s): ${reason}`,
    );
  }

  private dropped(job: DeliveryJob, reason: string): void {
    this.counts.dropped++;
    this.recordFailure(job, `dropped: ${reason}`);
    this.dropWarning.warn({ ...this.describe(job), dropped: this.counts.dropped }, `Notification dropped: ${reason}`);
  }

  private recordFailure(job: DeliveryJob, reason: string): void {
    const state = this.stateFor(job.subscription.id);
    state.failed++;
    state.last_error = reason;
    state.last_error_at = new Date().toISOString();
  }

  private describe(job: DeliveryJob) {
    const { subscription, notification, project } = job;
    return {
      project,
      queue: subscription.source,
      subscription_id: subscription.id,
      subscriber: subscription.subscriber.replace(/\/\/[^/@]*@/, '//***@'),
      message_id: notification.id,
    };
  }

  private stateFor(id: string): SubscriptionDeliveryState {
    let state = this.states.get(id);
    if (!state) {
      if (this.states.size >= MAX_TRACKED_SUBSCRIPTIONS) this.states.delete(this.states.keys().next().value as string);
      state = { delivered: 0, failed: 0 };
      this.states.set(id, state);
    }
    return state;
  }
}
