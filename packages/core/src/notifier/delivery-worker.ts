/**
 * The delivery thread's entry (see DeliveryThread): lowers its own OS
 * priority, rebuilds the notifiers it is told of from their `offThread`
 * modules, and runs each job through the same Deliveries (pool, retry
 * timers, drop counts) as the request thread would. Counts and changed
 * subscription states go back every REPORT_MS; log lines go to the request
 * thread's logger.
 */
import { execFileSync } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { Logger } from '../util/logger';
import { Deliveries, type DeliveryCounts } from './deliveries';
import type { DeliveryThreadData, FromDeliveryThread, ToDeliveryThread } from './delivery-thread';
import { NotificationFailed } from './delivery-error';
import type { Notifier } from './notifier';
import { TaskPool } from './task-pool';

/** How often counts go back to the request thread. */
const REPORT_MS = 100;
const DRAIN_POLL_MS = 25;

const port = parentPort!;
const data = workerData as DeliveryThreadData;
const send = (message: FromDeliveryThread): void => {
  try {
    port.postMessage(message);
  } catch (error) {
    // Only a log line can hold something uncopyable (counts and states are plain): send it without its fields.
    if (message.type !== 'log') throw error;
    port.postMessage({ ...message, fields: { event: message.fields.event, thread: 'delivery', fields_not_copied: String(error) } });
  }
};

try {
  setPriority(data.niceness); // pid 0: on Linux this thread only
} catch {
  /* not permitted here: deliveries simply compete at the same priority */
}

/**
 * Linux: puts this thread in SCHED_IDLE, where it runs on CPU time no other
 * thread wants (nice 19 alone still let deliveries and the receiver take about
 * a third of post throughput in bench:notify on 2 cores; SCHED_IDLE, with the
 * niceness above as fallback, about a fifth). Node has no call for it, so util-linux's
 * `chrt` sets it on this thread's id; lowering one's own policy needs no privilege.
 * Elsewhere, or when `chrt` is missing, the niceness stays.
 */
function idlePolicy(): void {
  let tid: string | undefined;
  try {
    tid = readlinkSync('/proc/thread-self').split('/').pop();
    execFileSync('chrt', ['--idle', '--pid', '0', tid!], { stdio: 'ignore', timeout: 5000 });
  } catch (error) {
    if (tid !== undefined) logger.info({ event: 'delivery_thread_priority', err: error }, 'The delivery thread keeps its niceness (chrt --idle failed)');
  }
}

/** An error as plain fields (an Error's cause may not be cloneable). */
function plain(value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  const { code, retryable } = value as { code?: unknown; retryable?: unknown };
  return { type: value.name, message: value.message, code, retryable, stack: value.stack };
}

function forwardingLogger(bindings: Record<string, unknown>): Logger {
  const log =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (obj: unknown, message?: string): void => {
      const fields: Record<string, unknown> = { ...bindings, thread: 'delivery' };
      if (obj !== null && typeof obj === 'object') for (const [k, v] of Object.entries(obj)) fields[k] = plain(v);
      send({ type: 'log', level, fields, message });
    };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'), child: (more) => forwardingLogger({ ...bindings, ...more }) };
}

const logger = forwardingLogger({});
if (data.idle) idlePolicy();
const deliveries = new Deliveries(new TaskPool(data.workers, logger, data.maxQueued), logger, undefined, data.maxQueued, { trackChanges: true });
const notifiers = new Map<number, Notifier>();
/** The `queued` of the last report or ack. */
let reportedQueued = 0;
const reported: DeliveryCounts = { delivered: 0, failed: 0, retried: 0, dropped: 0 };

/** A notifier whose module failed to load: every delivery is final and logged. */
function brokenNotifier(reason: string): Notifier {
  return { notify: () => Promise.reject(new NotificationFailed(reason, false)) };
}

function load(id: number, module: string, settings: unknown): void {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module is named at run time
    const created = (require(module) as { createNotifier(settings: unknown): Notifier }).createNotifier(settings);
    notifiers.set(id, created);
  } catch (error) {
    logger.error({ event: 'notifier_load_failed', module, err: error }, 'A notifier could not be loaded in the delivery thread');
    notifiers.set(id, brokenNotifier(`notifier ${module} could not be loaded: ${(error as Error).message}`));
  }
}

function report(): void {
  const { counts } = deliveries;
  const delta: DeliveryCounts = {
    delivered: counts.delivered - reported.delivered,
    failed: counts.failed - reported.failed,
    retried: counts.retried - reported.retried,
    dropped: counts.dropped - reported.dropped,
    // Latency goes back whole and starts again here (the request thread adds it up).
    latency: new Map(counts.latency),
  };
  const states = deliveries.takeChanges();
  const queued = deliveries.pending;
  if (delta.delivered + delta.failed + delta.retried + delta.dropped === 0 && states.length === 0 && counts.latency.size === 0 && queued === reportedQueued)
    return;
  counts.latency.clear();
  Object.assign(reported, { delivered: counts.delivered, failed: counts.failed, retried: counts.retried, dropped: counts.dropped });
  reportedQueued = queued;
  send({ type: 'report', counts: delta, states, queued });
}

async function drain(graceMs: number): Promise<void> {
  const deadline = Date.now() + graceMs;
  while (deliveries.pending > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS));
  report();
  send({ type: 'drained', abandoned: deliveries.pending });
}

setInterval(report, REPORT_MS).unref();

port.on('message', (message: ToDeliveryThread) => {
  if (message.type === 'drain') {
    void drain(message.graceMs);
    return;
  }
  for (const { id, module, settings } of message.define) load(id, module, settings);
  for (const job of message.jobs) {
    const notifier = notifiers.get(job.n) ?? brokenNotifier(`unknown notifier ${job.n}`);
    deliveries.submit({ notifier, subscription: job.s, notification: job.m, project: job.p, schedule: job.r });
  }
  reportedQueued = deliveries.pending;
  send({ type: 'ack', count: message.jobs.length, queued: reportedQueued });
});
