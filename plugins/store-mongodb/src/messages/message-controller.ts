import {
  ClaimDoesNotExist,
  MessageIsClaimed,
  MessageNotClaimed,
  MessageNotClaimedBy,
  MessageDoesNotExist,
  type GarbageCounts,
  type MessageController,
  type MessageListOptions,
  type NewMessage,
  type Page,
  type QueueStats,
  type StoredMessage,
} from '@zaqarjs/core';
import type { Filter } from 'mongodb';
import { parseId, parseIds } from '../util/ids';
import { canonicalClientId, toDate } from '../util/values';
import { MESSAGE_PROJECTION, scopeKey, toStoredMessage, type MessageDoc } from './documents';
import { postMessages, type MessagePoster } from './posting';
import type { MessageStoreContext } from './message-store-context';
import { freeIn, heldBy, liveIn, parseMarker } from './queries';
import { queueStats } from './stats';

/**
 * Messages on MongoDB. Every read filters expired messages itself: the TTL index only
 * reclaims space, about a minute late (the reference relied on it).
 */
export class MongoMessageController implements MessageController {
  constructor(
    private readonly ctx: MessageStoreContext,
    private readonly poster: MessagePoster,
  ) {}

  post(project: string, queue: string, messages: NewMessage[], clientId: string): Promise<string[]> {
    if (messages.length === 0) return Promise.resolve([]);
    return postMessages(this.ctx, this.poster, project, queue, messages, canonicalClientId(clientId));
  }

  async list(project: string, queue: string, options: MessageListOptions): Promise<Page<StoredMessage>> {
    const marker = parseMarker(options.marker);
    if (marker === undefined || options.limit <= 0) return { items: [] };
    const now = this.ctx.now();
    const filter: Filter<MessageDoc> = { ...liveIn(scopeKey(project, queue), now), k: { $gt: marker } };
    if (!options.includeClaimed) filter['c.e'] = { $lte: now };
    if (!options.includeDelayed) filter.d = { $lte: now };
    if (!options.echo) filter.u = { $ne: canonicalClientId(options.clientId) };
    const docs = await this.ctx.messages(project, queue).find(filter, { projection: MESSAGE_PROJECTION }).sort({ k: 1 }).limit(options.limit).toArray();
    const last = docs[docs.length - 1];
    return { items: docs.map((d) => toStoredMessage(d, now)), marker: last ? String(last.k) : undefined };
  }

  async get(project: string, queue: string, id: string): Promise<StoredMessage> {
    const oid = parseId(id);
    const now = this.ctx.now();
    const doc =
      oid && (await this.ctx.messages(project, queue).findOne({ ...liveIn(scopeKey(project, queue), now), _id: oid }, { projection: MESSAGE_PROJECTION }));
    if (!doc) throw new MessageDoesNotExist(id, queue, project);
    return toStoredMessage(doc, now);
  }

  async bulkGet(project: string, queue: string, ids: string[]): Promise<StoredMessage[]> {
    const oids = parseIds(ids);
    if (oids.length === 0) return [];
    const now = this.ctx.now();
    const filter = { ...liveIn(scopeKey(project, queue), now), _id: { $in: oids } };
    const docs = await this.ctx.messages(project, queue).find(filter, { projection: MESSAGE_PROJECTION }).sort({ k: 1 }).toArray();
    return docs.map((d) => toStoredMessage(d, now));
  }

