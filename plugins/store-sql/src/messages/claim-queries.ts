/** Compiled queries of the claim controller (see util/prepared.ts). */
import { sql, type Kysely } from 'kysely';
import type { Tables } from '../schema/tables';
import { idNames, literalLimit, memo, prepare } from '../util/prepared';
import { inQueue } from '../util/scope';
import type { SqlBackend } from '../connection/backend';
import { freeIn, freeMessagesQuery } from './message-queries';
import { MESSAGE_COLUMNS, type MessageRow } from './rows';

type Scope = { project: string; queue: string };
/** Values of the ttl-extension rule: messages expiring before `claimExpires` get `extendedTtl`/`extendedExpires`. */
type Extension = { claimExpires: number; extendedTtl: number; extendedExpires: number };

export function claimQueries(db: Kysely<Tables>, { dialect, rowLocks }: Pick<SqlBackend, 'dialect' | 'rowLocks'>) {
  /**
   * Claims the listed messages and extends the ones that would die first. `ttl` is
   * assigned before `expires` and reads the old `expires`, which is also right for
   * dialects that evaluate SET left to right (MySQL).
   */
  function markQuery(count: number) {
    return prepare<Record<string, unknown>, never>((p) => {
      const v = <T>(name: string) => p[name] as T;
      return db
        .updateTable('messages')
        .set((eb) => ({
          claim_id: v<string>('claimId'),
          claim_expires: v<number>('claimExpires'),
          claim_count: eb(eb.ref('claim_count'), '+', v<number>('countIncrement')),
          ttl: eb.case().when('expires', '<', v<number>('claimExpires')).then(v<number>('extendedTtl')).else(eb.ref('ttl')).end(),
          expires: eb.case().when('expires', '<', v<number>('claimExpires')).then(v<number>('extendedExpires')).else(eb.ref('expires')).end(),
        }))
        .where(
          'id',
          'in',
          idNames(count).map((n) => v<string>(n)),
        )
        .where(inQueue(dialect, v<string>('project'), v<string>('queue')));
    });
  }

  /**
   * PostgreSQL: a whole claim (no dead-letter policy) in one statement, so one round trip
   * instead of five (BEGIN, select with row locks, insert the claim, mark, COMMIT). The
   * candidates are locked as in `candidates`; the claim row is inserted only when there is one;
   * the rows come back as the UPDATE left them, in no particular order.
   */
  function claimAtOnceQuery(limit: number) {
    type Params = Scope & Extension & { now: number; claimId: string; ttl: number };
    const bigint = (value: unknown) => sql<number>`cast(${value} as bigint)`;
    return prepare<Params, MessageRow>((p) =>
      db
        .with('candidates', (qc) => qc.selectFrom('messages').select('id').where(freeIn(p)).orderBy('seq').limit(literalLimit(limit)).forUpdate().skipLocked())
        .with('claim', (qc) =>
          qc
            .insertInto('claims')
            .columns(['id', 'project', 'queue', 'ttl', 'expires'])
            .expression(
              qc
                .selectFrom('candidates')
                .select([
                  sql<string>`cast(${p.claimId} as text)`.as('id'),
                  sql<string>`cast(${p.project} as text)`.as('project'),
                  sql<string>`cast(${p.queue} as text)`.as('queue'),
                  bigint(p.ttl).as('ttl'),
                  bigint(p.claimExpires).as('expires'),
                ])
                .limit(literalLimit(1)),
            ),
        )
        .updateTable('messages')
        .from('candidates')
        .set((eb) => ({
          claim_id: p.claimId,
          claim_expires: p.claimExpires,
          ttl: eb.case().when('messages.expires', '<', p.claimExpires).then(p.extendedTtl).else(eb.ref('messages.ttl')).end(),
          expires: eb.case().when('messages.expires', '<', p.claimExpires).then(p.extendedExpires).else(eb.ref('messages.expires')).end(),
        }))
        .whereRef('messages.id', '=', 'candidates.id')
        .returning(MESSAGE_COLUMNS.map((column) => `messages.${column}` as const)),
    );
  }

  return {
    /** Only on PostgreSQL (see claimAtOnceQuery). */
    claimAtOnce: memo(claimAtOnceQuery),
    /** Free, undelayed, unexpired messages, oldest first. */
    candidates: memo((limit: number) => freeMessagesQuery(db, rowLocks, limit)),
    /** Whether the queue holds a claimable message: a plain read, without the candidates' row locks. */
    anyFree: prepare<Scope & { now: number }, { id: string }>((p) => db.selectFrom('messages').select('id').where(freeIn(p)).limit(literalLimit(1))),
    mark: memo(markQuery),
    insertClaim: prepare<Scope & { id: string; ttl: number; expires: number }, never>((p) =>
      db.insertInto('claims').values({ id: p.id, project: p.project, queue: p.queue, ttl: p.ttl, expires: p.expires }),
    ),
    /** The live claim's ttl and expiry. */
    live: prepare<Scope & { id: string; now: number }, { ttl: number; expires: number }>((p) =>
      db
        .selectFrom('claims')
        .select(['ttl', 'expires'])
        .where('id', '=', p.id)
        .where(inQueue(dialect, p.project, p.queue, p.now)),
    ),
    /** Unexpired messages still held by the live claim, oldest first. */
    held: prepare<Scope & { id: string; now: number }, MessageRow>((p) =>
      db
        .selectFrom('messages')
        .select(MESSAGE_COLUMNS)
        .where('claim_id', '=', p.id)
        .where(inQueue(dialect, p.project, p.queue, p.now))
        .where('claim_expires', '>', p.now)
        .orderBy('seq'),
    ),
    renewClaim: prepare<Scope & { id: string; ttl: number; expires: number }, never>((p) =>
      db
        .updateTable('claims')
        .set({ ttl: p.ttl, expires: p.expires })
        .where('id', '=', p.id)
        .where(inQueue(dialect, p.project, p.queue)),
    ),
    renewMessages: prepare<Scope & Extension & { id: string; now: number }, never>((p) =>
      db
        .updateTable('messages')
        .set((eb) => ({
          claim_expires: p.claimExpires,
          ttl: eb.case().when('expires', '<', p.claimExpires).then(p.extendedTtl).else(eb.ref('ttl')).end(),
          expires: eb.case().when('expires', '<', p.claimExpires).then(p.extendedExpires).else(eb.ref('expires')).end(),
        }))
        .where('claim_id', '=', p.id)
        .where(inQueue(dialect, p.project, p.queue, p.now)),
    ),
    deleteClaim: prepare<Scope & { id: string }, never>((p) =>
      db
        .deleteFrom('claims')
        .where('id', '=', p.id)
        .where(inQueue(dialect, p.project, p.queue)),
    ),
    release: prepare<Scope & { id: string }, never>((p) =>
      db
        .updateTable('messages')
        .set({ claim_id: null, claim_expires: 0 })
        .where('claim_id', '=', p.id)
        .where(inQueue(dialect, p.project, p.queue)),
    ),
    /** Moves one message to the tail of the dead-letter queue, free; `ttl` null keeps its ttl. */
    moveKeepingTtl: prepare<Scope & { id: string; target: string; seq: number }, never>((p) =>
      db
        .updateTable('messages')
        .set({ queue: p.target, seq: p.seq, claim_id: null, claim_expires: 0 })
        .where('id', '=', p.id)
        .where(inQueue(dialect, p.project, p.queue)),
    ),
    moveWithTtl: prepare<Scope & { id: string; target: string; seq: number; ttl: number; expires: number }, never>((p) =>
      db
        .updateTable('messages')
        .set({ queue: p.target, seq: p.seq, claim_id: null, claim_expires: 0, ttl: p.ttl, expires: p.expires })
        .where('id', '=', p.id)
        .where(inQueue(dialect, p.project, p.queue)),
    ),
  };
}

export type ClaimQueries = ReturnType<typeof claimQueries>;
