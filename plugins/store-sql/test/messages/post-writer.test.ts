import { SqlDataDriver } from '../../src';

/** Every body of (p, queue) in position order, as `clientId` sees them (echo off hides its own). */
async function bodies(driver: SqlDataDriver, queue: string, clientId: string, echo: boolean): Promise<string[]> {
  const page = await driver.messages.list('p', queue, { limit: 20, echo, clientId, includeClaimed: true, includeDelayed: true });
  return page.items.map((m) => m.body as string);
}

describe('posts written together (one counter reservation and INSERT per queue)', () => {
  let driver: SqlDataDriver;
  beforeAll(async () => {
    driver = new SqlDataDriver({ uri: 'sqlite://' });
    await driver.open();
  });
  afterAll(() => driver.close());

  it('keeps each post contiguous and in submission order per queue, each message with its own poster', async () => {
    const A = '11111111-1111-4111-8111-111111111111';
    const B = '22222222-2222-4222-8222-222222222222';
    const posts = [
      ['q2', A, ['a1', 'a2']],
      ['q1', B, ['b1']],
      ['q2', B, ['b2', 'b3', 'b4']],
      ['q1', A, ['a3']],
      ['q2', A, ['a5']],
    ] as const;
    // Submitted in one tick: written by one batch.
    const ids = await Promise.all(
      posts.map(([queue, client, texts]) =>
        driver.messages.post(
          'p',
          queue,
          texts.map((body) => ({ body, ttl: 60, delay: 0 })),
          client,
        ),
      ),
    );
    expect(new Set(ids.flat()).size).toBe(8);
    expect(await bodies(driver, 'q2', A, true)).toEqual(['a1', 'a2', 'b2', 'b3', 'b4', 'a5']);
    expect(await bodies(driver, 'q1', A, true)).toEqual(['b1', 'a3']);
    expect(await bodies(driver, 'q2', A, false)).toEqual(['b2', 'b3', 'b4']);
    expect(await bodies(driver, 'q2', B, false)).toEqual(['a1', 'a2', 'a5']);
    const got = await driver.messages.bulkGet('p', 'q2', ids[2]);
    expect(got.map((m) => [m.body, m.clientId])).toEqual([
      ['b2', B],
      ['b3', B],
      ['b4', B],
    ]);
  });
});
