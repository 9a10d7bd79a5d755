import { randomUUID } from 'node:crypto';
import {
  SubscriptionAlreadyExists,
  SubscriptionDoesNotExist,
  type Page,
  type Subscription,
  type SubscriptionController,
  type SubscriptionUpdate,
} from '@zaqarjs/core';
import { QUEUE_KEYS } from '../keys';
import type { StoreContext } from '../store-context';
import { decodeJson, encodeJson, int } from '../util/codec';

/** Hash fields of a subscription (lua/subscriptions.lua). */
const FIELDS = ['u', 't', 'e', 'o', 'c'] as const;
/** Ids read per round while expired subscriptions are skipped before the limit. */
const LIST_BATCH = 100;

type Fields = (string | null)[];

/**
 * Subscriptions of a queue, unique by (project, queue, subscriber) among live ones
 * (`B subscribers` maps a subscriber URI to its subscription). Listed by id.
 */
export class RedisSubscriptionController implements SubscriptionController {
  constructor(private readonly ctx: StoreContext) {}

  async list(project: string, queue: string, options: { marker?: string; limit: number }): Promise<Page<Subscription>> {
    if (options.limit <= 0) return { items: [] };
    const base = this.base(project, queue);
    const now = this.ctx.now();
    const items: Subscription[] = [];
    let from = options.marker === undefined ? '-' : `(${options.marker}`;
    for (;;) {
      const ids = await this.ctx.client.zrangebylex(base + QUEUE_KEYS.subs, from, '+', 'LIMIT', 0, LIST_BATCH);
      const found = await this.read(base, queue, ids, now);
      items.push(...found.slice(0, options.limit - items.length));
      if (items.length === options.limit || ids.length < LIST_BATCH) break;
      from = `(${ids[ids.length - 1]}`;
    }
    return { items, marker: items[items.length - 1]?.id };
  }

  async get(project: string, queue: string, id: string): Promise<Subscription> {
    const [found] = await this.read(this.base(project, queue), queue, [id], this.ctx.now());
    if (!found) throw new SubscriptionDoesNotExist(id);
    return found;
  }

  async create(project: string, queue: string, subscriber: string, ttl: number, options: Record<string, unknown>): Promise<string | null> {
    const args = [this.base(project, queue), this.ctx.now(), randomUUID(), subscriber, ttl, encodeJson(options ?? {}), this.ctx.keys.dataIndex];
    const id = await this.ctx.run<string>('subscriptionCreate', args);
    return id === '' ? null : id;
  }

  async update(project: string, queue: string, id: string, changes: SubscriptionUpdate): Promise<void> {
    const pairs: (string | number)[] = [];
    if (changes.subscriber !== undefined) pairs.push('subscriber', changes.subscriber);
    if (changes.ttl !== undefined) pairs.push('ttl', changes.ttl);
    if (changes.options !== undefined) pairs.push('options', encodeJson(changes.options ?? {}));
    const outcome = await this.ctx.run<string>('subscriptionUpdate', [this.base(project, queue), this.ctx.now(), id, ...pairs]);
    if (outcome === 'missing') throw new SubscriptionDoesNotExist(id);
    if (outcome === 'exists') throw new SubscriptionAlreadyExists();
  }

  async delete(project: string, queue: string, id: string): Promise<void> {
    await this.ctx.run('subscriptionDelete', [this.base(project, queue), id]);
  }

  async getWithSubscriber(project: string, queue: string, subscriber: string): Promise<Subscription | undefined> {
    const base = this.base(project, queue);
    const id = await this.ctx.client.hget(base + QUEUE_KEYS.subscribers, subscriber);
    if (id === null) return undefined;
    const [found] = await this.read(base, queue, [id], this.ctx.now());
    return found?.subscriber === subscriber ? found : undefined;
  }

  async confirm(project: string, queue: string, id: string, confirmed: boolean): Promise<void> {
    const done = await this.ctx.run<number>('subscriptionConfirm', [this.base(project, queue), this.ctx.now(), id, confirmed ? 1 : 0]);
    if (done !== 1) throw new SubscriptionDoesNotExist(id);
  }

  async listAll(project: string, queue: string): Promise<Subscription[]> {
    const base = this.base(project, queue);
    const ids = await this.ctx.client.zrange(base + QUEUE_KEYS.subs, 0, -1);
    return this.read(base, queue, ids, this.ctx.now());
  }

  /** The live subscriptions among `ids`, in the same order (one pipelined round trip). */
  private async read(base: string, queue: string, ids: string[], now: number): Promise<Subscription[]> {
    const replies = await Promise.all(ids.map((id) => this.ctx.client.hmget(base + QUEUE_KEYS.subscription(id), ...FIELDS)));
    return replies.flatMap((fields, i) => (fields[0] !== null && int(fields[2]) > now ? [toSubscription(ids[i], queue, fields, now)] : []));
  }

  private base(project: string, queue: string): string {
    return this.ctx.keys.queue(project, queue);
  }
}

function toSubscription(id: string, queue: string, [subscriber, ttl, expires, options, confirmed]: Fields, now: number): Subscription {
  const lifetime = int(ttl);
  return {
    id,
    source: queue,
    subscriber: subscriber ?? '',
    ttl: lifetime,
    age: Math.max(0, now - (int(expires) - lifetime)),
    options: decodeJson<Record<string, unknown>>(options ?? '{}'),
    confirmed: confirmed === '1',
  };
}
