import { randomUUID } from 'node:crypto';
import {
  ClaimDoesNotExist,
  type ClaimController,
  type ClaimCreateOptions,
  type ClaimInfo,
  type ClaimOptions,
  type DeadLetterPolicy,
  type StoredMessage,
} from '@zaqarjs/core';
import { toStored } from './memory-messages';
import type { ClaimRecord, MemoryState, MessageRecord, QueueData } from './state';

/** Claims of the in-memory store, with TTL extension and dead-letter moves. */
export class MemoryClaims implements ClaimController {
  constructor(private readonly state: MemoryState) {}

  async create(project: string, queue: string, options: ClaimCreateOptions): Promise<{ id: string; messages: StoredMessage[] } | null> {
    const data = this.state.queue(project, queue);
    if (!data) return null;
    const now = this.state.now();
    const candidates = data.messages
      .filter((r) => this.state.isLive(r, now) && !this.state.liveClaim(data, r, now) && r.delayUntil <= now)
      .slice(0, options.limit);
    const claim: ClaimRecord = { id: randomUUID(), ttl: options.ttl, renewed: now, expires: now + options.ttl, messageIds: new Set() };
    const claimed: MessageRecord[] = [];
    for (const record of candidates) {
      if (options.deadLetter && record.claimCount >= options.deadLetter.maxClaimCount) {
        this.moveToDeadLetter(project, data, record, options.deadLetter, now);
        continue;
      }
      if (options.deadLetter) record.claimCount++;
      record.claimId = claim.id;
      claim.messageIds.add(record.id);
      extend(record, claim, options.grace, now);
      claimed.push(record);
    }
    if (claimed.length === 0) return null;
    data.claims.set(claim.id, claim);
    return { id: claim.id, messages: claimed.map((r) => toStored(this.state, data, r, now)) };
  }

  private moveToDeadLetter(project: string, source: QueueData, record: MessageRecord, policy: DeadLetterPolicy, now: number): void {
    this.state.removeMessage(source, record);
    const target = this.state.queueOrCreate(project, policy.queue);
    record.claimId = null;
    record.seq = target.nextSeq++;
    if (policy.messagesTtl !== undefined) {
      record.ttl = policy.messagesTtl;
      record.expires = now + policy.messagesTtl;
    }
    target.messages.push(record);
    target.byId.set(record.id, record);
  }

  private live(project: string, queue: string, claimId: string): { data: QueueData; claim: ClaimRecord; now: number } {
    const data = this.state.queue(project, queue);
    const claim = data?.claims.get(claimId);
    const now = this.state.now();
    if (!data || !claim || claim.expires <= now) throw new ClaimDoesNotExist(claimId, queue, project);
    return { data, claim, now };
  }

  async get(project: string, queue: string, claimId: string): Promise<ClaimInfo> {
    const { data, claim, now } = this.live(project, queue, claimId);
    const messages = [...claim.messageIds]
      .map((id) => data.byId.get(id))
      .filter((r): r is MessageRecord => r !== undefined && this.state.isLive(r, now))
      .sort((a, b) => a.seq - b.seq)
      .map((r) => toStored(this.state, data, r, now));
    return { id: claim.id, ttl: claim.ttl, age: now - claim.renewed, messages };
  }

  async update(project: string, queue: string, claimId: string, options: ClaimOptions): Promise<void> {
    const { data, claim, now } = this.live(project, queue, claimId);
    claim.ttl = options.ttl;
    claim.renewed = now;
    claim.expires = now + options.ttl;
    for (const id of claim.messageIds) {
      const record = data.byId.get(id);
      if (record) extend(record, claim, options.grace, now);
    }
  }

  async delete(project: string, queue: string, claimId: string): Promise<void> {
    const data = this.state.queue(project, queue);
    const claim = data?.claims.get(claimId);
    if (!data || !claim) return;
    for (const id of claim.messageIds) {
      const record = data.byId.get(id);
      if (record?.claimId === claimId) record.claimId = null;
    }
    data.claims.delete(claimId);
  }
}

/** A message that would die before its claim lives until claim end + grace. */
function extend(record: MessageRecord, claim: ClaimRecord, grace: number, now: number): void {
  if (record.expires < claim.expires) {
    record.ttl = claim.ttl + grace;
    record.expires = now + claim.ttl + grace;
  }
}
