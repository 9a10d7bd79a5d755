import type { IdempotencyController, IdempotencyRecord, IdempotencyReservation } from '@zaqarjs/core';
import type { StoreContext } from '../store-context';

/** A record as stored: fingerprint, holder token, ids once the post is done. */
interface StoredRecord {
  f: string;
  t: string;
  ids?: string[];
}

/**
 * Idempotency keys as one string per key under the queue's base (`B idem:<key>`): a Lua
 * SET NX arbitrates a key across processes, and Redis expiry (PX) drops records by itself.
 */
export class RedisIdempotencyController implements IdempotencyController {
  constructor(private readonly ctx: StoreContext) {}

  private recordKey(project: string, queue: string, key: string): string {
    return `${this.ctx.keys.queue(project, queue)}idem:${key}`;
  }

  async reserve(project: string, queue: string, key: string, reservation: IdempotencyReservation): Promise<IdempotencyRecord | undefined> {
    const record: StoredRecord = { f: reservation.fingerprint, t: reservation.token };
    const held = await this.ctx.run<string | null>('idempotencyReserve', [
      this.recordKey(project, queue, key),
      JSON.stringify(record),
      reservation.leaseSeconds * 1000,
    ]);
    if (held === null) return undefined;
    const stored = JSON.parse(held) as StoredRecord;
    return { fingerprint: stored.f, ids: stored.ids };
  }

  async complete(project: string, queue: string, key: string, token: string, ids: string[], windowSeconds: number): Promise<void> {
    await this.ctx.run('idempotencySettle', [this.recordKey(project, queue, key), token, JSON.stringify(ids), windowSeconds * 1000]);
  }

  async release(project: string, queue: string, key: string, token: string): Promise<void> {
    await this.ctx.run('idempotencySettle', [this.recordKey(project, queue, key), token, '', 0]);
  }

  /** Redis expires records itself. */
  async collectGarbage(): Promise<number> {
    return 0;
  }
}
