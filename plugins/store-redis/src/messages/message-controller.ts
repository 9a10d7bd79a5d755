import { randomUUID } from 'node:crypto';
import {
  canonicalUuid,
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
import { noticeText } from '../events';
import type { StoreContext } from '../store-context';
import { canonicalClientId, int } from '../util/codec';
import { postedMessageArgs } from './message-encoding';
import { collectGarbage, collectQueueGarbage } from './garbage';
import { parseMarker, parseRecords, type PositionedMessage } from './records';

/**
 * Index entries one script call reads at most: a listing or pop over a long run of
 * filtered-out messages continues in further calls instead of blocking Redis.
 */
export const SCAN_BUDGET = 1000;
/** Messages a purge deletes per script call. */
const PURGE_CHUNK = 1000;

/** A slice reply: last position read, 1 when the queue's end was reached, then records. */
type SliceReply = [string, number, ...unknown[]];

/**
 * Messages on Redis. Every method works in the (project, queue) key space, so an id of
 * another queue or project is simply absent; every read compares expiries with the
 * store's clock, whether or not Redis has evicted the data yet.
 */
export class RedisMessageController implements MessageController {
  constructor(private readonly ctx: StoreContext) {}

  async post(project: string, queue: string, messages: NewMessage[], clientId: string): Promise<string[]> {
    if (messages.length === 0) return [];
    const ids = messages.map(() => randomUUID());
    const now = this.ctx.now();
    const client = canonicalClientId(clientId);
    // The script also publishes the posted notice the announce after the post would (see NoticesSentWithPosts).
    const notice = noticeText({ project, queue, messageIds: ids });
    const args: string[] = [this.base(project, queue), this.ctx.keys.dataIndex, this.ctx.keys.eventsChannel, notice];
    messages.forEach((m, i) => args.push(...postedMessageArgs(ids[i], m, now, client)));
    await this.ctx.run('postMessages', args, messages.length);
    this.ctx.noticesSent.add(ids[0]);
    return ids;
  }

  async list(project: string, queue: string, options: MessageListOptions): Promise<Page<StoredMessage>> {
    const marker = parseMarker(options.marker);
    if (marker === undefined || options.limit <= 0) return { items: [] };
    const now = this.ctx.now();
    const base = this.base(project, queue);
    const filters = [options.includeClaimed, options.includeDelayed, options.echo].map((f) => (f ? '1' : '0'));
    const client = canonicalClientId(options.clientId);
    const slice = (after: string, wanted: number) => this.ctx.run<SliceReply>('listMessages', [base, now, after, wanted, SCAN_BUDGET, ...filters, client]);
    const found = await this.scan(marker, options.limit, slice, now);
    const last = found[found.length - 1];
    return { items: found.map((f) => f.message), marker: last ? String(last.seq) : undefined };
  }

  async get(project: string, queue: string, id: string): Promise<StoredMessage> {
    const [found] = await this.read(project, queue, [id]);
    if (!found) throw new MessageDoesNotExist(id, queue, project);
    return found.message;
  }

  async bulkGet(project: string, queue: string, ids: string[]): Promise<StoredMessage[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const found = await this.read(project, queue, unique);
    return found.sort((a, b) => a.seq - b.seq).map((f) => f.message);
  }

  /** The unexpired messages among `ids`, in no particular order. */
  private async read(project: string, queue: string, ids: string[]): Promise<PositionedMessage[]> {
    const now = this.ctx.now();
    const reply = await this.ctx.run<unknown[]>('getMessages', [this.base(project, queue), now, ...ids]);
    return parseRecords(reply, 0, now);
  }

  async delete(project: string, queue: string, id: string, claimId?: string): Promise<void> {
    const outcome = await this.ctx.run<string>('deleteMessage', [this.base(project, queue), this.ctx.now(), id, claimId ?? '']);
    switch (outcome) {
      case 'claimed':
        throw new MessageIsClaimed(id);
      case 'not_claimed':
        // A malformed claim id names no claim at all (reference: ClaimDoesNotExist first).
        throw canonicalUuid(claimId!) ? new MessageNotClaimed(id) : new ClaimDoesNotExist(claimId!, queue, project);
      case 'not_claimed_by':
        throw new MessageNotClaimedBy(id, claimId!);
      case 'no_claim':
        throw new ClaimDoesNotExist(claimId!, queue, project);
    }
  }

  async bulkDelete(project: string, queue: string, ids: string[], claimIds?: string[]): Promise<void> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return;
    // An empty claim list still means "check": no message can then be held by one of them.
    const claims = claimIds === undefined ? [] : claimIds.length > 0 ? claimIds : [''];
    const [outcome, id] = await this.ctx.run<string[]>('bulkDelete', [this.base(project, queue), this.ctx.now(), unique.length, ...unique, ...claims]);
    if (outcome === 'not_claimed') throw new MessageNotClaimed(id);
    if (outcome === 'not_claimed_by') throw new MessageNotClaimedBy(id, (claimIds ?? []).join(','));
  }

  async pop(project: string, queue: string, limit: number): Promise<StoredMessage[]> {
    if (limit <= 0) return [];
    const now = this.ctx.now();
    const base = this.base(project, queue);
    const slice = (after: string, wanted: number) => this.ctx.run<SliceReply>('popMessages', [base, now, after, wanted, SCAN_BUDGET]);
    const found = await this.scan(0, limit, slice, now);
    return found.map((f) => f.message);
  }

  async stats(project: string, queue: string): Promise<QueueStats> {
    const now = this.ctx.now();
    const base = this.base(project, queue);
    // Counting needs the expired messages gone (lua/queue_stats.lua).
    await collectQueueGarbage(this.ctx, base, now);
    const reply = await this.ctx.run<[number, number, number, string, string, string, string]>('queueStats', [base, now]);
    const [total, claimed, delayed, oldestId, oldestCreated, newestId, newestCreated] = reply;
    const stats: QueueStats = { claimed, free: total - claimed, delayed, total };
    const view = (id: string, created: string) => ({ id, created: int(created), age: Math.max(0, now - int(created)) });
    if (oldestId) stats.oldest = view(oldestId, oldestCreated);
    if (newestId) stats.newest = view(newestId, newestCreated);
    return stats;
  }

  async deleteAll(project: string, queue: string): Promise<void> {
    const base = this.base(project, queue);
    while ((await this.ctx.run<number>('purgeQueue', [base, PURGE_CHUNK])) !== 1);
  }

  async collectGarbage(): Promise<GarbageCounts> {
    return collectGarbage(this.ctx);
  }

  /**
   * Runs a slice script after `marker` until `limit` messages were found or the queue
   * ended; each call reads at most SCAN_BUDGET entries.
   */
  private async scan(marker: number, limit: number, slice: (after: string, wanted: number) => Promise<SliceReply>, now: number): Promise<PositionedMessage[]> {
    const found: PositionedMessage[] = [];
    let after = String(marker);
    for (;;) {
      const reply = await slice(after, limit - found.length);
      found.push(...parseRecords(reply, 2, now));
      if (found.length >= limit || reply[1] === 1) return found;
      after = reply[0];
    }
  }

  private base(project: string, queue: string): string {
    return this.ctx.keys.queue(project, queue);
  }
}
