import { sql, type Kysely } from 'kysely';
import type { Tables } from '../schema/tables';
import { byCodeUnits } from '../util/order';

/** A delete by id that the one-statement fast path may make (see SqlMessageController.delete). */
export interface QuickDelete {
  project: string;
  queue: string;
  id: string;
  claimId?: string;
  now: number;
}

/** By (project, queue, id): the order the batch's rows are locked in. */
export function keyOrder(a: QuickDelete, b: QuickDelete): number {
  return byCodeUnits(a.project, b.project) || byCodeUnits(a.queue, b.queue) || byCodeUnits(a.id, b.id);
}

/**
 * PostgreSQL: a group commit's deletes in one statement (one round trip instead of one per delete
 * plus BEGIN and COMMIT), each under the rule of its own one-statement delete: without a claim id
 * the message must not be held by a live claim, with one it must be alive and held by that claim.
 * Resolves with 1 or 0 per delete, in order (0: the rule did not allow it, or no such message).
 * The deletes travel as five arrays, so every batch size shares one statement text.
 */
export async function deleteAtOnce(db: Kysely<Tables>, deletes: readonly QuickDelete[]): Promise<number[]> {
  const column = <T>(pick: (d: QuickDelete) => T) => deletes.map(pick);
  const { rows } = await sql<{ id: string; project: string; queue: string }>`
    delete from messages as m
    using unnest(
      ${column((d) => d.id)}::text[], ${column((d) => d.project)}::text[], ${column((d) => d.queue)}::text[],
      ${column((d) => d.claimId ?? null)}::text[], ${column((d) => d.now)}::bigint[]
    ) as d(id, project, queue, claim_id, now)
    where m.id = d.id
      and ((m.project = d.project and m.queue = d.queue) is true)
      and ((d.claim_id is null and m.claim_expires <= d.now)
        or (d.claim_id is not null and m.expires > d.now and m.claim_id = d.claim_id and m.claim_expires > d.now))
    returning m.id, m.project, m.queue`.execute(db);
  const gone = new Set(rows.map((r) => `${r.project}\u0000${r.queue}\u0000${r.id}`));
  return deletes.map((d) => (gone.has(`${d.project}\u0000${d.queue}\u0000${d.id}`) ? 1 : 0));
}
