import type { QueueMetadata } from '../storage/types';

interface Entry {
  metadata: QueueMetadata;
  until: number;
}

/** Queues remembered at most; past it the least recently stored entry is dropped. */
const MAX_ENTRIES = 10_000;

/**
 * Queue metadata as read on the post path, reused for a short time so a burst of
 * posts to one queue reads it once instead of once per post. Changes made through
 * this process (create, update, delete) drop the entry at once; changes made through
 * another API node are seen within the ttl: the reference's cache contract is "short
 * staleness is acceptable". A ttl of 0 turns it off.
 */
export class QueueMetadataMemo {
  private readonly entries = new Map<string, Entry>();
  /** Bumped by every `forget`: a read that started before one must not store what it read. */
  private generation = 0;

  constructor(private readonly ttlMs: number) {}

  /** The remembered metadata of the queue, else what `load` returns (then remembered). */
  async get(project: string, queue: string, load: () => Promise<QueueMetadata>): Promise<QueueMetadata> {
    if (this.ttlMs <= 0) return load();
    const key = keyOf(project, queue);
    const entry = this.entries.get(key);
    if (entry && entry.until > Date.now()) return entry.metadata;
    const generation = this.generation;
    const metadata = Object.freeze(await load());
    if (generation === this.generation) this.remember(key, metadata);
    return metadata;
  }

  /**
   * The remembered metadata of the queue, if a post stored it within the ttl; nothing is read or
   * stored. Reads (claims, lists) use it but do not fill it: an entry they stored would also
   * tell posts the queue exists, and a queue gone from the store (deleted through another node,
   * or a store restarted empty) would then not be re-created by the next post.
   */
  remembered(project: string, queue: string): QueueMetadata | undefined {
    if (this.ttlMs <= 0) return undefined;
    const entry = this.entries.get(keyOf(project, queue));
    return entry && entry.until > Date.now() ? entry.metadata : undefined;
  }

  /** Drops what is remembered about the queue (its metadata changed or it was deleted here). */
  forget(project: string, queue: string): void {
    this.generation++;
    this.entries.delete(keyOf(project, queue));
  }

  private remember(key: string, metadata: QueueMetadata): void {
    this.entries.delete(key);
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { metadata, until: Date.now() + this.ttlMs });
  }
}

function keyOf(project: string, queue: string): string {
  return `${project}\u0000${queue}`;
}
