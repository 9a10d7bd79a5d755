/**
 * The (project, queue) condition of a lookup by message id or claim id.
 *
 * On PostgreSQL it is written as `((project = ? and queue = ?) is true)`, which the
 * planner cannot use as an index condition, so it probes the id index instead. Why:
 * without statistics for a queue (a new table, or a queue that grew since the last
 * ANALYZE) PostgreSQL estimates a (project, queue) range at one row, and then prefers
 * walking the whole queue through a (project, queue, …) index over probing by id:
 * measured 15 ms per delete at 15,000 messages, growing with the queue. SQLite and
 * MySQL (whose optimizer measures ranges in the index itself) keep the plain form,
 * which their (project, queue, id) keys serve.
 */
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { SqlDialect } from '../connection/backend';
import type { Tables } from '../schema/tables';

/**
 * `eb => project = ? and queue = ?` (and `expires > aliveAt` when given: the
 * PostgreSQL planner would otherwise AND in a scan of messages_expires, i.e. of every
 * live message), in the form `dialect` needs (see above).
 */
export function inQueue<TB extends 'messages' | 'claims'>(dialect: SqlDialect, project: string, queue: string, aliveAt?: number) {
  return (eb: ExpressionBuilder<Tables, TB>): Expression<SqlBool> => {
    const [p, q] = [eb.ref('project'), eb.ref('queue')];
    const alive = aliveAt === undefined ? sql`` : sql` and ${eb.ref('expires')} > ${aliveAt}`;
    if (dialect === 'postgresql') return sql<SqlBool>`((${p} = ${project} and ${q} = ${queue}${alive}) is true)`;
    return sql<SqlBool>`(${p} = ${project} and ${q} = ${queue}${alive})`;
  };
}
