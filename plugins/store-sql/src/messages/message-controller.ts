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
import type { Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Tables } from '../schema/tables';
import type { SqlDialect } from '../connection/backend';
import type { StoreContext } from '../store-context';
import { canonicalClientId, int } from '../util/codec';
import { idValues, type QueryRunner } from '../util/prepared';
import { inQueue } from '../util/scope';
import { messageQueries, type MessageQueries } from './message-queries';
import { GroupCommit } from './group-commit';
import { deleteAtOnce, keyOrder, type QuickDelete } from './quick-deletes';
import { oneQueue, writePosts, writeQueueAtOnce, type Post } from './post-writer';
import { parseMarker, toStoredMessage } from './rows';

/** Messages on a SQL database. Every read filters expired rows itself (no reliance on GC). */
export class SqlMessageController implements MessageController {
  constructor(private readonly ctx: StoreContext) {}

  private get q(): MessageQueries {
    return this.ctx.queries(messageQueries);
  }

  async post(project: string, queue: string, messages: NewMessage[], clientId: string): Promise<string[]> {
    if (messages.length === 0) return [];
    // Time-ordered (v7) ids: the rows of one group commit share index pages, so a commit writes a few pages, not one per row.
    const post: Post = { project, queue, messages, clientId: canonicalClientId(clientId), ids: messages.map(() => uuidv7()) };
    const written = this.posts.submit(post);
    this.ctx.postsInFlight.track(project, queue, written);
    await written;
    return post.ids;
  }

  private readonly posts = new GroupCommit<Post>(
    async (posts) => {
      await this.writePosts(posts);
      return posts.map(() => undefined);
    },
    (post) => this.writePosts([post]),
  );

  private writePosts(posts: readonly Post[]): Promise<void> {
    if (this.ctx.backend.dialect === 'postgresql' && oneQueue(posts)) return writeQueueAtOnce(this.ctx.backend.db, posts, this.ctx.now());
    return this.ctx.backend.transaction((trx) => writePosts(this.q, trx, posts, this.ctx.now()));
  }

  /**
   * Deletes by id take the fast path (one statement, when the rules allow the delete) in group
   * commits too: a consumer deleting each claimed message by id otherwise paid a commit per message.
   */
  private readonly quickDeletes = new GroupCommit<QuickDelete, number>(
    (deletes) =>
      this.ctx.backend.dialect === 'postgresql'
        ? deleteAtOnce(this.ctx.backend.db, deletes)
        : this.ctx.backend.transaction(async (trx) => {
            // In key order, so concurrent batches (other processes) lock rows in one order and cannot deadlock.
            const order = deletes.map((_, i) => i).sort((a, b) => keyOrder(deletes[a], deletes[b]));
            const deleted: number[] = new Array(deletes.length);
            for (const i of order) deleted[i] = await this.quickDelete(trx, deletes[i]);
            return deleted;
          }),
    (d) => this.quickDelete(this.ctx.backend.db, d),
  );

  /** Rows deleted by the one-statement delete of `d` (0: the rules did not allow it, or no such message). */
  private quickDelete(runner: QueryRunner, d: QuickDelete): Promise<number> {
    return d.claimId === undefined ? this.q.deleteIfFree.affected(runner, d) : this.q.deleteIfHeld.affected(runner, { ...d, claimId: d.claimId });
  }

  async list(project: string, queue: string, options: MessageListOptions): Promise<Page<StoredMessage>> {
    const marker = parseMarker(options.marker);
    if (marker === undefined || options.limit <= 0) return { items: [] };
    const now = this.ctx.now();
    const rows = await this.q.list(options, options.limit).rows(this.ctx.backend.db, {
      project,
      queue,
      marker,
      now,
      clientId: canonicalClientId(options.clientId),
    });
    const last = rows[rows.length - 1];
    return { items: rows.map((r) => toStoredMessage(r, now)), marker: last ? String(int(last.seq)) : undefined };
  }

  async get(project: string, queue: string, id: string): Promise<StoredMessage> {
    const now = this.ctx.now();
    const row = await this.q.get.first(this.ctx.backend.db, { project, queue, id, now });
    if (!row) throw new MessageDoesNotExist(id, queue, project);
    return toStoredMessage(row, now);
  }

  async bulkGet(project: string, queue: string, ids: string[]): Promise<StoredMessage[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const now = this.ctx.now();
    const rows = await this.q.getMany(unique.length).rows(this.ctx.backend.db, { project, queue, now, ...idValues(unique) });
    // Sorted here: ORDER BY seq would make SQLite walk the queue's seq index instead of the key.
    return rows.sort((a, b) => int(a.seq) - int(b.seq)).map((r) => toStoredMessage(r, now));
  }

