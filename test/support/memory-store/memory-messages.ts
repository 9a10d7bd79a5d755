import { randomUUID } from 'node:crypto';
import {
  ClaimDoesNotExist,
  MessageDoesNotExist,
  MessageIsClaimed,
  MessageNotClaimed,
  MessageNotClaimedBy,
  type GarbageCounts,
  type MessageController,
  type MessageListOptions,
  type NewMessage,
  type Page,
  type QueueStats,
  type StoredMessage,
} from '@zaqarjs/core';
import type { MemoryState, MessageRecord, QueueData } from './state';

const UUID = /^\{?(urn:uuid:)?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\}?$/i;

/** Client ids compare as UUIDs (case and dashes ignored) when both are UUIDs, else as text. */
function sameClient(a: string, b: string): boolean {
  if (UUID.test(a) && UUID.test(b))
    return (
      a
        .replace(/[^0-9a-f]/gi, '')
        .toLowerCase()
        .slice(-32) ===
      b
        .replace(/[^0-9a-f]/gi, '')
        .toLowerCase()
        .slice(-32)
    );
  return a === b;
}

/** The store's view of a record at `now`. */
export function toStored(state: MemoryState, data: QueueData, record: MessageRecord, now: number): StoredMessage {
  const message: StoredMessage = {
    id: record.id,
    ttl: record.ttl,
    age: now - record.created,
    created: record.created,
    body: record.body,
    claimId: state.liveClaim(data, record, now)?.id ?? null,
    claimCount: record.claimCount,
    clientId: record.clientId,
  };
  if (record.checksum) message.checksum = record.checksum;
  return message;
}

/** Messages of the in-memory store. */
export class MemoryMessages implements MessageController {
  constructor(private readonly state: MemoryState) {}

  async post(project: string, queue: string, messages: NewMessage[], clientId: string): Promise<string[]> {
    const data = this.state.queueOrCreate(project, queue);
    const now = this.state.now();
    return messages.map((m) => {
      const record: MessageRecord = {
        id: randomUUID(),
        seq: data.nextSeq++,
        body: structuredClone(m.body),
        ttl: m.ttl,
        created: now,
        expires: now + m.ttl,
        delayUntil: now + m.delay,
        clientId,
        claimId: null,
        claimCount: 0,
        checksum: m.checksum,
      };
      data.messages.push(record);
      data.byId.set(record.id, record);
      return record.id;
    });
  }

  async list(project: string, queue: string, options: MessageListOptions): Promise<Page<StoredMessage>> {
    const data = this.state.queue(project, queue);
    if (options.marker !== undefined && !/^\d+$/.test(options.marker)) return { items: [] };
    if (!data) return { items: [] };
    const after = options.marker === undefined ? 0 : Number(options.marker);
    const now = this.state.now();
    const items: MessageRecord[] = [];
    for (const record of data.messages) {
      if (items.length >= options.limit) break;
      if (record.seq <= after || !this.state.isLive(record, now)) continue;
      if (!options.echo && sameClient(record.clientId, options.clientId)) continue;
      if (!options.includeClaimed && this.state.liveClaim(data, record, now)) continue;
      if (!options.includeDelayed && record.delayUntil > now) continue;
      items.push(record);
    }
    if (items.length === 0) return { items: [] };
    return { items: items.map((r) => toStored(this.state, data, r, now)), marker: String(items[items.length - 1].seq) };
  }

  async get(project: string, queue: string, id: string): Promise<StoredMessage> {
    const data = this.state.queue(project, queue);
    const record = data?.byId.get(id);
    const now = this.state.now();
    if (!data || !record || !this.state.isLive(record, now)) throw new MessageDoesNotExist(id, queue, project);
    return toStored(this.state, data, record, now);
  }

  async bulkGet(project: string, queue: string, ids: string[]): Promise<StoredMessage[]> {
    const data = this.state.queue(project, queue);
    if (!data) return [];
    const now = this.state.now();
    return [...new Set(ids)]
      .map((id) => data.byId.get(id))
      .filter((r): r is MessageRecord => r !== undefined && this.state.isLive(r, now))
      .map((r) => toStored(this.state, data, r, now));
  }

