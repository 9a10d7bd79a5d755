import {
  ClaimDoesNotExist,
  type ClaimController,
  type ClaimCreateOptions,
  type ClaimInfo,
  type ClaimOptions,
  type DeadLetterPolicy,
  type StoredMessage,
} from '@zaqarjs/core';
import type { Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Tables } from '../schema/tables';
import type { StoreContext } from '../store-context';
import { int } from '../util/codec';
import { idValues } from '../util/prepared';
import { claimQueries, type ClaimQueries } from './claim-queries';
import { messageQueries, reservePositions } from './message-queries';
import { toStoredMessage } from './rows';

/**
 * Claims. Selection and marking happen in one write transaction, which on SQLite is
 * exclusive from its first statement (BEGIN IMMEDIATE) and on server dialects takes
 * row locks (FOR UPDATE SKIP LOCKED): a message is never handed to two live claims.
 */
export class SqlClaimController implements ClaimController {
  constructor(private readonly ctx: StoreContext) {}

  private get q(): ClaimQueries {
    return this.ctx.queries(claimQueries);
  }

  async create(project: string, queue: string, options: ClaimCreateOptions): Promise<{ id: string; messages: StoredMessage[] } | null> {
    if (options.limit <= 0) return null;
    if (this.ctx.backend.dialect === 'postgresql' && !options.deadLetter) return this.createAtOnce(project, queue, options);
    if (this.ctx.backend.dialect === 'sqlite') return this.ctx.claimsInLine.run(project, queue, () => this.createInTransaction(project, queue, options));
    return this.createInTransaction(project, queue, options);
  }

  /** Claims in one write transaction (SQLite, MySQL; PostgreSQL with a dead-letter policy). */
  private async createInTransaction(project: string, queue: string, options: ClaimCreateOptions): Promise<{ id: string; messages: StoredMessage[] } | null> {
    // An empty queue is answered by one plain read: no write transaction, which on SQLite takes the
    // file's write lock (BEGIN IMMEDIATE) and so would queue consumers polling an empty queue behind
    // every post, in this process and in other workers.
    if (!(await this.anyFree(project, queue))) {
      const posting = this.ctx.postsInFlight.settled(project, queue);
      if (!posting) return null;
      await posting;
      if (!(await this.anyFree(project, queue))) return null;
    }
    return this.ctx.backend.transaction(async (trx) => {
      const now = this.ctx.now();
      const candidates = await this.q.candidates(options.limit).rows(trx, { project, queue, now });
      const policy = options.deadLetter;
      const overused = policy ? candidates.filter((m) => int(m.claim_count) >= policy.maxClaimCount) : [];
      if (policy && overused.length > 0)
        await this.moveToDeadLetter(
          trx,
          project,
          queue,
          overused.map((m) => m.id),
          policy,
          now,
        );
      const keep = policy ? candidates.filter((m) => int(m.claim_count) < policy.maxClaimCount) : candidates;
      if (keep.length === 0) return null;

      const id = uuidv7();
      const claimExpires = now + options.ttl;
      const change = {
        claimId: id,
        claimExpires,
        countIncrement: policy ? 1 : 0,
        extendedTtl: options.ttl + options.grace,
        extendedExpires: claimExpires + options.grace,
      };
      await this.q.insertClaim.execute(trx, { project, queue, id, ttl: options.ttl, expires: claimExpires });
      await this.q.mark(keep.length).execute(trx, { project, queue, ...change, ...idValues(keep.map((m) => m.id)) });
      // The rows as the UPDATE just left them, without reading them back.
      const messages = keep.map((row) => {
        const extend = int(row.expires) < claimExpires;
        const claimed = {
          ...row,
          claim_id: id,
          claim_expires: claimExpires,
          claim_count: int(row.claim_count) + change.countIncrement,
          ttl: extend ? change.extendedTtl : int(row.ttl),
        };
        return toStoredMessage(claimed, now);
      });
      return { id, messages };
    });
  }

