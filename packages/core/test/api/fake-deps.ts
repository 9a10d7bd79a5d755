/**
 * In-memory fakes of the storage contracts, just enough for the request-layer
 * unit tests of subscriptions, share and system endpoints.
 */
import { randomUUID } from 'node:crypto';
import type { ApiDeps, RequestContext } from '../../src/api/context';
import { BufferedBody } from '../../src/api/request-body';
import { TypedConf, type RawSections } from '../../src/config/conf';
import { coreOptionGroups } from '../../src/config/options';
import { OptionRegistry } from '../../src/config/registry';
import { ClaimDoesNotExist, SubscriptionAlreadyExists, SubscriptionDoesNotExist } from '../../src/errors/storage-errors';
import type { ControlDriver, DataDriver } from '../../src/storage/driver';
import type { Subscription, SubscriptionUpdate } from '../../src/storage/types';
import type { Logger } from '../../src/util/logger';

interface StoredSubscription extends Subscription {
  project: string;
  expires: number;
}

/** Subscriptions held in a map; ids are sortable so listing order is predictable. */
export class FakeSubscriptions {
  readonly rows = new Map<string, StoredSubscription>();
  private next = 0;
  failWith?: Error;

  private live(project: string, queue: string): StoredSubscription[] {
    const now = Date.now() / 1000;
    return [...this.rows.values()].filter((s) => s.project === project && s.source === queue && s.expires > now).sort((a, b) => a.id.localeCompare(b.id));
  }

  private view(s: StoredSubscription): Subscription {
    return { id: s.id, source: s.source, subscriber: s.subscriber, ttl: s.ttl, age: 0, options: s.options, confirmed: s.confirmed };
  }

  private check(): void {
    if (this.failWith) throw this.failWith;
  }

  async list(project: string, queue: string, options: { marker?: string; limit: number }) {
    this.check();
    const items = this.live(project, queue)
      .filter((s) => options.marker === undefined || s.id > options.marker)
      .slice(0, options.limit);
    return { items: items.map((s) => this.view(s)), marker: items.at(-1)?.id };
  }
  async get(project: string, queue: string, id: string) {
    this.check();
    const row = this.live(project, queue).find((s) => s.id === id);
    if (!row) throw new SubscriptionDoesNotExist(id);
    return this.view(row);
  }
  async create(project: string, queue: string, subscriber: string, ttl: number, options: Record<string, unknown>) {
    this.check();
    if (this.live(project, queue).some((s) => s.subscriber === subscriber)) return null;
    const id = `sub-${String(++this.next).padStart(4, '0')}`;
    this.rows.set(id, { id, project, source: queue, subscriber, ttl, age: 0, options, confirmed: false, expires: Date.now() / 1000 + ttl });
    return id;
  }
  async update(project: string, queue: string, id: string, changes: SubscriptionUpdate) {
    this.check();
    const row = this.live(project, queue).find((s) => s.id === id);
    if (!row) throw new SubscriptionDoesNotExist(id);
    if (changes.subscriber !== undefined && this.live(project, queue).some((s) => s.id !== id && s.subscriber === changes.subscriber))
      throw new SubscriptionAlreadyExists();
    Object.assign(row, changes);
    if (changes.ttl !== undefined) row.expires = Date.now() / 1000 + changes.ttl;
  }
  async delete(project: string, queue: string, id: string) {
    this.check();
    const row = this.rows.get(id);
    if (row && row.project === project && row.source === queue) this.rows.delete(id);
  }
  async getWithSubscriber(project: string, queue: string, subscriber: string) {
    this.check();
    const row = this.live(project, queue).find((s) => s.subscriber === subscriber);
    return row && this.view(row);
  }
  async confirm(project: string, queue: string, id: string, confirmed: boolean) {
    this.check();
    const row = this.live(project, queue).find((s) => s.id === id);
    if (!row) throw new SubscriptionDoesNotExist(id);
    row.confirmed = confirmed;
  }
  async listAll(project: string, queue: string) {
    return this.live(project, queue).map((s) => this.view(s));
  }
}

