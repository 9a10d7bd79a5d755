import { randomUUID } from 'node:crypto';
import {
  SubscriptionAlreadyExists,
  SubscriptionDoesNotExist,
  type Page,
  type Subscription,
  type SubscriptionController,
  type SubscriptionUpdate,
} from '@zaqarjs/core';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { SubscriptionsTable, Tables } from '../schema/tables';
import type { StoreContext } from '../store-context';
import { decodeJson, encodeJson, int } from '../util/codec';
import { literalLimit, prepare } from '../util/prepared';

type Row = Selectable<SubscriptionsTable>;
type Scope = { project: string; queue: string };

/** `listAll` runs on every notified post, so it is compiled once. */
function subscriptionQueries(db: Kysely<Tables>) {
  return {
    live: prepare<Scope & { now: number }, Row>((p) =>
      db.selectFrom('subscriptions').selectAll().where('project', '=', p.project).where('queue', '=', p.queue).where('expires', '>', p.now).orderBy('id'),
    ),
  };
}

/**
 * Subscriptions, unique by (project, queue, subscriber) among live ones. The unique
 * index covers expired rows too, so an expired duplicate is removed before a write.
 */
export class SqlSubscriptionController implements SubscriptionController {
  constructor(private readonly ctx: StoreContext) {}

  async list(project: string, queue: string, options: { marker?: string; limit: number }): Promise<Page<Subscription>> {
    if (options.limit <= 0) return { items: [] };
    const now = this.ctx.now();
    const rows = await this.ctx.backend.db
      .selectFrom('subscriptions')
      .selectAll()
      .where('project', '=', project)
      .where('queue', '=', queue)
      .where('expires', '>', now)
      .$if(options.marker !== undefined, (qb) => qb.where('id', '>', options.marker!))
      .orderBy('id')
      .limit(literalLimit(options.limit))
      .execute();
    return { items: rows.map((r) => toSubscription(r, now)), marker: rows[rows.length - 1]?.id };
  }

  async get(project: string, queue: string, id: string): Promise<Subscription> {
    const now = this.ctx.now();
    const row = await liveById(this.ctx.backend.db, project, queue, id, now);
    if (!row) throw new SubscriptionDoesNotExist(id);
    return toSubscription(row, now);
  }

  async create(project: string, queue: string, subscriber: string, ttl: number, options: Record<string, unknown>): Promise<string | null> {
    return this.ctx.backend.transaction(async (trx) => {
      const now = this.ctx.now();
      if (await this.claimSubscriber(trx, project, queue, subscriber, now)) return null;
      const id = randomUUID();
      await trx
        .insertInto('subscriptions')
        .values({ id, project, queue, subscriber, ttl, expires: now + ttl, options: encodeJson(options ?? {}), confirmed: 0 })
        .execute();
      return id;
    });
  }

  async update(project: string, queue: string, id: string, changes: SubscriptionUpdate): Promise<void> {
    await this.ctx.backend.transaction(async (trx) => {
      const now = this.ctx.now();
      const row = await liveById(trx, project, queue, id, now);
      if (!row) throw new SubscriptionDoesNotExist(id);
      const { subscriber, ttl, options } = changes;
      if (subscriber !== undefined && subscriber !== row.subscriber) {
        const taken = await this.claimSubscriber(trx, project, queue, subscriber, now);
        if (taken) throw new SubscriptionAlreadyExists();
      }
      const set: Partial<Row> = {};
      if (subscriber !== undefined) set.subscriber = subscriber;
      if (ttl !== undefined) Object.assign(set, { ttl, expires: now + ttl });
      if (options !== undefined) set.options = encodeJson(options);
      if (Object.keys(set).length === 0) return;
      await trx.updateTable('subscriptions').set(set).where('id', '=', id).execute();
    });
  }

  async delete(project: string, queue: string, id: string): Promise<void> {
    await this.ctx.backend.db.deleteFrom('subscriptions').where('id', '=', id).where('project', '=', project).where('queue', '=', queue).execute();
  }

  async getWithSubscriber(project: string, queue: string, subscriber: string): Promise<Subscription | undefined> {
    const now = this.ctx.now();
    const row = await this.ctx.backend.db
      .selectFrom('subscriptions')
      .selectAll()
      .where('project', '=', project)
      .where('queue', '=', queue)
      .where('subscriber', '=', subscriber)
      .where('expires', '>', now)
      .executeTakeFirst();
    return row && toSubscription(row, now);
  }

  async confirm(project: string, queue: string, id: string, confirmed: boolean): Promise<void> {
    const result = await this.ctx.backend.db
      .updateTable('subscriptions')
      .set({ confirmed: confirmed ? 1 : 0 })
      .where('id', '=', id)
      .where('project', '=', project)
      .where('queue', '=', queue)
      .where('expires', '>', this.ctx.now())
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new SubscriptionDoesNotExist(id);
  }

  async listAll(project: string, queue: string): Promise<Subscription[]> {
    const now = this.ctx.now();
    const rows = await this.ctx.queries(subscriptionQueries).live.rows(this.ctx.backend.db, { project, queue, now });
    return rows.map((r) => toSubscription(r, now));
  }

  /** True when a live subscription already uses `subscriber`; clears an expired one that would block the unique index. */
  private async claimSubscriber(trx: Transaction<Tables>, project: string, queue: string, subscriber: string, now: number): Promise<boolean> {
    await trx
      .deleteFrom('subscriptions')
      .where('project', '=', project)
      .where('queue', '=', queue)
      .where('subscriber', '=', subscriber)
      .where('expires', '<=', now)
      .execute();
    const live = await trx
      .selectFrom('subscriptions')
      .select('id')
      .where('project', '=', project)
      .where('queue', '=', queue)
      .where('subscriber', '=', subscriber)
      .executeTakeFirst();
    return live !== undefined;
  }
}

function liveById(db: Kysely<Tables>, project: string, queue: string, id: string, now: number): Promise<Row | undefined> {
  return db
    .selectFrom('subscriptions')
    .selectAll()
    .where('id', '=', id)
    .where('project', '=', project)
    .where('queue', '=', queue)
    .where('expires', '>', now)
    .executeTakeFirst();
}

function toSubscription(row: Row, now: number): Subscription {
  const ttl = int(row.ttl);
  return {
    id: row.id,
    source: row.queue,
    subscriber: row.subscriber,
    ttl,
    age: Math.max(0, now - (int(row.expires) - ttl)),
    options: decodeJson<Record<string, unknown>>(row.options),
    confirmed: int(row.confirmed) !== 0,
  };
}
