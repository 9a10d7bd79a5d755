import type { Subscription } from '../storage/types';

/** What the fan-out reads per post to a queue: its subscriptions and its `_retry_policy` metadata. */
export interface FanoutInputs {
  subscriptions: readonly Subscription[];
  queuePolicy: Record<string, unknown> | undefined;
}

interface Entry {
  inputs: FanoutInputs;
  until: number;
}

/** Queues remembered at most; past it the least recently stored entry is dropped. */
const MAX_ENTRIES = 10_000;

/**
 * The fan-out inputs of a queue, reused for a short time so a burst of posts
 * reads the subscription list and the queue metadata once instead of once per
 * post (the QueueMetadataMemo contract). Changes made through this process
 * (subscription create, update, delete, confirm; queue metadata update or
 * delete) drop the entry at once; changes made through another API node, and
 * subscriptions expiring, are seen within the ttl. A ttl of 0 turns it off.
 */
export class FanoutMemo {
  private readonly entries = new Map<string, Entry>();
  /** Bumped by every `forget`: a read that started before one must not store what it read. */
  private generation = 0;

  constructor(private readonly ttlMs: number) {}

  /** The remembered inputs of the queue, else what `load` returns (then remembered). */
  async get(project: string, queue: string, load: () => Promise<FanoutInputs>): Promise<FanoutInputs> {
    if (this.ttlMs <= 0) return load();
    const key = `${project}\u0000${queue}`;
    const entry = this.entries.get(key);
    if (entry && entry.until > Date.now()) return entry.inputs;
    const generation = this.generation;
    const inputs = await load();
    if (generation === this.generation) {
      this.entries.delete(key);
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(key, { inputs, until: Date.now() + this.ttlMs });
    }
    return inputs;
  }

  /** Drops what is remembered about the queue (`queue` as stored: a topic's is `~<topic>`). */
  forget(project: string, queue: string): void {
    this.generation++;
    this.entries.delete(`${project}\u0000${queue}`);
  }
}
