/**
 * Group commit for message posts. A small post costs little to insert but a
 * whole commit to make durable, so posts that arrive while the event loop is
 * busy are written together in one transaction: each keeps its own contiguous,
 * ordered positions (FIFO per queue is unchanged), and each caller still gets
 * its own ids. If the shared transaction fails, every post is retried alone so
 * one failing post cannot fail the others.
 *
 * One batch is written at a time: posts that arrive while a batch commits wait and
 * form the next one, so the batch size follows the commit latency (a server
 * database's fsync, a queue counter locked by another process) instead of every
 * event-loop turn starting a transaction of its own that would only queue behind
 * the previous one on the same counter row.
 */
export interface PendingPost<P> {
  post: P;
  resolve(): void;
  reject(error: unknown): void;
}

export class PostBatcher<P> {
  private pending: PendingPost<P>[] = [];
  private scheduled = false;

  /** `writeAll` writes every post in one transaction; `writeOne` writes one in its own. */
  constructor(
    private readonly writeAll: (posts: readonly P[]) => Promise<void>,
    private readonly writeOne: (post: P) => Promise<void>,
    /** Posts per transaction at most, so one commit never grows without bound. */
    private readonly maxBatch = 256,
  ) {}

  /** Resolves once `post` is committed. */
  submit(post: P): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ post, resolve, reject });
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

  private async flush(batch: PendingPost<P>[]): Promise<void> {
    if (batch.length === 1) return settle(batch[0], () => this.writeOne(batch[0].post));
    try {
      await this.writeAll(batch.map((p) => p.post));
      batch.forEach((p) => p.resolve());
    } catch {
      await Promise.all(batch.map((p) => settle(p, () => this.writeOne(p.post))));
    }
  }
}

/** Runs `write` (which may also throw synchronously) and settles the caller's promise with its outcome. */
async function settle<P>(pending: PendingPost<P>, write: () => Promise<void>): Promise<void> {
  try {
    await write();
    pending.resolve();
  } catch (error) {
    pending.reject(error);
  }
}
