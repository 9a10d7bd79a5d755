import { SqlDataDriver } from '../../src';
import { createScratch, describeWithServer, type ServerKind } from '../support/sql-servers';

const message = (body: string) => ({ body, ttl: 3600, delay: 0 });

/** The cases, on a store `open` gives (a fresh one per case). */
function claimDuringPost(open: () => Promise<{ driver: SqlDataDriver; done(): Promise<void> }>): void {
  let driver: SqlDataDriver;
  let done: () => Promise<void>;
  beforeEach(async () => ({ driver, done } = await open()));
  afterEach(() => done());

  it('gets the message instead of answering that the queue is empty', async () => {
    const posted = driver.messages.post('p', 'q', [message('first')], 'client');
    const claim = await driver.claims.create('p', 'q', { ttl: 60, grace: 60, limit: 10 });
    const [id] = await posted;
    expect(claim?.messages.map((m) => [m.id, m.body])).toEqual([[id, 'first']]);
  });

  it('waits for posts to its own queue only', async () => {
    const posted = driver.messages.post('p', 'other', [message('elsewhere')], 'client');
    expect(await driver.claims.create('p', 'q', { ttl: 60, grace: 60, limit: 10 })).toBeNull();
    await posted;
  });

  it('still answers empty when the post holds only delayed messages', async () => {
    const posted = driver.messages.post('p', 'q', [{ body: 'later', ttl: 3600, delay: 60 }], 'client');
    expect(await driver.claims.create('p', 'q', { ttl: 60, grace: 60, limit: 10 })).toBeNull();
    await posted;
  });
}

describe('a claim made while a post to its queue is being committed, SQLite', () => {
  claimDuringPost(async () => {
    const driver = new SqlDataDriver({ uri: 'sqlite://' });
    await driver.open();
    return { driver, done: () => driver.close() };
  });
});

// PostgreSQL claims in one statement (claimAtOnce), MariaDB through the transactional path.
for (const kind of ['postgresql', 'mysql'] as ServerKind[]) {
  describeWithServer(kind, `a claim made while a post to its queue is being committed, ${kind}`, () => {
    claimDuringPost(async () => {
      const scratch = await createScratch(kind);
      const driver = new SqlDataDriver({ uri: scratch.uri });
      await driver.open();
      return { driver, done: async () => (await driver.close(), await scratch.drop()) };
    });
  });
}
