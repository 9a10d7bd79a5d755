import type { IdempotencyController, IdempotencyRecord, IdempotencyReservation } from '@zaqarjs/core';
import type { ObjectId } from 'mongodb';
import { isDuplicateKey } from '../management/control-context';
import { keyId } from '../util/ids';
import { toDate } from '../util/values';
import type { MessageStoreContext } from './message-store-context';

/** One Idempotency-Key record in `<database>_idempotency.keys`. */
export interface IdempotencyDoc {
  /** keyId of (project, queue, key): one document per key of a queue, on any server. */
  _id: ObjectId;
  /** Fingerprint of the post's messages. */
  f: string;
  /** The holder's reservation token. */
  t: string;
  /** Stored ids; null while the post is in flight. */
  ids: string[] | null;
  /** Expiry (TTL index); reads also filter it, the TTL monitor runs only once a minute. */
  e: Date;
}

/**
 * Idempotency keys: an insert with the key's derived `_id` arbitrates (duplicate key: held),
 * so it holds on servers without unique secondary indexes too; expired records are deleted
 * before a bid, by the TTL index, and by collectGarbage.
 */
export class MongoIdempotencyController implements IdempotencyController {
  constructor(private readonly ctx: MessageStoreContext) {}

  private id(project: string, queue: string, key: string): ObjectId {
    return keyId('idempotency', project, queue, key);
  }

  async reserve(project: string, queue: string, key: string, reservation: IdempotencyReservation): Promise<IdempotencyRecord | undefined> {
    const keys = this.ctx.idempotencyKeys();
    const _id = this.id(project, queue, key);
    for (;;) {
      const now = this.ctx.now();
      await keys.deleteOne({ _id, e: { $lte: toDate(now) } });
      try {
        await keys.insertOne({ _id, f: reservation.fingerprint, t: reservation.token, ids: null, e: toDate(now + reservation.leaseSeconds) });
        return undefined;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      const held = await keys.findOne({ _id, e: { $gt: toDate(now) } });
      // Our own insert, when a retried call finds it: the key is ours.
      if (held?.t === reservation.token && held.ids === null) return undefined;
      if (held) return { fingerprint: held.f, ids: held.ids ?? undefined };
    }
  }

  async complete(project: string, queue: string, key: string, token: string, ids: string[], windowSeconds: number): Promise<void> {
    const e = toDate(this.ctx.now() + windowSeconds);
    await this.ctx.idempotencyKeys().updateOne({ _id: this.id(project, queue, key), t: token }, { $set: { ids, e } });
  }

  async release(project: string, queue: string, key: string, token: string): Promise<void> {
    await this.ctx.idempotencyKeys().deleteOne({ _id: this.id(project, queue, key), t: token, ids: null });
  }

  async collectGarbage(): Promise<number> {
    return (await this.ctx.idempotencyKeys().deleteMany({ e: { $lte: toDate(this.ctx.now()) } })).deletedCount;
  }
}
