/** Compiled queries of the message controller (see util/prepared.ts for why). */
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { SqlBackend } from '../connection/backend';
import type { Tables } from '../schema/tables';
import { int } from '../util/codec';
import { idNames, literalLimit, memo, prepare, type PreparedQuery, type QueryRunner } from '../util/prepared';
import { inQueue } from '../util/scope';
import { MESSAGE_COLUMNS, type MessageRow } from './rows';

/** Rows per multi-row INSERT: 14 columns × 50 stays far below every dialect's parameter limit. */
export const INSERT_CHUNK = 50;

type Scope = { project: string; queue: string };
type ListParams = Scope & { marker: number; now: number; clientId: string };
export interface ListFlags {
  includeClaimed: boolean;
  includeDelayed: boolean;
  echo: boolean;
}

/** Invariant relied on here: claim_id IS NULL implies claim_expires = 0, so "claim_expires <= now" means free. */
function listQuery(db: Kysely<Tables>, flags: ListFlags, limit: number): PreparedQuery<ListParams, MessageRow> {
  return prepare<ListParams, MessageRow>((p) =>
    db
      .selectFrom('messages')
      .select(MESSAGE_COLUMNS)
      .where('project', '=', p.project)
      .where('queue', '=', p.queue)
      .where('seq', '>', p.marker)
      .where('expires', '>', p.now)
      .$if(!flags.includeClaimed, (qb) => qb.where('claim_expires', '<=', p.now))
      .$if(!flags.includeDelayed, (qb) => qb.where('delay_expires', '<=', p.now))
      .$if(!flags.echo, (qb) => qb.where('client_id', '<>', p.clientId))
      .orderBy('seq')
      .limit(literalLimit(limit)),
  );
}

/** The queue's free messages at `now`: unexpired, not held by a live claim, not delayed. */
export function freeIn(p: Scope & { now: number }) {
  return (eb: ExpressionBuilder<Tables, 'messages'>) =>
    eb.and([
      eb('project', '=', p.project),
      eb('queue', '=', p.queue),
      eb('expires', '>', p.now),
      eb('claim_expires', '<=', p.now),
      eb('delay_expires', '<=', p.now),
    ]);
}

/**
 * Free, undelayed, unexpired messages of a queue, oldest first: what a claim or a pop takes.
 * With row locks, what is taken is locked and what another transaction holds is skipped, so
 * two of them never return the same message.
 */
export function freeMessagesQuery(
  db: Kysely<Tables>,
  rowLocks: boolean,
  limit: number,
): PreparedQuery<Scope & { now: number }, MessageRow & { expires: number }> {
  return prepare<Scope & { now: number }, MessageRow & { expires: number }>((p) =>
    db
      .selectFrom('messages')
      .select([...MESSAGE_COLUMNS, 'expires'])
      .where(freeIn(p))
      .orderBy('seq')
      .limit(literalLimit(limit))
      .$if(rowLocks, (qb) => qb.forUpdate().skipLocked()),
  );
}

function insertRows(db: Kysely<Tables>, count: number): PreparedQuery<Record<string, unknown>, never> {
  return prepare<Record<string, unknown>, never>((p) => {
    const v = (name: string) => p[name] as never;
    const rows = Array.from({ length: count }, (_, i) => ({
      id: v(`id${i}`),
      project: v('project'),
      queue: v('queue'),
      seq: v(`seq${i}`),
      body: v(`body${i}`),
      ttl: v(`ttl${i}`),
      created: v('now'),
      expires: v(`expires${i}`),
      delay_expires: v(`delay${i}`),
      client_id: v(`client${i}`),
      claim_id: null,
      claim_expires: 0,
      claim_count: 0,
      checksum: v(`checksum${i}`),
    }));
    return db.insertInto('messages').values(rows);
  });
}

/**
 * Reserves `count` positions at the tail of a queue in one statement and returns the
 * last one. The counter row stays locked until the transaction ends, so posts to one
 * queue commit in position order. MySQL has neither RETURNING nor ON CONFLICT: its
 * upsert stores the new value through LAST_INSERT_ID(expr), which the server returns as
 * the statement's insert id (0, i.e. absent, when the row was inserted instead).
 */
function reserveQuery(db: Kysely<Tables>, dialect: SqlBackend['dialect']): (runner: QueryRunner, p: Scope & { count: number }) => Promise<number> {
  if (dialect === 'mysql') {
    const upsert = prepare<Scope & { count: number }, never>((p) =>
      db
        .insertInto('queue_counters')
        .values({ project: p.project, queue: p.queue, seq: p.count })
        .onDuplicateKeyUpdate((eb) => ({ seq: sql<number>`last_insert_id(${eb.ref('seq')} + ${p.count})` })),
    );
    return async (runner, p) => {
      const { insertId } = await upsert.execute(runner, p);
      return insertId === undefined ? p.count : Number(insertId);
    };
  }
  const upsert = prepare<Scope & { count: number }, { seq: number }>((p) =>
    db
      .insertInto('queue_counters')
      .values({ project: p.project, queue: p.queue, seq: p.count })
      .onConflict((oc) => oc.columns(['project', 'queue']).doUpdateSet((eb) => ({ seq: eb(eb.ref('queue_counters.seq'), '+', p.count) })))
      .returning('seq'),
  );
  return async (runner, p) => int((await upsert.first(runner, p))!.seq);
}

