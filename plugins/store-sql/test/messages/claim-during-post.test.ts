import type { SqlDataDriver } from '../../src';
import { describeOnEachSqlStore, type OpenStore } from '../support/each-sql-store';

const message = (body: string) => ({ body, ttl: 3600, delay: 0 });

// PostgreSQL claims in one statement (claimAtOnce), SQLite and MariaDB through the transactional path.
describeOnEachSqlStore('a claim made while a post to its queue is being committed', (open: OpenStore) => {
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
});