/** Queue names per project, and a call log the health test inspects. */
export class FakeQueues {
  readonly names = new Set<string>();
  readonly calls: string[] = [];
  failCreate?: Error;
  async create(project: string, name: string) {
    this.calls.push(`create ${project}/${name}`);
    if (this.failCreate) throw this.failCreate;
    const key = `${project}/${name}`;
    const created = !this.names.has(key);
    this.names.add(key);
    return created;
  }
  async delete(project: string, name: string) {
    this.calls.push(`delete ${project}/${name}`);
    this.names.delete(`${project}/${name}`);
  }
  async exists(project: string, name: string) {
    return this.names.has(`${project}/${name}`);
  }
}

/** Messages and claims, enough for the health self-test. */
export class FakeMessagesAndClaims {
  readonly messages = new Map<string, { id: string; claimId: string | null }>();
  readonly calls: string[] = [];
  failOn?: string;

  private log(call: string): void {
    this.calls.push(call);
    if (this.failOn === call) throw new Error(`${call} failed`);
  }
  async post(_p: string, _q: string, batch: unknown[]) {
    this.log('post');
    return batch.map(() => {
      const id = randomUUID();
      this.messages.set(id, { id, claimId: null });
      return id;
    });
  }
  async list() {
    this.log('list');
    return { items: [], marker: undefined };
  }
  async delete(_p: string, _q: string, id: string, claimId?: string) {
    this.log('delete');
    if (this.messages.get(id)?.claimId !== claimId) throw new ClaimDoesNotExist(claimId ?? '', 'q', 'p');
    this.messages.delete(id);
  }
  async bulkDelete(_p: string, _q: string, ids: string[]) {
    this.log('bulkDelete');
    for (const id of ids) this.messages.delete(id);
  }
  async deleteAll() {
    this.log('deleteAll');
    this.messages.clear();
  }
  async createClaim(_p: string, _q: string, options: { limit: number }) {
    this.log('claim');
    const free = [...this.messages.values()].filter((m) => m.claimId === null).slice(0, options.limit);
    const id = randomUUID();
    for (const m of free) m.claimId = id;
    return { id, messages: free.map((m) => ({ id: m.id })) };
  }
  async deleteClaim(_p: string, _q: string, claimId: string) {
    this.log('deleteClaim');
    for (const m of this.messages.values()) if (m.claimId === claimId) m.claimId = null;
  }
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silentLogger };

/** A conf built with the real option registry from raw INI-like sections. */
export function makeConf(sections: RawSections = {}): TypedConf {
  return new TypedConf(new OptionRegistry().register(...coreOptionGroups), sections);
}

export interface FakeDeps extends ApiDeps {
  subscriptions: FakeSubscriptions;
  queues: FakeQueues;
  store: FakeMessagesAndClaims;
  alive: { value: boolean | Error };
}

/** ApiDeps over the fakes; only the members the tested APIs call are real. */
export function makeDeps(sections: RawSections = {}): FakeDeps {
  const subscriptions = new FakeSubscriptions();
  const queues = new FakeQueues();
  const store = new FakeMessagesAndClaims();
  const alive: { value: boolean | Error } = { value: true };
  const isAlive = async () => {
    if (alive.value instanceof Error) throw alive.value;
    return alive.value;
  };
  const data = {
    isAlive,
    subscriptions,
    messages: store,
    claims: { create: store.createClaim.bind(store), delete: store.deleteClaim.bind(store) },
  } as unknown as DataDriver;
  const control = { isAlive, queues } as unknown as ControlDriver;
  return { conf: makeConf(sections), control, data, logger: silentLogger, subscriptions, queues, store, alive };
}

export const ctx: RequestContext = { project: 'proj', clientId: '3381af92-2b9e-11e3-b191-71861300734c', roles: [], requestId: 'req-1' };

/** A request body as the HTTP transport would hand it over. */
export function jsonBody(value?: unknown): BufferedBody {
  return new BufferedBody(value === undefined ? undefined : Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)));
}
