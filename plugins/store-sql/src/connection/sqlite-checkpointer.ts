import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Logger } from '@zaqarjs/core';

/** What the checkpoint worker is started with. */
export interface CheckpointerData {
  filename: string;
  intervalMs: number;
  /** Bytes a reset WAL file is truncated to. */
  journalSizeLimit: number;
}

/** How long a stopping worker may take to close its connection before it is terminated. */
const STOP_GRACE_MS = 5000;
/** How often committed frames are copied into the database file. */
const INTERVAL_MS = 100;
/**
 * WAL frames past which the connections of the process checkpoint on commit again. The
 * worker's PASSIVE checkpoints copy frames but cannot restart the WAL: only a writer can,
 * once every frame was copied, and under sustained posting a commit nearly always lands
 * between. The worker has copied nearly everything by then, so the commit's own
 * checkpoint copies little and the next write restarts the WAL; with its syncs that
 * commit still takes 10–14 ms, which every request in flight waits for, so under
 * sustained posting it sets the p99. At 4,000 frames it came every half second (posting
 * 10 messages, 16 connections); 8,000 (32 MiB of WAL at 4 KiB pages) halves how often
 * (3 interleaved pairs, one worker: post 10 p99 14.2/11.4/12.5 → 13.4/9.6/11.8 ms,
 * throughput level).
 */
const LONG_WAL_FRAMES = 8000;
/** WAL frames under which the worker takes over again. */
const SHORT_WAL_FRAMES = 1000;
/** A WAL file that grew under a burst shrinks back to this when it is reset. */
export const JOURNAL_SIZE_LIMIT = 64 * 1024 * 1024;

/**
 * WAL checkpoints of a SQLite file, run by a worker thread instead of the commits of
 * the event-loop thread. By default SQLite checkpoints inside the commit that crosses
 * 1,000 WAL pages: copying those pages into the database and syncing it stops the
 * server for that commit, which about doubles the average commit cost of a message
 * post and makes every ~30th group commit a latency spike.
 *
 * Connections of this process to the file call `attach` with a function that turns
 * their own automatic checkpoints on or off: off while the worker runs and the WAL is
 * short, on while it is long (see LONG_WAL_FRAMES) and for good if the worker cannot
 * start or dies, so the WAL never grows without bound.
 */
export class WalCheckpointer {
  #worker?: Worker;
  #stopped = false;
  /** Settles when the worker thread has exited (at once when none started). */
  #exited: Promise<void> = Promise.resolve();
  /** Whether the connections checkpoint on commit (their SQLite default) right now. */
  #automatic = true;
  readonly #connections = new Set<(automatic: boolean) => void>();

  constructor(
    private readonly filename: string,
    private readonly logger?: Logger,
  ) {
    try {
      const data: CheckpointerData = { filename, intervalMs: INTERVAL_MS, journalSizeLimit: JOURNAL_SIZE_LIMIT };
      const worker = new Worker(workerScript(), { workerData: data });
      worker.unref();
      this.#exited = new Promise((resolve) => worker.once('exit', () => resolve()));
      worker.on('message', (walFrames: number) => this.#onWalSize(walFrames));
      worker.on('error', (error) => this.#fallBack(error));
      worker.on('exit', (code) => this.#fallBack(new Error(`exited with code ${code}`)));
      this.#worker = worker;
      this.#automatic = false;
    } catch (error) {
      this.logger?.error({ err: error, database: filename }, 'The SQLite checkpoint thread could not start; connections checkpoint on commit');
    }
  }

  /** Registers a connection: `setAutomatic(false)` now if the worker runs, `setAutomatic(true)` if it stops. */
  attach(setAutomatic: (automatic: boolean) => void): () => void {
    if (!this.#worker) return () => {};
    setAutomatic(this.#automatic);
    this.#connections.add(setAutomatic);
    return () => this.#connections.delete(setAutomatic);
  }

  /** Stops the worker (after the last connection of the file closed). */
  stop(): void {
    this.#stopped = true;
    this.#connections.clear();
    const worker = this.#worker;
    if (!worker) return;
    // Referenced again: whoever awaits stopped() must not see the process end before the exit.
    worker.ref();
    worker.postMessage('stop');
    const timer = setTimeout(() => void worker.terminate(), STOP_GRACE_MS);
    timer.unref();
    void this.#exited.then(() => clearTimeout(timer));
  }

  /** Once stop() was called: settles when the worker has closed its connection and exited. */
  async stopped(): Promise<void> {
    if (this.#stopped) await this.#exited;
  }

  #onWalSize(walFrames: number): void {
    if (this.#stopped) return;
    if (!this.#automatic && walFrames > LONG_WAL_FRAMES) this.#setAutomatic(true);
    else if (this.#automatic && walFrames < SHORT_WAL_FRAMES) this.#setAutomatic(false);
  }

  #setAutomatic(automatic: boolean): void {
    this.#automatic = automatic;
    for (const setAutomatic of this.#connections) setAutomatic(automatic);
  }

  #fallBack(error: Error): void {
    if (!this.#worker) return;
    this.#worker = undefined;
    if (this.#stopped) return;
    this.logger?.error({ err: error, database: this.filename }, 'The SQLite checkpoint thread stopped; connections checkpoint on commit again');
    this.#setAutomatic(true);
    this.#connections.clear();
  }
}

/** The worker's script: always the built JavaScript (under ts-jest this module itself runs from src/). */
function workerScript(): string {
  const dir = __filename.endsWith('.ts') ? join(__dirname, '../../dist/connection') : __dirname;
  return join(dir, 'sqlite-checkpoint-worker.js');
}
