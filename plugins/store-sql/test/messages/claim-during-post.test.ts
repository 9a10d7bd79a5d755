import { SqlDataDriver } from '../../src';

const message = (body: string) => ({ body, ttl: 3600, delay: 0 });

describe('a claim made while a post to its queue is being committed', () => {
  let driver: SqlDataDriver;
  beforeEach(async () => {
    driver = new SqlDataDriver({ uri: 'sqlite://' });
    await driver.open();
  });
  afterEach(() => driver.close());

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