export function messageQueries(db: Kysely<Tables>, backend: Pick<SqlBackend, 'dialect' | 'rowLocks'>) {
  const { dialect } = backend;
  // Keyed by limit × 8 + the three flags.
  const list = memo((key: number) =>
    listQuery(db, { includeClaimed: (key & 1) !== 0, includeDelayed: (key & 2) !== 0, echo: (key & 4) !== 0 }, Math.floor(key / 8)),
  );
  /** The first live message of a queue in position order (`asc`: oldest, `desc`: newest). */
  const endOfQueue = (direction: 'asc' | 'desc') =>
    prepare<Scope & { now: number }, { id: string; created: number }>((p) =>
      db
        .selectFrom('messages')
        .select(['id', 'created'])
        .where('project', '=', p.project)
        .where('queue', '=', p.queue)
        .where('expires', '>', p.now)
        .orderBy('seq', direction)
        .limit(literalLimit(1)),
    );
  return {
    /** Reserves `count` positions at the queue's tail; returns the last one. */
    reserve: reserveQuery(db, backend.dialect),
    insert: memo((count: number) => insertRows(db, count)),
    list: (flags: ListFlags, limit: number) => list(limit * 8 + ((flags.includeClaimed ? 1 : 0) | (flags.includeDelayed ? 2 : 0) | (flags.echo ? 4 : 0))),
    get: prepare<Scope & { id: string; now: number }, MessageRow>((p) =>
      db
        .selectFrom('messages')
        .select(MESSAGE_COLUMNS)
        .where('id', '=', p.id)
        .where(inQueue(dialect, p.project, p.queue, p.now)),
    ),
    getMany: memo((count: number) =>
      prepare<Record<string, unknown>, MessageRow>((p) =>
        db
          .selectFrom('messages')
          .select(MESSAGE_COLUMNS)
          .where(
            'id',
            'in',
            idNames(count).map((n) => p[n] as string),
          )
          .where(inQueue(dialect, p.project as string, p.queue as string, p.now as number)),
      ),
    ),
    deleteOne: prepare<Scope & { id: string }, never>((p) =>
      db
        .deleteFrom('messages')
        .where('id', '=', p.id)
        .where(inQueue(dialect, p.project, p.queue)),
    ),
    /** Deletes the message only if it is free (the common case of a delete without claim id). */
    deleteIfFree: prepare<Scope & { id: string; now: number }, never>((p) =>
      db
        .deleteFrom('messages')
        .where('id', '=', p.id)
        .where(inQueue(dialect, p.project, p.queue))
        .where('claim_expires', '<=', p.now),
    ),
    /** Deletes the message only if `claimId` holds it (the common case of a delete with claim id). */
    deleteIfHeld: prepare<Scope & { id: string; claimId: string; now: number }, never>((p) =>
      db
        .deleteFrom('messages')
        .where('id', '=', p.id)
        .where(inQueue(dialect, p.project, p.queue, p.now))
        .where('claim_id', '=', p.claimId)
        .where('claim_expires', '>', p.now),
    ),
    deleteMany: memo((count: number) =>
      prepare<Record<string, unknown>, never>((p) =>
        db
          .deleteFrom('messages')
          .where(
            'id',
            'in',
            idNames(count).map((n) => p[n] as string),
          )
          .where(inQueue(dialect, p.project as string, p.queue as string)),
      ),
    ),
    liveClaim: prepare<Scope & { id: string; now: number }, { id: string }>((p) =>
      db
        .selectFrom('claims')
        .select('id')
        .where('id', '=', p.id)
        .where(inQueue(dialect, p.project, p.queue, p.now)),
    ),
    poppable: memo((limit: number) => freeMessagesQuery(db, backend.rowLocks, limit)),
    counts: prepare<Scope & { now: number }, { total: number; claimed: number | null; delayed: number | null }>((p) =>
      db
        .selectFrom('messages')
        .select((eb) => [
          eb.fn.countAll<number>().as('total'),
          eb.fn.sum<number | null>(eb.case().when('claim_expires', '>', p.now).then(1).else(0).end()).as('claimed'),
          eb.fn.sum<number | null>(eb.case().when('delay_expires', '>', p.now).then(1).else(0).end()).as('delayed'),
        ])
        .where('project', '=', p.project)
        .where('queue', '=', p.queue)
        .where('expires', '>', p.now),
    ),
    oldest: endOfQueue('asc'),
    newest: endOfQueue('desc'),
  };
}

export type MessageQueries = ReturnType<typeof messageQueries>;

/** First of `count` consecutive new positions at the tail of (project, queue). */
export async function reservePositions(q: MessageQueries, runner: QueryRunner, project: string, queue: string, count: number): Promise<number> {
  return (await q.reserve(runner, { project, queue, count })) - count + 1;
}
