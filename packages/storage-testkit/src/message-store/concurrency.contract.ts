import { ME, many, type MessageGate, type MessageHarness } from './fixtures';

/** Sizes of the claim-exclusivity test. */
export interface ConcurrencyOptions {
  /** Parallel claimers (default 8). */
  claimers?: number;
  /** Messages to distribute (default 1000). */
  messages?: number;
}

/** Claim exclusivity under concurrency: every message delivered exactly once, none lost. */
export function concurrencyContract(h: MessageHarness, gate: MessageGate, options: ConcurrencyOptions = {}): void {
  const claimers = options.claimers ?? 8;
  const total = options.messages ?? 1000;

  gate.it(
    'concurrency',
    `${claimers} parallel claimers over ${total} messages: each delivered exactly once, none lost`,
    async () => {
      const p = h.project();
      const posted: string[] = [];
      for (let i = 0; i < total; i += 100) posted.push(...(await h.driver.messages.post(p, 'q', many(Math.min(100, total - i), `b${i}-`), ME)));
      const delivered: string[] = [];
      const worker = async () => {
        for (;;) {
          const claim = await h.driver.claims.create(p, 'q', { ttl: 300, grace: 60, limit: 10 });
          if (!claim) return;
          for (const message of claim.messages) {
            expect(message.claimId).toBe(claim.id);
            delivered.push(message.id);
          }
          // Half the batches are acknowledged one by one, half in bulk: both must keep exclusivity.
          if (delivered.length % 2 === 0)
            await h.driver.messages.bulkDelete(
              p,
              'q',
              claim.messages.map((m) => m.id),
              [claim.id],
            );
          else for (const message of claim.messages) await h.driver.messages.delete(p, 'q', message.id, claim.id);
        }
      };
      await Promise.all(Array.from({ length: claimers }, worker));
      expect(delivered).toHaveLength(total);
      expect(new Set(delivered).size).toBe(total);
      expect([...delivered].sort()).toEqual([...posted].sort());
      expect((await h.driver.messages.stats(p, 'q')).total).toBe(0);
    },
    120_000,
  );
}
