/**
 * Deletes by id that arrive together are made in one group commit (on PostgreSQL in one
 * statement). Each must still get the answer its own rules give, whatever the others do.
 */
import { MessageIsClaimed, MessageNotClaimedBy } from '@zaqarjs/core';
import type { SqlDataDriver } from '../../src';
import { describeOnEachSqlStore, type OpenStore } from '../support/each-sql-store';

const message = (body: string) => ({ body, ttl: 3600, delay: 0 });

describeOnEachSqlStore('deletes by id made together', (open: OpenStore) => {
  let driver: SqlDataDriver;
  let done: () => Promise<void>;
  beforeAll(async () => ({ driver, done } = await open()));
  afterAll(() => done());

  it('give each delete of the batch its own outcome', async () => {
    const [free, held, heldToo, other, elsewhere] = await driver.messages.post(
      'p',
      'q',
      ['free', 'held', 'held too', 'other', 'elsewhere'].map(message),
      'client',
    );
    const claim = (await driver.claims.create('p', 'q', { ttl: 60, grace: 60, limit: 3 }))!; // free, held, heldToo
    await driver.messages.delete('p', 'q', free, claim.id); // the claim now holds held and heldToo
    const rival = (await driver.claims.create('p', 'q', { ttl: 60, grace: 60, limit: 1 }))!; // other
    const [refilled] = await driver.messages.post('p', 'q', [message('free again')], 'client');
    const outcomes = await Promise.allSettled([
      driver.messages.delete('p', 'q', held, claim.id), // held by that claim: deleted
      driver.messages.delete('p', 'q', heldToo), // held, no claim id: refused
      driver.messages.delete('p', 'q', other, claim.id), // held by the rival claim: refused
      driver.messages.delete('p', 'q', refilled), // free: deleted
      driver.messages.delete('p', 'elsewhere', elsewhere), // not in that queue: nothing to delete
      driver.messages.delete('p', 'q', held, claim.id), // the same delete twice: fine
    ]);
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? 'ok' : (o.reason as Error).constructor.name))).toEqual([
      'ok',
      MessageIsClaimed.name,
      MessageNotClaimedBy.name,
      'ok',
      'ok',
      'ok',
    ]);
    const left = await driver.messages.bulkGet('p', 'q', [held, heldToo, other, refilled, elsewhere]);
    expect(left.map((m) => m.body)).toEqual(['held too', 'other', 'elsewhere']);
    expect((await driver.claims.get('p', 'q', rival.id)).messages.map((m) => m.id)).toEqual([other]);
  });
});
