/**
 * Group commit for message posts. A small post costs little to insert but a
 * whole commit to make durable, so posts that arrive while the event loop is
 * busy are written together in one transaction: each keeps its own contiguous,
 * ordered positions (FIFO per queue is unchanged), and each caller still gets
 * its own ids. If the shared transaction fails, every post is retried alone so
 * one failing post cannot fail the others.
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
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending.splice(0, this.maxBatch);
    if (this.pending.length > 0) setImmediate(() => void this.flush());
    else this.scheduled = false;
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
