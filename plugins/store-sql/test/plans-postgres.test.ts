/**
 * PostgreSQL must look messages and claims up by id without walking the queue,
 * even before it has statistics (a new table, or a queue that grew since the last
 * ANALYZE). The plain (project, queue, id) conditions made it scan a whole queue
 * through messages_queue_seq per delete; util/scope.ts explains the fix.
 */
import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely';
import { Pool } from 'pg';
import { SqlDataDriver } from '../src';
import { claimQueries } from '../src/messages/claim-queries';
import { messageQueries } from '../src/messages/message-queries';
import type { Tables } from '../src/schema/tables';
import { idValues } from '../src/util/prepared';
import { createPgSchema, describeWithServer, type ScratchDatabase } from './support/sql-servers';

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

/** Every scan of `plan` as "Node Type on index-or-table". */
function scans(plan: PlanNode): string[] {
  const own = /Scan/.test(plan['Node Type']) ? [`${plan['Node Type']} on ${plan['Index Name'] ?? plan['Relation Name']}`] : [];
  return [...own, ...(plan.Plans ?? []).flatMap(scans)];
}

describeWithServer('postgresql', 'PostgreSQL plans of lookups by id, without statistics', () => {
  let scratch: ScratchDatabase;
  let driver: SqlDataDriver;
  let db: Kysely<Tables>;
  beforeAll(async () => {
    scratch = await createPgSchema();
    driver = new SqlDataDriver({ uri: scratch.uri });
    await driver.open();
    db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: scratch.uri, max: 1 }) }) });
  });
  afterAll(async () => {
    await db?.destroy();
    await driver?.close();
    await scratch?.drop();
  });

  async function plan(query: CompiledQuery): Promise<string[]> {
    const { rows } = await db.executeQuery<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>({ ...query, sql: `explain (format json) ${query.sql}` });
    return scans(rows[0]['QUERY PLAN'][0].Plan);
  }

  it('probes the id and claim indexes, never a scan of the queue', async () => {
    const batch = Array.from({ length: 20 }, (_, i) => ({ body: i, ttl: 3600, delay: 0 }));
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let i = 0; i < 25; i++) await driver.messages.post('p', 'q', batch, 'c');
      }),
    );
    const claim = (await driver.claims.create('p', 'q', { ttl: 60, grace: 60, limit: 10 }))!;
    const ids = claim.messages.map((m) => m.id);
    const backend = { dialect: 'postgresql', rowLocks: true } as const;
    const m = messageQueries(db, backend);
    const c = claimQueries(db, backend);
    const scope = { project: 'p', queue: 'q', now: Math.floor(Date.now() / 1000) };
    const many = { ...scope, ...idValues(ids) };
    const change = { claimId: claim.id, claimExpires: scope.now + 60, countIncrement: 0, extendedTtl: 120, extendedExpires: scope.now + 120 };
    const queries: Record<string, CompiledQuery> = {
      get: m.get.bind({ ...scope, id: ids[0] }),
      getMany: m.getMany(ids.length).bind(many),
      deleteIfFree: m.deleteIfFree.bind({ ...scope, id: ids[0] }),
      deleteIfHeld: m.deleteIfHeld.bind({ ...scope, id: ids[0], claimId: claim.id }),
      deleteMany: m.deleteMany(ids.length).bind(many),
      mark: c.mark(ids.length).bind({ ...many, ...change }),
      held: c.held.bind({ ...scope, id: claim.id }),
      release: c.release.bind({ ...scope, id: claim.id }),
      renewMessages: c.renewMessages.bind({ ...scope, ...change, id: claim.id }),
      liveClaim: m.liveClaim.bind({ ...scope, id: claim.id }),
      claim: c.live.bind({ ...scope, id: claim.id }),
      renewClaim: c.renewClaim.bind({ ...scope, id: claim.id, ttl: 60, expires: scope.now + 60 }),
      moveKeepingTtl: c.moveKeepingTtl.bind({ ...scope, id: ids[0], target: 'dlq', seq: 1 }),
    };
    // The one-statement claim walks the queue's head for its candidates (that is its job), then marks them by id.
    const claimAtOnce = await plan(c.claimAtOnce(10).bind({ ...scope, ...change, ttl: 60 }));
    expect(claimAtOnce.filter((scan) => / on messages/.test(scan))).toEqual(['Index Scan on messages_queue_seq', 'Index Scan on messages_pk']);
    const plans: Record<string, string[]> = {};
    for (const [name, query] of Object.entries(queries)) plans[name] = await plan(query);
    for (const [name, used] of Object.entries(plans)) {
      // A bitmap heap scan only visits the rows its index scans found; those are what is checked.
      const walks = used.filter((scan) => !/^Bitmap Heap Scan/.test(scan) && !/ on (messages_pk|messages_queue_claim|claims_pkey)$/.test(scan));
      expect([name, walks]).toEqual([name, []]);
    }
  });
});
