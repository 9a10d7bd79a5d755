/**
 * Two stores on one server database (as two zaqar-server processes would have):
 * posts keep FIFO batches, and claims and pops hand out every message exactly once.
 */
import { SqlDataDriver } from '../src';
import { createScratch, describeWithServer, type ScratchDatabase, type ServerKind } from './support/sql-servers';

const batch = (tag: string, n: number) => Array.from({ length: n }, (_, i) => ({ body: `${tag}:${i}`, ttl: 3600, delay: 0 }));
const all = { limit: 20, echo: true, clientId: 'x', includeClaimed: true, includeDelayed: true };

async function listAll(driver: SqlDataDriver, queue: string): Promise<string[]> {
  const bodies: string[] = [];
  let marker: string | undefined;
  for (;;) {
    const page = await driver.messages.list('p', queue, { ...all, marker });
    if (page.items.length === 0) return bodies;
    bodies.push(...page.items.map((m) => m.body as string));
    marker = page.marker;
  }
}

async function drainByClaims(driver: SqlDataDriver, queue: string): Promise<string[]> {
  const got: string[] = [];
  for (;;) {
    const claim = await driver.claims.create('p', queue, { ttl: 300, grace: 60, limit: 7 });
    if (!claim) return got;
    got.push(...claim.messages.map((m) => m.id));
  }
}

async function drainByPops(driver: SqlDataDriver, queue: string): Promise<string[]> {
  const got: string[] = [];
  for (;;) {
    const popped = await driver.messages.pop('p', queue, 5);
    if (popped.length === 0) return got;
    got.push(...popped.map((m) => m.id));
  }
}

describe.each<[ServerKind, string]>([
  ['postgresql', 'PostgreSQL'],
  ['mysql', 'MariaDB'],
])('two stores on one %s database', (kind, label) => {
  describeWithServer(kind, label, () => {
    let scratch: ScratchDatabase;
    let a: SqlDataDriver;
    let b: SqlDataDriver;
    beforeAll(async () => {
      scratch = await createScratch(kind);
      [a, b] = [new SqlDataDriver({ uri: scratch.uri }), new SqlDataDriver({ uri: scratch.uri })];
      await Promise.all([a.open(), b.open()]);
    });
    afterAll(async () => {
      await Promise.all([a?.close(), b?.close()]);
      await scratch?.drop();
    });

    it('keep each concurrent post contiguous and in order', async () => {
      await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).messages.post('p', 'fifo', batch(`b${i}`, 5), 'c')));
      const listed = await listAll(a, 'fifo');
      expect(listed).toHaveLength(200);
      for (let at = 0; at < listed.length; at += 5) {
        const tag = listed[at].split(':')[0];
        expect(listed.slice(at, at + 5)).toEqual([0, 1, 2, 3, 4].map((i) => `${tag}:${i}`));
      }
    });

    it('hand every message to exactly one claim', async () => {
      const posted = (await Promise.all([a.messages.post('p', 'claims', batch('a', 150), 'c'), b.messages.post('p', 'claims', batch('b', 150), 'c')])).flat();
      const got = (await Promise.all([drainByClaims(a, 'claims'), drainByClaims(b, 'claims'), drainByClaims(a, 'claims'), drainByClaims(b, 'claims')])).flat();
      expect(got.sort()).toEqual(posted.sort());
    });

    it('pop every message exactly once', async () => {
      const posted = (await Promise.all([a.messages.post('p', 'pops', batch('a', 100), 'c'), b.messages.post('p', 'pops', batch('b', 100), 'c')])).flat();
      const got = (await Promise.all([drainByPops(a, 'pops'), drainByPops(b, 'pops'), drainByPops(a, 'pops'), drainByPops(b, 'pops')])).flat();
      expect(got.sort()).toEqual(posted.sort());
    });
  });
});