  async delete(project: string, queue: string, id: string, claimId?: string): Promise<void> {
    const oid = parseId(id);
    if (!oid) return;
    const p_q = scopeKey(project, queue);
    const collection = this.ctx.messages(project, queue);
    const claim = claimId === undefined ? undefined : parseId(claimId);
    // Fast path: one guarded delete succeeds when the rules allow it; otherwise find out why.
    const now = this.ctx.now();
    // No guard for a malformed claim id: it holds nothing, the checks below say which error applies.
    const guard: Filter<MessageDoc> | undefined =
      claimId === undefined ? { _id: oid, p_q, 'c.e': { $lte: now } } : claim && { ...heldBy(p_q, claim, now), _id: oid };
    if (guard && (await collection.deleteOne(guard)).deletedCount > 0) return;
    const doc = await collection.findOne({ ...liveIn(p_q, now), _id: oid }, { projection: { c: 1 } });
    if (!doc) return;
    const holder = doc.c.id !== null && doc.c.e > now ? doc.c.id.toHexString() : null;
    if (claimId === undefined) {
      if (holder !== null) throw new MessageIsClaimed(id);
    } else if (holder === null) {
      throw claim ? new MessageNotClaimed(id) : new ClaimDoesNotExist(claimId, queue, project);
    } else if (!claim || holder !== claim.toHexString()) {
      const exists = claim && (await collection.findOne(heldBy(p_q, claim, now), { projection: { _id: 1 } }));
      throw exists ? new MessageNotClaimedBy(id, claimId) : new ClaimDoesNotExist(claimId, queue, project);
    }
    // The state changed between the two reads (a claim lapsed or was just taken): delete under the same guard.
    if (guard) await collection.deleteOne(guard);
  }

  async bulkDelete(project: string, queue: string, ids: string[], claimIds?: string[]): Promise<void> {
    const oids = parseIds(ids);
    if (oids.length === 0) return;
    const p_q = scopeKey(project, queue);
    const collection = this.ctx.messages(project, queue);
    if (claimIds === undefined) {
      await collection.deleteMany({ p_q, _id: { $in: oids } });
      return;
    }
    const now = this.ctx.now();
    const allowed = parseIds(claimIds);
    const docs = await collection.find({ ...liveIn(p_q, now), _id: { $in: oids } }, { projection: { c: 1 } }).toArray();
    for (const doc of docs) {
      const holder = doc.c.id !== null && doc.c.e > now ? doc.c.id : null;
      if (holder === null) throw new MessageNotClaimed(doc._id.toHexString());
      if (!allowed.some((c) => c.equals(holder))) throw new MessageNotClaimedBy(doc._id.toHexString(), claimIds.join(','));
    }
    // Guarded as checked: a message whose claim lapsed meanwhile is left alone.
    await collection.deleteMany({ p_q, _id: { $in: oids }, 'c.id': { $in: allowed }, 'c.e': { $gt: now } });
  }

  /** Up to `limit` find-one-and-delete of the oldest free message: each is atomic on its own. */
  async pop(project: string, queue: string, limit: number): Promise<StoredMessage[]> {
    const collection = this.ctx.messages(project, queue);
    const popped: StoredMessage[] = [];
    while (popped.length < limit) {
      const now = this.ctx.now();
      const doc = await collection.findOneAndDelete(freeIn(scopeKey(project, queue), now), { sort: { k: 1 }, projection: MESSAGE_PROJECTION });
      if (!doc) break;
      popped.push(toStoredMessage(doc, now));
    }
    return popped;
  }

  stats(project: string, queue: string): Promise<QueueStats> {
    return queueStats(this.ctx.messages(project, queue), scopeKey(project, queue), this.ctx.now());
  }

  async deleteAll(project: string, queue: string): Promise<void> {
    await this.ctx.messages(project, queue).deleteMany({ p_q: scopeKey(project, queue) });
  }

  /**
   * Releases lapsed claims (counting each claim once), then removes expired messages and
   * subscriptions. Only reclaims space: reads never depend on it (nor on the TTL indexes).
   */
  async collectGarbage(): Promise<GarbageCounts> {
    const now = this.ctx.now();
    const removed: GarbageCounts = { messages: 0, claims: 0, subscriptions: 0 };
    for (const collection of this.ctx.allMessages()) {
      const lapsed = { 'c.id': { $ne: null }, 'c.e': { $lte: now } };
      removed.claims += (await collection.distinct('c.id', lapsed)).length;
      await collection.updateMany(lapsed, { $set: { 'c.id': null } });
      removed.messages += (await collection.deleteMany({ e: { $lte: toDate(now) } })).deletedCount;
    }
    removed.subscriptions = (await this.ctx.subscriptions().deleteMany({ e: { $lte: toDate(now) } })).deletedCount;
    await this.ctx.subscriberLocks().deleteMany({ e: { $lte: toDate(now) } });
    return removed;
  }
}
