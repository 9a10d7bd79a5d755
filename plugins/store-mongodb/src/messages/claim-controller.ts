import { ClaimDoesNotExist, type ClaimController, type ClaimCreateOptions, type ClaimInfo, type ClaimOptions, type StoredMessage } from '@zaqarjs/core';
import type { ObjectId } from 'mongodb';
import { newId, parseId } from '../util/ids';
import { toDate } from '../util/values';
import { moveToDeadLetter } from './dead-letter';
import { MESSAGE_PROJECTION, scopeKey, toStoredMessage, type MessageDoc } from './documents';
import type { MessageStoreContext } from './message-store-context';
import type { MessagePoster } from './posting';
import { freeIn, heldBy } from './queries';

/**
 * Claims live on the messages (`c.id`, `c.e`, `c.t`), as in the reference: there is no claim
 * document. A claim selects free candidates, then marks them with one `updateMany` that
 * re-checks that they are still free, so two claimers never share a message (as in the
 * reference) without transactions. Unlike the reference, a create that lost every candidate to
 * racing claimers does not return nothing while messages are left: it takes them one at a
 * time with `findOneAndUpdate` (atomic on the server, so a crowd of claimers cannot starve).
 */
export class MongoClaimController implements ClaimController {
  constructor(
    private readonly ctx: MessageStoreContext,
    private readonly poster: MessagePoster,
  ) {}

  async create(project: string, queue: string, options: ClaimCreateOptions): Promise<{ id: string; messages: StoredMessage[] } | null> {
    if (options.limit <= 0) return null;
    const now = this.ctx.now();
    const claimed = await this.mark(project, queue, options, now);
    if (claimed.docs.length === 0) return null;
    const messages = await this.settle(project, queue, claimed.id, claimed.docs, options, now);
    return messages.length === 0 ? null : { id: claimed.id.toHexString(), messages };
  }

  async get(project: string, queue: string, claimId: string): Promise<ClaimInfo> {
    const id = parseId(claimId);
    const now = this.ctx.now();
    const docs = id
      ? await this.ctx
          .messages(project, queue)
          .find(heldBy(scopeKey(project, queue), id, now), { projection: MESSAGE_PROJECTION })
          .sort({ k: 1 })
          .toArray()
      : [];
    if (docs.length === 0) throw new ClaimDoesNotExist(claimId, queue, project);
    const { t: ttl, e: expires } = docs[0].c;
    return { id: claimId, ttl, age: Math.max(0, now - (expires - ttl)), messages: docs.map((d) => toStoredMessage(d, now)) };
  }

  async update(project: string, queue: string, claimId: string, options: ClaimOptions): Promise<void> {
    const id = parseId(claimId);
    const now = this.ctx.now();
    const p_q = scopeKey(project, queue);
    const claimExpires = now + options.ttl;
    const renewed = id && (await this.ctx.messages(project, queue).updateMany(heldBy(p_q, id, now), { $set: { 'c.e': claimExpires, 'c.t': options.ttl } }));
    if (!id || !renewed || renewed.matchedCount === 0) throw new ClaimDoesNotExist(claimId, queue, project);
    await this.extend(project, queue, id, options, now);
  }

  async delete(project: string, queue: string, claimId: string): Promise<void> {
    const id = parseId(claimId);
    if (!id) return;
    await this.ctx.messages(project, queue).updateMany({ p_q: scopeKey(project, queue), 'c.id': id }, { $set: { 'c.id': null, 'c.e': this.ctx.now() } });
  }

  /**
   * Marks up to `limit` free messages, oldest first, with a new claim id and returns them (none
   * when the queue has no free message). The common case costs one select and one guarded
   * `updateMany`; when racing claimers took every candidate in between, messages are taken one
   * by one with `findOneAndUpdate`, each of which the server applies atomically.
   */
  private async mark(project: string, queue: string, options: ClaimCreateOptions, now: number): Promise<{ id: ObjectId; docs: MessageDoc[] }> {
    const collection = this.ctx.messages(project, queue);
    const p_q = scopeKey(project, queue);
    const id = newId(now);
    const claim = { $set: { 'c.id': id, 'c.e': now + options.ttl, 'c.t': options.ttl } };
    const candidates = await collection
      .find(freeIn(p_q, now), { projection: { _id: 1 } })
      .sort({ k: 1 })
      .limit(options.limit)
      .toArray();
    if (candidates.length === 0) return { id, docs: [] };
    const marked = await collection.updateMany({ ...freeIn(p_q, now), _id: { $in: candidates.map((c) => c._id) } }, claim);
    if (marked.modifiedCount === 0) {
      for (let taken = 0; taken < options.limit; taken++) {
        if (!(await collection.findOneAndUpdate(freeIn(p_q, now), claim, { sort: { k: 1 }, projection: { _id: 1 } }))) break;
      }
    }
    // Whole documents: a dead-letter move to another partition copies them.
    const docs = await collection.find({ p_q, 'c.id': id }).sort({ k: 1 }).toArray();
    return { id, docs };
  }

  /** Dead-letter moves and claim counts, then the TTL extension; returns the messages the claim keeps. */
  private async settle(project: string, queue: string, id: ObjectId, docs: MessageDoc[], options: ClaimCreateOptions, now: number): Promise<StoredMessage[]> {
    const policy = options.deadLetter;
    let kept = docs;
    if (policy) {
      const overused = docs.filter((d) => (d.c.c ?? 0) >= policy.maxClaimCount);
      kept = docs.filter((d) => (d.c.c ?? 0) < policy.maxClaimCount);
      await moveToDeadLetter(this.ctx, this.poster, project, queue, overused, policy, now);
      if (kept.length > 0) await this.ctx.messages(project, queue).updateMany({ p_q: scopeKey(project, queue), 'c.id': id }, { $inc: { 'c.c': 1 } });
    }
    if (kept.length === 0) return [];
    await this.extend(project, queue, id, options, now);
    // The documents as the updates just left them, without reading them back.
    const claimExpires = now + options.ttl;
    return kept.map((doc) => {
      const extended = doc.e.getTime() < claimExpires * 1000;
      const count = (doc.c.c ?? 0) + (policy ? 1 : 0);
      return toStoredMessage({ ...doc, t: extended ? options.ttl + options.grace : doc.t, c: { ...doc.c, c: count } }, now);
    });
  }

  /** Messages of the claim that would expire before it get ttl := claim ttl + grace. */
  private async extend(project: string, queue: string, id: ObjectId, options: ClaimOptions, now: number): Promise<void> {
    const claimExpires = now + options.ttl;
    await this.ctx
      .messages(project, queue)
      .updateMany(
        { p_q: scopeKey(project, queue), 'c.id': id, e: { $gt: toDate(now), $lt: toDate(claimExpires) } },
        { $set: { t: options.ttl + options.grace, e: toDate(claimExpires + options.grace) } },
      );
  }
}
