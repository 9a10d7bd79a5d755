/**
 * Delivery of notifications off the request path, with the retry schedule of
 * §19.5. Each (subscriber, message) is one job; an attempt runs in the
 * bounded TaskPool, and a retry waits on a timer (never in a worker) before
 * going back to the pool, so a failing subscriber holds no worker while it
 * waits and the next message is not held up by it. Retries stop at the first
 * success, on a non-retryable failure (4xx) or when the schedule is spent; an
 * undelivered notification is logged with subscription and message and counted.
 * With a DeliveryThread, jobs whose notifier can run off-thread are handed to
 * it (this class runs there too, and its counts come back here).
 */
import { addLatency, observeLatency, type LatencyCounts } from '../metrics/service-counters';
import type { Subscription } from '../storage/types';
import { token, type Token } from '../tokens';
import type { Logger } from '../util/logger';
import { isRetryable } from './delivery-error';
import { DropWarning } from './drop-warning';
import type { DeliveryThread } from './delivery-thread';
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
  /**
   * Seconds from an attempt's hand-off to the pool until the subscriber answered, keyed by the
   * attempt's outcome (`delivered`, `failed`: refused or unreachable, retried or not).
   */
  latency?: Map<string, LatencyCounts>;
}

/** A subscription's state as it changed, by id (what the delivery thread reports). */
export type ChangedStates = [string, SubscriptionDeliveryState][];

export interface DeliveriesOptions {
  /** Runs deliveries of notifiers that have `offThread`. */
  thread?: DeliveryThread;
  /** Remember which subscriptions' states changed, for `takeChanges` (the delivery thread's side). */
  trackChanges?: boolean;
}

/** `dropped: <reason>` of each reason, made once (under overload most deliveries are dropped). */
const droppedErrors = new Map<string, string>();
function droppedError(reason: string): string {
  let text = droppedErrors.get(reason);
  if (text === undefined) droppedErrors.set(reason, (text = `dropped: ${reason}`));
  return text;
}

let isoAt = 0;
let iso = '';
/** The time as an ISO string, formatted at most once a millisecond (a burst of drops records thousands a second). */
function isoNow(): string {
  const now = Date.now();
  if (now !== isoAt) {
    isoAt = now;
    iso = new Date(now).toISOString();
  }
  return iso;
}

/** How often a draining process looks whether the deliveries are done. */
const DRAIN_POLL_MS = 25;

/** DI key of the notification stage's Deliveries (registered when the stage is created). */
export const NOTIFICATION_DELIVERIES: Token<Deliveries> = token<Deliveries>('zaqar.notification_deliveries');

/** At most this many subscriptions keep a state (oldest forgotten first). */
const MAX_TRACKED_SUBSCRIPTIONS = 10_000;

export class Deliveries {
  readonly counts: DeliveryCounts & { latency: Map<string, LatencyCounts> } = { delivered: 0, failed: 0, retried: 0, dropped: 0, latency: new Map() };
  private readonly states = new Map<string, SubscriptionDeliveryState>();
  private waitingRetries = 0;
  private readonly dropWarning: DropWarning;
  private readonly fanoutListeners: ((project: string, queue: string) => void)[] = [];
  private readonly changed?: Set<string>;
  private readonly thread?: DeliveryThread;
  private stopping = false;

  constructor(
    private readonly pool: TaskPool,
    private readonly logger: Logger,
    private readonly setTimer: SetTimer = realTimer,
    /** Retries waiting on a timer at most; more are dropped (logged, counted). */
    private readonly maxWaitingRetries = 10_000,
    options: DeliveriesOptions = {},
  ) {
    this.dropWarning = new DropWarning(logger);
    if (options.trackChanges) this.changed = new Set();
    this.thread = options.thread;
    this.thread?.onReport((counts, states) => this.merge(counts, states));
  }

  /** Starts a job; never throws, never waits. */
  submit(job: DeliveryJob): void {
    if (this.stopping) return this.dropped(job, 'the server is stopping');
    if (job.notifier.offThread && this.thread) {
      const taken = this.thread.submit(job);
      if (taken === 'taken') return;
      if (taken === 'full') return this.dropped(job, 'the delivery thread is behind');
      // 'unavailable' (the thread could not start or died): deliver here.
    }
    this.attempt(job, 0);
  }

  /** Deliveries started or waiting here (attempts in the pool and retries on a timer), the thread's not included. */
  get pending(): number {
    return this.pool.pending + this.waitingRetries;
  }

  /**
   * On shutdown: takes no new jobs, lets queued deliveries (here and in the
   * thread) and retries due within `graceMs` run, then gives up on the rest,
   * logging how many (`notifications_abandoned`). Resolves with that count.
   */
  async drain(graceMs: number): Promise<number> {
    this.stopping = true;
    const deadline = Date.now() + graceMs;
    const [inThread, here] = await Promise.all([this.thread?.drain(graceMs) ?? 0, this.settle(deadline)]);
    const abandoned = inThread + here;
    if (abandoned > 0) {
      this.logger.warn({ event: 'notifications_abandoned', abandoned, grace_ms: graceMs }, `${abandoned} notification(s) not delivered: the server stopped`);
    }
    return abandoned;
  }

  /** The subscription states changed since the last call (with `trackChanges`). */
  takeChanges(): ChangedStates {
    if (!this.changed || this.changed.size === 0) return [];
    const states: ChangedStates = [];
    for (const id of this.changed) {
      const state = this.states.get(id);
      if (state) states.push([id, { ...state }]);
    }
    this.changed.clear();
    return states;
  }

  /** Adds the delivery thread's counts (a difference since its last report) and takes its subscription states. */
  private merge(delta: DeliveryCounts, states: ChangedStates): void {
    this.counts.delivered += delta.delivered;
    this.counts.failed += delta.failed;
    this.counts.retried += delta.retried;
    this.counts.dropped += delta.dropped;
    for (const [key, counts] of delta.latency ?? []) addLatency(this.counts.latency, key, counts);
    for (const [id, state] of states) {
      this.states.delete(id);
      if (this.states.size >= MAX_TRACKED_SUBSCRIPTIONS) this.states.delete(this.states.keys().next().value as string);
      this.states.set(id, state);
    }
  }

  /** Resolves with 0 when nothing is pending here, or with what is still pending at `deadline`. */
  private async settle(deadline: number): Promise<number> {
    while (this.pending > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS));
    return this.pending;
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
    const queued = performance.now();
    const took = (outcome: string) => observeLatency(this.counts.latency, outcome, (performance.now() - queued) / 1000);
    const accepted = this.pool.submit(() =>
      job.notifier.notify(job.subscription, job.notification, job.project).then(
        () => {
          took('delivered');
          this.delivered(job);
        },
        (error: unknown) => {
          took('failed');
          this.failed(job, retry, error);
        },
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
    this.changed?.add(job.subscription.id);
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
    this.recordFailure(job, droppedError(reason));
    const dropped = this.counts.dropped;
    this.dropWarning.warn(() => ({ ...this.describe(job), dropped }), `Notification dropped: ${reason}`);
  }

  private recordFailure(job: DeliveryJob, reason: string): void {
    const state = this.stateFor(job.subscription.id);
    state.failed++;
    state.last_error = reason;
    state.last_error_at = isoNow();
    this.changed?.add(job.subscription.id);
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
