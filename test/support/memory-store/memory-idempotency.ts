import type { IdempotencyController, IdempotencyRecord, IdempotencyReservation } from '@zaqarjs/core';
import type { Clock } from './state';

interface Entry {
  fingerprint: string;
  token: string;
  ids?: string[];
  expires: number;
}

/** Idempotency keys in a map; one process, so a synchronous check-and-set arbitrates. */
export class MemoryIdempotency implements IdempotencyController {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: Clock) {}

  private live(id: string): Entry | undefined {
    const entry = this.entries.get(id);
    return entry && entry.expires > this.now() ? entry : undefined;
  }

  async reserve(project: string, queue: string, key: string, reservation: IdempotencyReservation): Promise<IdempotencyRecord | undefined> {
    const id = JSON.stringify([project, queue, key]);
    const held = this.live(id);
    if (held) return held.ids ? { fingerprint: held.fingerprint, ids: [...held.ids] } : { fingerprint: held.fingerprint };
    this.entries.set(id, { fingerprint: reservation.fingerprint, token: reservation.token, expires: this.now() + reservation.leaseSeconds });
    return undefined;
  }

  async complete(project: string, queue: string, key: string, token: string, ids: string[], windowSeconds: number): Promise<void> {
    const held = this.live(JSON.stringify([project, queue, key]));
    if (held?.token !== token) return;
    held.ids = [...ids];
    held.expires = this.now() + windowSeconds;
  }

  async release(project: string, queue: string, key: string, token: string): Promise<void> {
    const id = JSON.stringify([project, queue, key]);
    const held = this.live(id);
    if (held?.token === token && !held.ids) this.entries.delete(id);
  }

  async collectGarbage(): Promise<number> {
    let removed = 0;
    for (const [id, entry] of this.entries) {
      if (entry.expires <= this.now()) removed += Number(this.entries.delete(id));
    }
    return removed;
  }
}
