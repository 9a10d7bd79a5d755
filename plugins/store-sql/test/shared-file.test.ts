import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { SqlControlDriver, SqlDataDriver } from '../src';

const post = (n: number, tag: string) => Array.from({ length: n }, (_, i) => ({ body: `${tag}${i}`, ttl: 3600, delay: 0 }));

/** Claims until the queue is drained; returns the ids it was handed. */
async function drain(driver: SqlDataDriver, project: string): Promise<string[]> {
  const got: string[] = [];
  for (;;) {
    const claim = await driver.claims.create(project, 'q', { ttl: 300, grace: 60, limit: 7 });
    if (!claim) return got;
    got.push(...claim.messages.map((m) => m.id));
  }
}

describe('several connections to one SQLite file', () => {
  let dir: string;
  let uri: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'zaqar-sql-shared-'));
    uri = `sqlite:///${join(dir, 'zaqar.db')}`;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('data and control drivers interleave writes without waiting for busy_timeout', async () => {
    const data = new SqlDataDriver({ uri, busyTimeoutMs: 3000 });
    const control = new SqlControlDriver({ uri, busyTimeoutMs: 3000 });
    await Promise.all([data.open(), control.open()]);
    const started = Date.now();
    await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const queue = `q${i}`;
        if (!(await control.queues.exists('p', queue))) await control.queues.create('p', queue, {});
        await data.messages.post('p', queue, post(3, 'm'), 'c');
        await control.queues.setMetadata('p', queue, { i });
        await data.claims.create('p', queue, { ttl: 60, grace: 60, limit: 2 });
      }),
    );
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await control.queues.count('p')).toBe(50);
    expect((await data.messages.stats('p', 'q49')).claimed).toBe(2);
    await Promise.all([data.close(), control.close()]);
  });

  it('two data drivers in one process never hand out a message twice', async () => {
    const a = new SqlDataDriver({ uri });
    const b = new SqlDataDriver({ uri });
    await Promise.all([a.open(), b.open()]);
    const posted = (await Promise.all([a.messages.post('p', 'q', post(150, 'a'), 'c'), b.messages.post('p', 'q', post(150, 'b'), 'c')])).flat();
    const got = (await Promise.all([drain(a, 'p'), drain(b, 'p'), drain(a, 'p'), drain(b, 'p')])).flat();
    expect(got.sort()).toEqual(posted.sort());
    await Promise.all([a.close(), b.close()]);
  });

  it('a driver in another thread (its own connection, arbitrated by SQLite locks) shares the work exactly once', async () => {
    const main = new SqlDataDriver({ uri });
    await main.open();
    const posted = (await Promise.all(Array.from({ length: 10 }, (_, i) => main.messages.post('p', 'q', post(100, `m${i}-`), 'c')))).flat();
    // The worker loads the compiled plugin: run `tsc -b plugins/store-sql` first.
    const dist = resolve(__dirname, '../dist/index.js');
    const worker = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads');
       const { SqlDataDriver } = require(workerData.dist);
       (async () => {
         const d = new SqlDataDriver({ uri: workerData.uri });
         await d.open();
         await new Promise((go) => { parentPort.once('message', go); parentPort.postMessage('ready'); });
         const got = [];
         for (;;) {
           const c = await d.claims.create('p', 'q', { ttl: 300, grace: 60, limit: 3 });
           if (!c) break;
           got.push(...c.messages.map((m) => m.id));
         }
         await d.close();
         parentPort.postMessage(got);
       })().catch((e) => parentPort.postMessage({ error: String((e && e.stack) || e) }));`,
      { eval: true, workerData: { uri, dist } },
    );
    const next = () =>
      new Promise<unknown>((done, fail) => {
        worker.once('message', (m: unknown) => ((m as { error?: string }).error ? fail(new Error((m as { error: string }).error)) : done(m)));
        worker.once('error', fail);
      });
    expect(await next()).toBe('ready');
    const fromWorker = next() as Promise<string[]>;
    worker.postMessage('go');
    // A head start so both threads compete; how the work splits varies (SQLite locks are not fair), exactly-once must not.
    await new Promise((r) => setTimeout(r, 5));
    const [mine, theirs] = await Promise.all([drain(main, 'p'), fromWorker]);
    await worker.terminate();
    expect(new Set([...mine, ...theirs]).size).toBe(mine.length + theirs.length);
    expect([...mine, ...theirs].sort()).toEqual([...posted].sort());
    await main.close();
  });
});
