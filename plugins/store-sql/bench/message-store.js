/**
 * Micro-benchmark of the SQLite stores (no HTTP): `npm run bench -w @zaqarjs/store-sql`
 * after `npx tsc -b plugins/store-sql`. Uses a temporary file, removed at the end.
 */
'use strict';
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { SqlControlDriver, SqlDataDriver } = require('../dist');

async function time(label, count, op) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) await op(i);
  const us = Number(process.hrtime.bigint() - start) / 1000 / count;
  console.log(`${label.padEnd(30)} ${us.toFixed(1).padStart(9)} µs/op ${String(Math.round(1e6 / us)).padStart(8)} ops/s`);
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'zaqar-sql-bench-'));
  const uri = `sqlite:///${join(dir, 'zaqar.db')}`;
  const data = new SqlDataDriver({ uri });
  const control = new SqlControlDriver({ uri });
  try {
    await Promise.all([data.open(), control.open()]);
    const list = { limit: 10, echo: true, clientId: 'c', includeClaimed: false, includeDelayed: false };
    const batch = Array.from({ length: 10 }, (_, i) => ({ body: { event: 'bench', i }, ttl: 3600, delay: 0 }));
    await control.queues.create('p', 'q', {});
    await time('queues.get', 20000, () => control.queues.get('p', 'q'));
    await time('messages.post (1 message)', 10000, (i) => data.messages.post('p', 'q', [{ body: { i }, ttl: 3600, delay: 0 }], 'c'));
    await time('messages.post (10 messages)', 5000, () => data.messages.post('p', 'q', batch, 'c'));
    await time('messages.list (10)', 20000, () => data.messages.list('p', 'q', list));
    const ids = (await data.messages.list('p', 'q', list)).items.map((m) => m.id);
    await time('messages.get', 20000, (i) => data.messages.get('p', 'q', ids[i % ids.length]));
    await time('claim 10 + delete each', 2000, async () => {
      const claim = await data.claims.create('p', 'q', { ttl: 60, grace: 60, limit: 10 });
      for (const m of claim.messages) await data.messages.delete('p', 'q', m.id, claim.id);
    });
    await time('messages.pop (10)', 2000, () => data.messages.pop('p', 'q', 10));
    await time('messages.stats (~40k messages)', 100, () => data.messages.stats('p', 'q'));
  } finally {
    await Promise.all([data.close(), control.close()]);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
