import {
  SubscriptionAlreadyExists,
  SubscriptionDoesNotExist,
  type Page,
  type Subscription,
  type SubscriptionController,
  type SubscriptionUpdate,
} from '@zaqarjs/core';
import { MongoServerError, type Filter, type ObjectId } from 'mongodb';
import { keyId, newId, parseId } from '../util/ids';
import { toDate } from '../util/values';
import type { MessageStoreContext } from './message-store-context';
import { toSubscription, type SubscriptionDoc } from './subscription-documents';

const DUPLICATE_KEY = 11000;

/** Subscriptions, unique by (project, queue, subscriber) among live ones through subscriber locks. */
export class MongoSubscriptionController implements SubscriptionController {
  constructor(private readonly ctx: MessageStoreContext) {}

  private live(project: string, queue: string, now: number): Filter<SubscriptionDoc> {
    return { p: project, s: queue, e: { $gt: toDate(now) } };
  }

  async list(project: string, queue: string, options: { marker?: string; limit: number }): Promise<Page<Subscription>> {
    const marker = options.marker === undefined ? undefined : parseId(options.marker);
    if (options.limit <= 0 || (options.marker !== undefined && !marker)) return { items: [] };
    const now = this.ctx.now();
    const filter = { ...this.live(project, queue, now), ...(marker ? { _id: { $gt: marker } } : {}) };
    const docs = await this.ctx.subscriptions().find(filter).sort({ _id: 1 }).limit(options.limit).toArray();
    return { items: docs.map((d) => toSubscription(d, now)), marker: docs[docs.length - 1]?._id.toHexString() };
  }

  async get(project: string, queue: string, id: string): Promise<Subscription> {
    const oid = parseId(id);
    const now = this.ctx.now();
    const doc = oid && (await this.ctx.subscriptions().findOne({ ...this.live(project, queue, now), _id: oid }));
    if (!doc) throw new SubscriptionDoesNotExist(id);
    return toSubscription(doc, now);
  }

  async create(project: string, queue: string, subscriber: string, ttl: number, options: Record<string, unknown>): Promise<string | null> {
    const now = this.ctx.now();
    const id = newId(now);
    if (!(await this.lock(project, queue, subscriber, id, now + ttl, now))) return null;
    const doc: SubscriptionDoc = { _id: id, s: queue, u: subscriber, t: ttl, e: toDate(now + ttl), o: options ?? {}, p: project, c: false };
    await this.ctx.subscriptions().insertOne(doc);
    return id.toHexString();
  }

  async update(project: string, queue: string, id: string, changes: SubscriptionUpdate): Promise<void> {
    const oid = parseId(id);
    const now = this.ctx.now();
    const doc = oid && (await this.ctx.subscriptions().findOne({ ...this.live(project, queue, now), _id: oid }));
    if (!oid || !doc) throw new SubscriptionDoesNotExist(id);
    const expires = changes.ttl !== undefined ? now + changes.ttl : Math.floor(doc.e.getTime() / 1000);
    const moving = changes.subscriber !== undefined && changes.subscriber !== doc.u;
    if (moving && !(await this.lock(project, queue, changes.subscriber!, oid, expires, now))) throw new SubscriptionAlreadyExists();
    const set: Partial<SubscriptionDoc> = {};
    if (changes.subscriber !== undefined) set.u = changes.subscriber;
    if (changes.ttl !== undefined) Object.assign(set, { t: changes.ttl, e: toDate(expires) });
    if (changes.options !== undefined) set.o = changes.options ?? {};
    if (Object.keys(set).length > 0) await this.ctx.subscriptions().updateOne({ _id: oid }, { $set: set });
    const locks = this.ctx.subscriberLocks();
    if (moving) await locks.deleteOne({ _id: keyId('subscriber', project, queue, doc.u), sub: oid });
    else if (changes.ttl !== undefined) await locks.updateOne({ _id: keyId('subscriber', project, queue, doc.u), sub: oid }, { $set: { e: toDate(expires) } });
  }

  async delete(project: string, queue: string, id: string): Promise<void> {
    const oid = parseId(id);
    if (!oid) return;
    const doc = await this.ctx.subscriptions().findOneAndDelete({ _id: oid, p: project, s: queue });
    if (doc) await this.ctx.subscriberLocks().deleteOne({ _id: keyId('subscriber', project, queue, doc.u), sub: oid });
  }

  async getWithSubscriber(project: string, queue: string, subscriber: string): Promise<Subscription | undefined> {
    const now = this.ctx.now();
    const doc = await this.ctx.subscriptions().findOne({ ...this.live(project, queue, now), u: subscriber });
    return doc ? toSubscription(doc, now) : undefined;
  }

  async confirm(project: string, queue: string, id: string, confirmed: boolean): Promise<void> {
    const oid = parseId(id);
    const result = oid && (await this.ctx.subscriptions().updateOne({ ...this.live(project, queue, this.ctx.now()), _id: oid }, { $set: { c: confirmed } }));
    if (!result || result.matchedCount === 0) throw new SubscriptionDoesNotExist(id);
  }

  async listAll(project: string, queue: string): Promise<Subscription[]> {
    const now = this.ctx.now();
    const docs = await this.ctx
      .subscriptions()
      .find(this.live(project, queue, now))
      .sort({ _id: 1 })
      .toArray();
    return docs.map((d) => toSubscription(d, now));
  }

  /**
   * Makes `holder` the subscription of (project, queue, subscriber): true when the lock was
   * free or held by an expired subscription (which is then removed), false when a live one has it.
   */
  private async lock(project: string, queue: string, subscriber: string, holder: ObjectId, expires: number, now: number): Promise<boolean> {
    const locks = this.ctx.subscriberLocks();
    const _id = keyId('subscriber', project, queue, subscriber);
    try {
      await locks.insertOne({ _id, sub: holder, e: toDate(expires) });
      return true;
    } catch (error) {
      if (!(error instanceof MongoServerError && error.code === DUPLICATE_KEY)) throw error;
    }
    const previous = await locks.findOneAndUpdate(
      { _id, e: { $lte: toDate(now) } },
      { $set: { sub: holder, e: toDate(expires) } },
      { returnDocument: 'before' },
    );
    if (!previous) return false;
    await this.ctx.subscriptions().deleteOne({ _id: previous.sub, e: { $lte: toDate(now) } });
    return true;
  }
}