  async delete(project: string, queue: string, id: string, claimId?: string): Promise<void> {
    // Fast path: one atomic statement deletes the message when the rules allow it. When it
    // deletes nothing, the transaction below finds out why (missing, or which error applies).
    const now = this.ctx.now();
    if ((await this.quickDeletes.submit({ project, queue, id, claimId, now })) > 0) return;
    await this.ctx.backend.transaction(async (trx) => {
      const row = await this.q.get.first(trx, { project, queue, id, now });
      if (!row) return;
      const heldBy = row.claim_id !== null && int(row.claim_expires) > now ? row.claim_id : null;
      if (claimId === undefined) {
        if (heldBy !== null) throw new MessageIsClaimed(id);
      } else if (heldBy === null) {
        // A malformed claim id names no claim at all (reference: ClaimDoesNotExist first).
        throw canonicalUuid(claimId) ? new MessageNotClaimed(id) : new ClaimDoesNotExist(claimId, queue, project);
      } else if (heldBy !== claimId) {
        const other = await this.q.liveClaim.first(trx, { project, queue, id: claimId, now });
        throw other ? new MessageNotClaimedBy(id, claimId) : new ClaimDoesNotExist(claimId, queue, project);
      }
      await this.q.deleteOne.execute(trx, { project, queue, id });
    });
  }

  async bulkDelete(project: string, queue: string, ids: string[], claimIds?: string[]): Promise<void> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return;
    const params = { project, queue, ...idValues(unique) };
    if (claimIds === undefined) {
      await this.q.deleteMany(unique.length).execute(this.ctx.backend.db, params);
      return;
    }
    await this.ctx.backend.transaction(async (trx) => {
      const now = this.ctx.now();
      const rows = await this.q.getMany(unique.length).rows(trx, { ...params, now });
      const allowed = new Set(claimIds);
      for (const row of rows) {
        const heldBy = row.claim_id !== null && int(row.claim_expires) > now ? row.claim_id : null;
        if (heldBy === null) throw new MessageNotClaimed(row.id);
        if (!allowed.has(heldBy)) throw new MessageNotClaimedBy(row.id, claimIds.join(','));
      }
      await this.q.deleteMany(unique.length).execute(trx, params);
    });
  }

  async pop(project: string, queue: string, limit: number): Promise<StoredMessage[]> {
    if (limit <= 0) return [];
    return this.ctx.backend.transaction(async (trx) => {
      const now = this.ctx.now();
      const rows = await this.q.poppable(limit).rows(trx, { project, queue, now });
      if (rows.length > 0) await this.q.deleteMany(rows.length).execute(trx, { project, queue, ...idValues(rows.map((r) => r.id)) });
      return rows.map((r) => toStoredMessage(r, now));
    });
  }

  async stats(project: string, queue: string): Promise<QueueStats> {
    const now = this.ctx.now();
    const db = this.ctx.backend.db;
    const counts = await this.q.counts.first(db, { project, queue, now });
    const total = int(counts?.total ?? 0);
    const claimed = int(counts?.claimed ?? 0);
    const stats: QueueStats = { claimed, free: total - claimed, delayed: int(counts?.delayed ?? 0), total };
    if (total === 0) return stats;
    const [oldest, newest] = await Promise.all([this.q.oldest.first(db, { project, queue, now }), this.q.newest.first(db, { project, queue, now })]);
    const view = (m: { id: string; created: number }) => ({ id: m.id, created: int(m.created), age: Math.max(0, now - int(m.created)) });
    if (oldest) stats.oldest = view(oldest);
    if (newest) stats.newest = view(newest);
    return stats;
  }

  async deleteAll(project: string, queue: string): Promise<void> {
    await this.ctx.backend.transaction(async (trx) => {
      await trx.deleteFrom('messages').where('project', '=', project).where('queue', '=', queue).execute();
      await trx.deleteFrom('claims').where('project', '=', project).where('queue', '=', queue).execute();
    });
  }

  async collectGarbage(): Promise<GarbageCounts> {
    const { dialect } = this.ctx.backend;
    return this.ctx.backend.transaction((trx) => collectGarbage(trx, dialect, this.ctx.now()));
  }
}

/** Expired messages, expired claims (releasing what they still mark) and expired subscriptions. */
async function collectGarbage(trx: Transaction<Tables>, dialect: SqlDialect, now: number): Promise<GarbageCounts> {
  const expiredClaims = await trx.selectFrom('claims').select(['id', 'project', 'queue']).where('expires', '<=', now).execute();
  for (const claim of expiredClaims) {
    await trx
      .updateTable('messages')
      .set({ claim_id: null, claim_expires: 0 })
      .where('claim_id', '=', claim.id)
      .where(inQueue(dialect, claim.project, claim.queue))
      .execute();
  }
  const counted = async (query: { executeTakeFirst(): Promise<{ numDeletedRows: bigint }> }) => Number((await query.executeTakeFirst()).numDeletedRows);
  const claims = await counted(trx.deleteFrom('claims').where('expires', '<=', now));
  const messages = await counted(trx.deleteFrom('messages').where('expires', '<=', now));
  const subscriptions = await counted(trx.deleteFrom('subscriptions').where('expires', '<=', now));
  return { messages, claims, subscriptions };
}
