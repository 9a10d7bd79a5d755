import type { IdempotencyController, IdempotencyRecord, IdempotencyReservation } from '@zaqarjs/core';
import type { StoreContext } from '../store-context';
import { decodeJson, encodeJson } from '../util/codec';
import { insertIfAbsent } from '../util/upsert';

/**
 * Idempotency keys in the `idempotency_keys` table, keyed by (project, queue, key): the
 * primary key arbitrates concurrent posts of one key, across processes sharing the database.
 * An expired row is deleted when a bid finds it (so it never blocks one) and by collectGarbage.
 */
export class SqlIdempotencyController implements IdempotencyController {
  constructor(private readonly ctx: StoreContext) {}

  async reserve(project: string, queue: string, key: string, reservation: IdempotencyReservation): Promise<IdempotencyRecord | undefined> {
    const { db, dialect } = this.ctx.backend;
    for (;;) {
      const now = this.ctx.now();
      // A fresh key costs one insert; only a taken one is read, and an expired holder deleted.
      const row = { project, queue, key, fingerprint: reservation.fingerprint, token: reservation.token, ids: null, expires: now + reservation.leaseSeconds };
      const inserted = await insertIfAbsent(dialect, db.insertInto('idempotency_keys').values(row), ['project', 'queue', 'key']).executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return undefined;
      const held = await db
        .selectFrom('idempotency_keys')
        .select(['fingerprint', 'ids', 'expires'])
        .where('project', '=', project)
        .where('queue', '=', queue)
        .where('key', '=', key)
        .executeTakeFirst();
      if (held && Number(held.expires) > now) return { fingerprint: held.fingerprint, ids: held.ids === null ? undefined : decodeJson<string[]>(held.ids) };
      // Expired (or gone since the insert): clear it and bid again.
      await db
        .deleteFrom('idempotency_keys')
        .where('project', '=', project)
        .where('queue', '=', queue)
        .where('key', '=', key)
        .where('expires', '<=', now)
        .execute();
    }
  }

  async complete(project: string, queue: string, key: string, token: string, ids: string[], windowSeconds: number): Promise<void> {
    await this.ctx.backend.db
      .updateTable('idempotency_keys')
      .set({ ids: encodeJson(ids), expires: this.ctx.now() + windowSeconds })
      .where('project', '=', project)
      .where('queue', '=', queue)
      .where('key', '=', key)
      .where('token', '=', token)
      .execute();
  }

  async release(project: string, queue: string, key: string, token: string): Promise<void> {
    await this.ctx.backend.db
      .deleteFrom('idempotency_keys')
      .where('project', '=', project)
      .where('queue', '=', queue)
      .where('key', '=', key)
      .where('token', '=', token)
      .where('ids', 'is', null)
      .execute();
  }

  async collectGarbage(): Promise<number> {
    const result = await this.ctx.backend.db.deleteFrom('idempotency_keys').where('expires', '<=', this.ctx.now()).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
