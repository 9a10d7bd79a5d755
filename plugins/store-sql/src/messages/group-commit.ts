/**
 * Group commit for small writes (message posts, deletes by id). A small write
 * costs little to execute but a whole commit to make durable, so writes that
 * arrive while the event loop is busy are made together in one transaction:
 * each caller still gets its own result (posts keep their own contiguous,
 * ordered positions, so FIFO per queue is unchanged). If the shared
 * transaction fails, every write is retried alone so one failing write cannot
 * fail the others.
 *
 * One batch is written at a time: writes that arrive while a batch commits wait and
 * form the next one, so the batch size follows the commit latency (a server
 * database's fsync, a queue counter locked by another process) instead of every
 * event-loop turn starting a transaction of its own that would only queue behind
 * the previous one.
 */
interface Pending<W, R> {
  write: W;
  resolve(result: R): void;
  reject(error: unknown): void;
}

export class GroupCommit<W, R = void> {
  private pending: Pending<W, R>[] = [];
  private scheduled = false;

  /** `writeAll` makes every write in one transaction (results in the same order); `writeOne` makes one in its own. */
  constructor(
    private readonly writeAll: (writes: readonly W[]) => Promise<readonly R[]>,
    private readonly writeOne: (write: W) => Promise<R>,
    /** Writes per transaction at most, so one commit never grows without bound. */
    private readonly maxBatch = 256,
  ) {}

  /** Resolves with the write's result once it is committed. */
  submit(write: W): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ write, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // setImmediate: requests whose bytes arrived in the same poll phase join this batch.
        setImmediate(() => void this.drain());
      }
    });
  }

  /** Writes batches one after another until nothing is pending. */
  private async drain(): Promise<void> {
    while (this.pending.length > 0) await this.flush(this.pending.splice(0, this.maxBatch));
    this.scheduled = false;
  }

  private async flush(batch: Pending<W, R>[]): Promise<void> {
    if (batch.length === 1) return settle(batch[0], () => this.writeOne(batch[0].write));
    let results: readonly R[];
    try {
      results = await this.writeAll(batch.map((p) => p.write));
    } catch {
      await Promise.all(batch.map((p) => settle(p, () => this.writeOne(p.write))));
      return;
    }
    batch.forEach((p, i) => p.resolve(results[i]));
  }
}

/** Runs `write` (which may also throw synchronously) and settles the caller's promise with its outcome. */
async function settle<W, R>(pending: Pending<W, R>, write: () => Promise<R>): Promise<void> {
  try {
    pending.resolve(await write());
  } catch (error) {
    pending.reject(error);
  }
}
