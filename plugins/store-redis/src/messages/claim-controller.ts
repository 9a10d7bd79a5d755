import { randomUUID } from 'node:crypto';
import {
  ClaimDoesNotExist,
  type ClaimController,
  type ClaimCreateOptions,
  type ClaimInfo,
  type ClaimOptions,
  StorageUnavailable,
  type StoredMessage,
} from '@zaqarjs/core';
import type { StoreContext } from '../store-context';
import { int } from '../util/codec';
import { SCAN_BUDGET } from './message-controller';
import { parseRecords } from './records';

/** A claim slice reply: last position read, 1 at the queue's end, messages taken, then records. */
type ClaimReply = [string, number, number, ...unknown[]];

/**
 * Claims. Selection and marking happen inside one Lua script, so two concurrent
 * claims never share a message; when a scan budget runs out before the limit, the
 * same claim continues in another call after the last position read.
 */
export class RedisClaimController implements ClaimController {
  constructor(private readonly ctx: StoreContext) {}

  async create(project: string, queue: string, options: ClaimCreateOptions): Promise<{ id: string; messages: StoredMessage[] } | null> {
    if (options.limit <= 0) return null;
    const id = randomUUID();
    const now = this.ctx.now();
    const policy = options.deadLetter;
    const deadLetter = policy ? [this.ctx.keys.queue(project, policy.queue), policy.maxClaimCount, policy.messagesTtl ?? -1] : ['', 0, -1];
    const messages: StoredMessage[] = [];
    let remaining = options.limit;
    let after = '0';
    for (;;) {
      const reply = await this.claimSlice(messages.length > 0, [
        this.base(project, queue),
        now,
        after,
        remaining,
        SCAN_BUDGET,
        id,
        options.ttl,
        options.grace,
        ...deadLetter,
        this.ctx.keys.dataIndex,
      ]);
      messages.push(...parseRecords(reply, 3, now).map((r) => r.message));
      remaining -= reply[2];
      if (remaining <= 0 || reply[1] === 1) break;
      after = reply[0];
    }
    return messages.length > 0 ? { id, messages } : null;
  }

  /**
   * One claimMessages call; once earlier calls claimed messages, any failure leaves the claim's outcome unknown.
   * Sent at once: claims already waited for the posts of their turn (core's claims API), and
   * holding them to the next turn's check phase would add that turn to every claim.
   */
  private async claimSlice(claimedBefore: boolean, args: (string | number)[]): Promise<ClaimReply> {
    try {
      return await this.ctx.runNow<ClaimReply>('claimMessages', args);
    } catch (error) {
      if (!claimedBefore) throw error;
      throw new StorageUnavailable('The Redis store failed in the middle of a claim', error, { outcomeUnknown: true });
    }
  }

  async get(project: string, queue: string, claimId: string): Promise<ClaimInfo> {
    const now = this.ctx.now();
    const reply = await this.ctx.run<unknown[]>('getClaim', [this.base(project, queue), now, claimId]);
    if (reply.length === 0) throw new ClaimDoesNotExist(claimId, queue, project);
    const ttl = int(reply[0]);
    const age = Math.max(0, now - (int(reply[1]) - ttl));
    return { id: claimId, ttl, age, messages: parseRecords(reply, 2, now).map((r) => r.message) };
  }

  async update(project: string, queue: string, claimId: string, options: ClaimOptions): Promise<void> {
    const renewed = await this.ctx.run<number>('renewClaim', [this.base(project, queue), this.ctx.now(), claimId, options.ttl, options.grace]);
    if (renewed !== 1) throw new ClaimDoesNotExist(claimId, queue, project);
  }

  async delete(project: string, queue: string, claimId: string): Promise<void> {
    await this.ctx.run('releaseClaim', [this.base(project, queue), claimId]);
  }

  private base(project: string, queue: string): string {
    return this.ctx.keys.queue(project, queue);
  }
}
