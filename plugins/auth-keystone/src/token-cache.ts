/**
 * Validated (and rejected) tokens, by SHA-256 of the token, in memory: each
 * entry lives `token_cache_time` at most and never past the token's expiry;
 * the oldest entries go first beyond MAX_ENTRIES. Concurrent lookups of one
 * token share one Keystone call.
 */
import { createHash } from 'node:crypto';

export const MAX_ENTRIES = 10_000;

interface Entry<T> {
  value: T;
  until: number;
}

export class TokenCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly pending = new Map<string, Promise<T>>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = MAX_ENTRIES,
  ) {}

  static keyOf(token: string): string {
    return createHash('sha256').update(token).digest('base64');
  }

  /** The cached value, or undefined. */
  get(key: string, now = Date.now()): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until > now) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  /** `load` once for concurrent callers; its value is kept until `untilOf(value)` capped by the cache time. */
  load(key: string, load: () => Promise<T>, untilOf: (value: T) => number | undefined): Promise<T> {
    const running = this.pending.get(key);
    if (running) return running;
    const promise = load()
      .then((value) => {
        this.set(key, value, untilOf(value));
        return value;
      })
      .finally(() => this.pending.delete(key));
    this.pending.set(key, promise);
    return promise;
  }

  private set(key: string, value: T, expiresAt: number | undefined): void {
    if (this.ttlMs <= 0) return;
    const now = Date.now();
    const until = Math.min(now + this.ttlMs, expiresAt ?? Infinity);
    if (until <= now) return;
    this.entries.delete(key);
    this.entries.set(key, { value, until });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }

  get size(): number {
    return this.entries.size;
  }
}