  async delete(project: string, queue: string, id: string, claimId?: string): Promise<void> {
    const data = this.state.queue(project, queue);
    const record = data?.byId.get(id);
    const now = this.state.now();
    if (!data || !record || !this.state.isLive(record, now)) return;
    const holder = this.state.liveClaim(data, record, now);
    if (claimId === undefined) {
      if (holder) throw new MessageIsClaimed(id);
    } else if (!holder) {
      throw UUID.test(claimId) ? new MessageNotClaimed(id) : new ClaimDoesNotExist(claimId, queue, project);
    } else if (holder.id !== claimId) {
      const other = data.claims.get(claimId);
      if (other && other.expires > now) throw new MessageNotClaimedBy(id, claimId);
      throw new ClaimDoesNotExist(claimId, queue, project);
    }
    this.state.removeMessage(data, record);
  }

  async bulkDelete(project: string, queue: string, ids: string[], claimIds?: string[]): Promise<void> {
    const data = this.state.queue(project, queue);
    if (!data) return;
    const now = this.state.now();
    const records = ids.map((id) => data.byId.get(id)).filter((r): r is MessageRecord => r !== undefined && this.state.isLive(r, now));
    if (claimIds) {
      for (const record of records) {
        const holder = this.state.liveClaim(data, record, now);
        if (!holder) throw new MessageNotClaimed(record.id);
        if (!claimIds.includes(holder.id)) throw new MessageNotClaimedBy(record.id, claimIds[0] ?? '');
      }
    }
    for (const record of records) this.state.removeMessage(data, record);
  }

  async pop(project: string, queue: string, limit: number): Promise<StoredMessage[]> {
    const data = this.state.queue(project, queue);
    if (!data) return [];
    const now = this.state.now();
    const taken = data.messages.filter((r) => this.state.isLive(r, now) && !this.state.liveClaim(data, r, now) && r.delayUntil <= now).slice(0, limit);
    const popped = taken.map((r) => ({ ...toStored(this.state, data, r, now), claimId: null }));
    for (const record of taken) this.state.removeMessage(data, record);
    return popped;
  }

  async stats(project: string, queue: string): Promise<QueueStats> {
    const data = this.state.queue(project, queue);
    const now = this.state.now();
    const live = data ? data.messages.filter((r) => this.state.isLive(r, now)) : [];
    if (!data || live.length === 0) return { claimed: 0, free: 0, delayed: 0, total: 0 };
    const claimed = live.filter((r) => this.state.liveClaim(data, r, now)).length;
    const delayed = live.filter((r) => r.delayUntil > now).length;
    const ref = (r: MessageRecord) => ({ id: r.id, age: now - r.created, created: r.created });
    return { claimed, free: live.length - claimed, delayed, total: live.length, oldest: ref(live[0]), newest: ref(live[live.length - 1]) };
  }

  async deleteAll(project: string, queue: string): Promise<void> {
    this.state.queues.delete(`${project}\u0000${queue}`);
  }

  async collectGarbage(): Promise<GarbageCounts> {
    const now = this.state.now();
    const removed: GarbageCounts = { messages: 0, claims: 0, subscriptions: 0 };
    for (const data of this.state.queues.values()) {
      for (const record of [...data.messages]) {
        if (this.state.isLive(record, now)) continue;
        this.state.removeMessage(data, record);
        removed.messages++;
      }
      for (const [id, claim] of data.claims) {
        if (claim.expires > now) continue;
        data.claims.delete(id);
        removed.claims++;
      }
    }
    for (const subscriptions of this.state.subscriptions.values()) {
      for (const [id, s] of subscriptions) {
        if (s.since + s.ttl > now) continue;
        subscriptions.delete(id);
        removed.subscriptions++;
      }
    }
    return removed;
  }
}
