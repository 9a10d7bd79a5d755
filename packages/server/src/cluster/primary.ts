/**
 * The zaqar-server primary with `[DEFAULT] workers` > 1: forks the workers
 * (node:cluster, so they share the listening sockets of every transport),
 * relays message events, queue-metadata invalidations and metrics snapshots
 * between them, restarts a worker that dies (with back-off), and on
 * SIGTERM/SIGINT orders every worker to drain, exiting when all have. The primary serves nothing and
 * opens no store. Process-level by design (signals, exit): only cli.ts calls it.
 */
import cluster, { type Worker } from 'node:cluster';
import type { Logger } from '@zaqarjs/core';
import { ignoreHangup } from '../hangup';
import { MetricsGatherings } from './metrics-gathering';
import { isZaqarMessage, SLOT_ENV, type PrimaryMessage, type WorkerMessage } from './protocol';
import { workerExecArgv } from './worker-flags';

/** A worker that lived at least this long before dying is restarted at once; quicker deaths back off. */
const STABLE_MS = 10_000;
const FIRST_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 10_000;

interface Slot {
  index: number;
  worker?: Worker;
  startedAt: number;
  ready: boolean;
  quickDeaths: number;
  restartTimer?: NodeJS.Timeout;
}

/** Back-off before restarting a worker that died `quickDeaths` times in a row soon after starting. */
export function restartDelayMs(quickDeaths: number): number {
  return quickDeaths <= 0 ? 0 : Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (quickDeaths - 1));
}

/** A message to a worker that has just exited is simply not delivered. */
function ignoreClosedChannel(): void {}

/** Runs the primary until every worker has exited; resolves with the exit code. */
export function runPrimary(workers: number, logger: Logger): Promise<number> {
  const slots: Slot[] = Array.from({ length: workers }, (_, index) => ({ index, startedAt: 0, ready: false, quickDeaths: 0 }));
  const listening = new Set<Worker>();
  let anyReady = false;
  let stopping = false;
  let failed = false;
  let finish!: (code: number) => void;
  const done = new Promise<number>((resolve) => (finish = resolve));

  const live = () => slots.flatMap((slot) => (slot.worker ? [slot.worker] : []));
  // A worker may exit between isConnected() and the write (EPIPE): with a callback the error
  // comes back here instead of as an 'error' event, which would end the primary.
  const send = (worker: Worker, message: PrimaryMessage) => {
    if (worker.isConnected()) worker.send(message, undefined, ignoreClosedChannel);
  };
  const broadcast = (message: PrimaryMessage, except?: Worker) => live().forEach((w) => w !== except && send(w, message));
  const gatherings = new MetricsGatherings(send);

  const onMessage = (slot: Slot, worker: Worker, message: WorkerMessage) => {
    switch (message.zaqar) {
      case 'ready':
        slot.ready = anyReady = true;
        logger.info({ event: 'worker_ready', slot: slot.index, workerPid: worker.process.pid }, `Worker ${slot.index} serving`);
        // The first worker creates the store's schema alone; the others start once it serves.
        if (!stopping) slots.forEach((s) => s.worker || s.restartTimer || fork(s));
        break;
      case 'posted':
        // Only to workers with push subscribers, the sender included (it hears its own posts this way).
        listening.forEach((w) => send(w, message));
        break;
      case 'queue-changed':
        broadcast(message, worker);
        break;
      case 'subscribe':
        if (listening.size === 0) broadcast({ zaqar: 'audience', listening: true });
        listening.add(worker);
        send(worker, { zaqar: 'subscribed' });
        break;
      case 'metrics-request':
        gatherings.start(worker, message.request, live());
        break;
      case 'metrics-snapshot':
        gatherings.snapshot(worker, message.gathering, message.snapshot);
        break;
    }
  };

  const fork = (slot: Slot) => {
    const worker = cluster.fork({ [SLOT_ENV]: String(slot.index) });
    Object.assign(slot, { worker, startedAt: Date.now(), ready: false, restartTimer: undefined });
    worker.on('online', () => send(worker, { zaqar: 'audience', listening: listening.size > 0 }));
    worker.on('message', (message: unknown) => {
      if (isZaqarMessage<WorkerMessage>(message)) onMessage(slot, worker, message);
    });
    worker.on('exit', (code, signal) => onExit(slot, worker, code, signal));
    worker.on('error', (error) => logger.debug({ err: error, slot: slot.index }, 'Worker channel error'));
  };

  const onExit = (slot: Slot, worker: Worker, code: number | null, signal: string | null) => {
    slot.worker = undefined;
    listening.delete(worker);
    gatherings.exited(worker);
    if (listening.size === 0) broadcast({ zaqar: 'audience', listening: false });
    const pid = worker.process.pid;
    if (stopping) {
      if (code !== 0) failed = true;
      logger.info({ event: 'worker_stopped', slot: slot.index, workerPid: pid, code, signal }, `Worker ${slot.index} stopped`);
      if (live().length === 0) finish(failed ? 1 : 0);
      return;
    }
    if (!anyReady) {
      // A startup failure (the worker printed why): every worker would fail the same way.
      stopping = failed = true;
      live().forEach((w) => w.process.kill('SIGKILL'));
      if (live().length === 0) finish(1);
      return;
    }
    slot.quickDeaths = Date.now() - slot.startedAt < STABLE_MS ? slot.quickDeaths + 1 : 0;
    const delay = restartDelayMs(slot.quickDeaths);
    logger.error(
      { event: 'worker_died', slot: slot.index, workerPid: pid, code, signal, restartInMs: delay },
      `Worker ${slot.index} (pid ${pid}) died (${signal ?? `exit ${code}`}); restarting in ${delay} ms`,
    );
    slot.restartTimer = setTimeout(() => !stopping && fork(slot), delay);
  };

  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      process.stderr.write(`zaqar-server: ${signal} again, exiting without draining\n`);
      live().forEach((w) => w.process.kill('SIGKILL'));
      finish(1);
      return;
    }
    stopping = true;
    logger.info({ event: 'signal', signal, workers: live().length }, `Received ${signal}: draining every worker`);
    slots.forEach((slot) => clearTimeout(slot.restartTimer));
    broadcast({ zaqar: 'shutdown' });
    if (live().length === 0) finish(0);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  process.on('SIGHUP', () => ignoreHangup(logger));

  logger.info({ event: 'primary', workers }, `Starting ${workers} worker processes`);
  cluster.setupPrimary({ execArgv: workerExecArgv(process.execArgv, process.env.NODE_OPTIONS) });
  fork(slots[0]);
  return done;
}
