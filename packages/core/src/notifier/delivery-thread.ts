/**
 * The delivery thread, seen from the thread that answers requests. Webhook
 * POSTs (one per message and subscriber) cost the posting process more than
 * the posts themselves; here they run in a worker thread at a lower OS
 * priority, so under load the posts come first and deliveries take the CPU
 * left over. Jobs are handed over in one message every FLUSH_MS; the
 * hand-off is bounded: when the jobs on their way to the thread plus those it
 * last said it holds (queued, running or waiting to retry) reach `maxQueued`,
 * new ones are refused here, before they cost a copy (the caller counts and
 * logs the drop), and posts never wait.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../util/logger';
import type { ChangedStates, DeliveryCounts, DeliveryJob } from './deliveries';
import type { Notifier } from './notifier';

/** Nice value of the delivery thread (0 is the request thread's; 19 the lowest priority). */
export const DELIVERY_THREAD_NICENESS = 10;

/** What the thread starts with. */
export interface DeliveryThreadData {
  workers: number;
  maxQueued: number;
  niceness: number;
  /** Linux: run the thread in SCHED_IDLE (only on CPU time nothing else wants); the niceness stays as fallback. */
  idle?: boolean;
}

/** One job on the wire: notifier number, subscription, notification, project, retry schedule. */
export interface WireJob {
  n: number;
  s: DeliveryJob['subscription'];
  m: DeliveryJob['notification'];
  p: string;
  r: readonly number[];
}

/** Request thread → delivery thread. */
export type ToDeliveryThread =
  { type: 'jobs'; define: { id: number; module: string; settings: unknown }[]; jobs: WireJob[] } | { type: 'drain'; graceMs: number };

/** Delivery thread → request thread. */
export type FromDeliveryThread =
  | { type: 'ack'; count: number; queued: number }
  | { type: 'report'; counts: DeliveryCounts; states: ChangedStates; queued: number }
  | { type: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; fields: Record<string, unknown>; message?: string }
  | { type: 'drained'; abandoned: number };

export type SubmitResult = 'taken' | 'full' | 'unavailable';

/**
 * Jobs are handed over at most this long after they were submitted: one message (and one
 * acknowledgement) per interval rather than per event-loop turn, which under a few hundred
 * posts a second would be one per post.
 */
const FLUSH_MS = 5;
/** A batch this large goes at once. */
const MAX_BATCH = 2000;

/** How long a drained thread may take to answer beyond the grace before it is terminated. */
const DRAIN_SLACK_MS = 1000;

function workerScript(): string {
  const dir = __filename.endsWith('.ts') ? join(__dirname, '../../dist/notifier') : __dirname;
  return join(dir, 'delivery-worker.js');
}

export class DeliveryThread {
  private worker?: Worker;
  private broken = false;
  private batch: WireJob[] = [];
  private defines: { id: number; module: string; settings: unknown }[] = [];
  private readonly ids = new Map<Notifier, number>();
  /** Jobs posted to the thread and not yet acknowledged (taken into its own bounded pool). */
  private outstanding = 0;
  /** Jobs the thread held (queued, running, waiting to retry) at its last ack or report. */
  private held = 0;
  private flushing = false;
  private reportListener: (counts: DeliveryCounts, states: ChangedStates) => void = () => undefined;
  private drainedListener?: (abandoned: number) => void;

  constructor(
    private readonly data: DeliveryThreadData,
    private readonly logger: Logger,
  ) {}

  /** Where the thread's counts (differences since its last report) and changed subscription states go. */
  onReport(listener: (counts: DeliveryCounts, states: ChangedStates) => void): void {
    this.reportListener = listener;
  }

  /** Hands `job` (its notifier has `offThread`) to the thread; never waits. */
  submit(job: DeliveryJob): SubmitResult {
    const worker = this.running();
    if (!worker) return 'unavailable';
    if (this.outstanding + this.held >= this.data.maxQueued) return 'full';
    this.outstanding++;
    this.batch.push({ n: this.idOf(job.notifier), s: job.subscription, m: job.notification, p: job.project, r: job.schedule });
    if (this.batch.length >= MAX_BATCH) this.flush();
    else if (!this.flushing) {
      this.flushing = true;
      setTimeout(() => this.flush(), FLUSH_MS);
    }
    return 'taken';
  }

