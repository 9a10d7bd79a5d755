import { SqlDataDriver } from '../../src';
import { GroupCommit } from '../../src/messages/group-commit';
import { createScratch, describeWithServer, type ScratchDatabase, type ServerKind } from '../support/sql-servers';

describe('GroupCommit', () => {
  it('writes posts submitted together in one transaction, in submission order', async () => {
    const transactions: string[][] = [];
    const batcher = new GroupCommit<string>(
      async (posts) => (transactions.push([...posts]), posts.map(() => undefined)),
      async (post) => void transactions.push([post]),
    );
    await Promise.all(['a', 'b', 'c'].map((p) => batcher.submit(p)));
    expect(transactions).toEqual([['a', 'b', 'c']]);
  });

  it('retries each post alone when the shared transaction fails, so only the bad one fails', async () => {
    const committed: string[] = [];
    const batcher = new GroupCommit<string>(
      async () => {
        throw new Error('batch failed');
      },
      async (post) => {
        if (post === 'bad') throw new Error('bad post');
        committed.push(post);
      },
    );
    const results = await Promise.allSettled(['a', 'bad', 'c'].map((p) => batcher.submit(p)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(committed.sort()).toEqual(['a', 'c']);
  });

  it('rejects when the writer throws synchronously', async () => {
    const batcher = new GroupCommit<string>(
      () => {
        throw new Error('not open');
      },
      () => {
        throw new Error('not open');
      },
    );
    await expect(batcher.submit('a')).rejects.toThrow('not open');
  });

  it('caps a transaction at maxBatch posts', async () => {
    const sizes: number[] = [];
    const batcher = new GroupCommit<number>(
      async (posts) => (sizes.push(posts.length), posts.map(() => undefined)),
      async () => void sizes.push(1),
      2,
    );
    await Promise.all([1, 2, 3, 4, 5].map((n) => batcher.submit(n)));
    expect(sizes).toEqual([2, 2, 1]);
  });

  it("gives each caller its own write's result, batched or alone", async () => {
    const batcher = new GroupCommit<number, number>(
      async (writes) => writes.map((n) => n * 10),
      async (n) => n * 100,
    );
    expect(await Promise.all([1, 2, 3].map((n) => batcher.submit(n)))).toEqual([10, 20, 30]);
    expect(await batcher.submit(4)).toBe(400);
  });
});

/** Posts submitted together (one group commit; on PostgreSQL one statement) to the store at `uri`. */
async function expectContiguousBatchesInRequestOrder(uri: string): Promise<void> {
  const driver = new SqlDataDriver({ uri });
  await driver.open();
  try {
    const batches = Array.from({ length: 40 }, (_, b) => [0, 1, 2].map((i) => ({ body: `${b}:${i}`, ttl: 3600, delay: 0 })));
    const idsPerBatch: string[][] = await Promise.all(batches.map((messages) => driver.messages.post('p', 'q', messages, 'client')));
    const listed: string[] = [];
    let marker: string | undefined;
    for (;;) {
      const page = await driver.messages.list('p', 'q', { marker, limit: 20, echo: true, clientId: 'other', includeClaimed: true, includeDelayed: true });
      if (page.items.length === 0) break;
      listed.push(...page.items.map((m) => m.body as string));
      marker = page.marker;
    }
    expect(listed).toEqual(batches.flat().map((m) => m.body));
    expect(new Set(idsPerBatch.flat()).size).toBe(120);
    expect(
      (await driver.messages.list('p', 'q', { limit: 3, echo: true, clientId: 'other', includeClaimed: true, includeDelayed: true })).items.map((m) => m.id),
    ).toEqual(idsPerBatch[0]);
  } finally {
    await driver.close();
  }
}

describe('group-committed posts on SQLite', () => {
  it('keep every concurrent batch contiguous and in request order (FIFO per queue)', () => expectContiguousBatchesInRequestOrder('sqlite:///:memory:'));
});

for (const kind of ['postgresql', 'mysql'] as ServerKind[]) {
  describeWithServer(kind, `group-committed posts on ${kind}`, () => {
    let scratch: ScratchDatabase;
    beforeAll(async () => void (scratch = await createScratch(kind)));
    afterAll(() => scratch.drop());
    it('keep every concurrent batch contiguous and in request order (FIFO per queue)', () => expectContiguousBatchesInRequestOrder(scratch.uri));
  });
}