  /**
   * PostgreSQL without a dead-letter policy: one statement (claimAtOnce), which on an empty queue
   * takes no lock either, so it needs no `anyFree` read first.
   */
  private async createAtOnce(project: string, queue: string, options: ClaimCreateOptions): Promise<{ id: string; messages: StoredMessage[] } | null> {
    const attempt = async () => {
      const id = uuidv7();
      const now = this.ctx.now();
      const claimExpires = now + options.ttl;
      const rows = await this.q.claimAtOnce(options.limit).rows(this.ctx.backend.db, {
        project,
        queue,
        now,
        claimId: id,
        ttl: options.ttl,
        claimExpires,
        extendedTtl: options.ttl + options.grace,
        extendedExpires: claimExpires + options.grace,
      });
      if (rows.length === 0) return null;
      rows.sort((a, b) => int(a.seq) - int(b.seq));
      return { id, messages: rows.map((row) => toStoredMessage(row, now)) };
    };
    const claimed = await attempt();
    if (claimed) return claimed;
    const posting = this.ctx.postsInFlight.settled(project, queue);
    if (!posting) return null;
    await posting;
    return attempt();
  }

  private async anyFree(project: string, queue: string): Promise<boolean> {
    return (await this.q.anyFree.first(this.ctx.backend.db, { project, queue, now: this.ctx.now() })) !== undefined;
  }

  async get(project: string, queue: string, claimId: string): Promise<ClaimInfo> {
    const now = this.ctx.now();
    const db = this.ctx.backend.db;
    const claim = await this.q.live.first(db, { project, queue, id: claimId, now });
    if (!claim) throw new ClaimDoesNotExist(claimId, queue, project);
    const held = await this.q.held.rows(db, { project, queue, id: claimId, now });
    const ttl = int(claim.ttl);
    return { id: claimId, ttl, age: Math.max(0, now - (int(claim.expires) - ttl)), messages: held.map((r) => toStoredMessage(r, now)) };
  }

  async update(project: string, queue: string, claimId: string, options: ClaimOptions): Promise<void> {
    await this.ctx.backend.transaction(async (trx) => {
      const now = this.ctx.now();
      if (!(await this.q.live.first(trx, { project, queue, id: claimId, now }))) throw new ClaimDoesNotExist(claimId, queue, project);
      const claimExpires = now + options.ttl;
      await this.q.renewClaim.execute(trx, { project, queue, id: claimId, ttl: options.ttl, expires: claimExpires });
      await this.q.renewMessages.execute(trx, {
        project,
        queue,
        id: claimId,
        now,
        claimExpires,
        extendedTtl: options.ttl + options.grace,
        extendedExpires: claimExpires + options.grace,
      });
    });
  }

  async delete(project: string, queue: string, claimId: string): Promise<void> {
    await this.ctx.backend.transaction(async (trx) => {
      await this.q.deleteClaim.execute(trx, { project, queue, id: claimId });
      await this.q.release.execute(trx, { project, queue, id: claimId });
    });
  }

  /** Re-labels messages to the dead-letter queue's tail, free, keeping their claim count. */
  private async moveToDeadLetter(
    trx: Transaction<Tables>,
    project: string,
    queue: string,
    ids: string[],
    policy: DeadLetterPolicy,
    now: number,
  ): Promise<void> {
    const first = await reservePositions(this.ctx.queries(messageQueries), trx, project, policy.queue, ids.length);
    for (const [i, id] of ids.entries()) {
      const move = { project, queue, id, target: policy.queue, seq: first + i };
      if (policy.messagesTtl === undefined) await this.q.moveKeepingTtl.execute(trx, move);
      else await this.q.moveWithTtl.execute(trx, { ...move, ttl: policy.messagesTtl, expires: now + policy.messagesTtl });
    }
  }
}