  /** Lets the thread deliver what it holds for up to `graceMs`, then ends it; resolves with the count it gave up on. */
  async drain(graceMs: number): Promise<number> {
    const worker = this.worker;
    if (!worker || this.broken) return this.broken ? this.outstanding + this.held : 0;
    this.flush();
    const answered = new Promise<number>((resolve) => {
      this.drainedListener = resolve;
      worker.once('exit', () => resolve(this.outstanding + this.held));
    });
    worker.postMessage({ type: 'drain', graceMs } satisfies ToDeliveryThread);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<number>((resolve) => (timer = setTimeout(() => resolve(-1), graceMs + DRAIN_SLACK_MS)));
    const abandoned = await Promise.race([answered, late]);
    clearTimeout(timer);
    this.broken = true;
    await worker.terminate();
    if (abandoned < 0) {
      this.logger.warn({ event: 'delivery_thread_unresponsive' }, 'The notification delivery thread did not finish in time; its deliveries are abandoned');
      return this.outstanding + this.held;
    }
    return abandoned;
  }

  /** The worker, started on the first job; undefined when it could not start or has died. */
  private running(): Worker | undefined {
    if (this.broken) return undefined;
    if (this.worker) return this.worker;
    try {
      const worker = new Worker(workerScript(), { workerData: this.data });
      worker.unref();
      worker.on('message', (message: FromDeliveryThread) => this.received(message));
      worker.on('error', (error) => this.died(error));
      worker.on('exit', (code) => {
        if (!this.broken) this.died(new Error(`exited with code ${code}`));
      });
      this.worker = worker;
      return worker;
    } catch (error) {
      this.died(error);
      return undefined;
    }
  }

  private flush(): void {
    this.flushing = false;
    if (this.batch.length === 0 || !this.worker || this.broken) return;
    const message: ToDeliveryThread = { type: 'jobs', define: this.defines, jobs: this.batch };
    this.batch = [];
    this.defines = [];
    try {
      this.worker.postMessage(message);
    } catch {
      this.postEach(this.worker, message);
    }
  }

  /**
   * A batch that structured cloning refused (a value no copy can carry, e.g. a
   * function in a subscription's options from some store): sent job by job, and
   * the jobs that cannot be copied are dropped, counted and logged.
   */
  private postEach(worker: Worker, message: Extract<ToDeliveryThread, { type: 'jobs' }>): void {
    let define = message.define;
    let lost = 0;
    let firstError: unknown;
    for (const job of message.jobs) {
      try {
        worker.postMessage({ type: 'jobs', define, jobs: [job] } satisfies ToDeliveryThread);
        define = [];
      } catch (error) {
        lost++;
        firstError ??= error;
      }
    }
    this.defines.unshift(...define);
    if (lost === 0) return;
    this.outstanding -= lost;
    this.reportListener({ delivered: 0, failed: 0, retried: 0, dropped: lost }, []);
    this.logger.error(
      { event: 'notification_dropped', err: firstError, dropped_since_last_warning: lost },
      'Notifications dropped: they could not be handed to the delivery thread',
    );
  }

  private idOf(notifier: Notifier): number {
    let id = this.ids.get(notifier);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(notifier, id);
      const { module, settings } = notifier.offThread!;
      this.defines.push({ id, module, settings });
    }
    return id;
  }

  private received(message: FromDeliveryThread): void {
    switch (message.type) {
      case 'ack':
        this.outstanding -= message.count;
        this.held = message.queued;
        break;
      case 'report':
        this.held = message.queued;
        this.reportListener(message.counts, message.states);
        break;
      case 'log':
        this.logger[message.level](message.fields, message.message);
        break;
      case 'drained':
        this.drainedListener?.(message.abandoned);
        break;
    }
  }

  /** Later jobs are delivered in this thread; those the worker held are lost (logged). */
  private died(error: unknown): void {
    if (this.broken) return;
    this.broken = true;
    this.logger.error(
      { event: 'delivery_thread_failed', err: error, lost: this.outstanding + this.held },
      'The notification delivery thread failed; deliveries continue in the request thread',
    );
  }
}
