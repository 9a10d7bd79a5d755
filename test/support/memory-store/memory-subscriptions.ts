import { randomUUID } from 'node:crypto';
import {
  SubscriptionAlreadyExists,
  SubscriptionDoesNotExist,
  type Page,
  type Subscription,
  type SubscriptionController,
  type SubscriptionUpdate,
} from '@zaqarjs/core';
import { MemoryState, type SubscriptionRecord } from './state';

/** Subscriptions of the in-memory store, unique per (project, queue, subscriber); expired ones are invisible. */
export class MemorySubscriptions implements SubscriptionController {
  constructor(private readonly state: MemoryState) {}

  private table(project: string, queue: string): Map<string, SubscriptionRecord> {
    const key = MemoryState.key(project, queue);
    let table = this.state.subscriptions.get(key);
    if (!table) {
      table = new Map();
      this.state.subscriptions.set(key, table);
    }
    return table;
  }

  private live(project: string, queue: string): SubscriptionRecord[] {
    const now = this.state.now();
    return [...this.table(project, queue).values()].filter((s) => s.since + s.ttl > now).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  private view(queue: string, s: SubscriptionRecord): Subscription {
    return {
      id: s.id,
      source: queue,
      subscriber: s.subscriber,
      ttl: s.ttl,
      age: this.state.now() - s.since,
      options: structuredClone(s.options),
      confirmed: s.confirmed,
    };
  }

  private find(project: string, queue: string, id: string): SubscriptionRecord {
    const found = this.live(project, queue).find((s) => s.id === id);
    if (!found) throw new SubscriptionDoesNotExist(id);
    return found;
  }

  async list(project: string, queue: string, options: { marker?: string; limit: number }): Promise<Page<Subscription>> {
    const items = this.live(project, queue)
      .filter((s) => options.marker === undefined || s.id > options.marker)
      .slice(0, options.limit);
    return items.length === 0 ? { items: [] } : { items: items.map((s) => this.view(queue, s)), marker: items[items.length - 1].id };
  }

  async get(project: string, queue: string, id: string): Promise<Subscription> {
    return this.view(queue, this.find(project, queue, id));
  }

  async create(project: string, queue: string, subscriber: string, ttl: number, options: Record<string, unknown>): Promise<string | null> {
    const table = this.table(project, queue);
    for (const [id, s] of table) if (s.subscriber === subscriber && !this.live(project, queue).includes(s)) table.delete(id);
    if (this.live(project, queue).some((s) => s.subscriber === subscriber)) return null;
    const id = randomUUID();
    table.set(id, { id, subscriber, ttl, since: this.state.now(), options: structuredClone(options), confirmed: false });
    return id;
  }

  async update(project: string, queue: string, id: string, changes: SubscriptionUpdate): Promise<void> {
    const record = this.find(project, queue, id);
    if (changes.subscriber !== undefined && this.live(project, queue).some((s) => s.id !== id && s.subscriber === changes.subscriber)) {
      throw new SubscriptionAlreadyExists();
    }
    if (changes.subscriber !== undefined) record.subscriber = changes.subscriber;
    if (changes.options !== undefined) record.options = structuredClone(changes.options);
    if (changes.ttl !== undefined) {
      record.ttl = changes.ttl;
      record.since = this.state.now();
    }
  }

  async delete(project: string, queue: string, id: string): Promise<void> {
    this.table(project, queue).delete(id);
  }

  async getWithSubscriber(project: string, queue: string, subscriber: string): Promise<Subscription | undefined> {
    const found = this.live(project, queue).find((s) => s.subscriber === subscriber);
    return found && this.view(queue, found);
  }

  async confirm(project: string, queue: string, id: string, confirmed: boolean): Promise<void> {
    this.find(project, queue, id).confirmed = confirmed;
  }

  async listAll(project: string, queue: string): Promise<Subscription[]> {
    return this.live(project, queue).map((s) => this.view(queue, s));
  }
}
