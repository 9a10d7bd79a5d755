import { randomBytes } from 'node:crypto';
import type { PostedEvent } from '@zaqarjs/core';
import { SqlDataDriver } from '../src';
import { createPgSchema, describeWithServer, withPg, type ScratchDatabase } from './support/sql-servers';

/** Collects events and lets a test wait for a condition on them. */
class Inbox {
  readonly events: PostedEvent[] = [];
  readonly push = (event: PostedEvent) => void this.events.push(event);

  /** Resolves once `done(events)` holds, re-checking as events arrive (jest's timeout bounds the wait). */
  async until(done: (events: PostedEvent[]) => boolean): Promise<PostedEvent[]> {
    while (!done(this.events)) await new Promise((r) => setTimeout(r, 20));
    return this.events;
  }
}

describeWithServer('postgresql', 'PostgreSQL LISTEN/NOTIFY message events', () => {
  const tag = `zaqar-events-${randomBytes(4).toString('hex')}`;
  let scratch: ScratchDatabase;
  let other: ScratchDatabase;
  const drivers: SqlDataDriver[] = [];
  const open = async (uri: string) => {
    const driver = new SqlDataDriver({ uri: `${uri}&application_name=${tag}` });
    drivers.push(driver);
    await driver.open();
    return driver;
  };

  beforeAll(async () => {
    [scratch, other] = await Promise.all([createPgSchema(), createPgSchema()]);
  });
  afterAll(async () => {
    await Promise.all(drivers.map((d) => d.close()));
    await Promise.all([scratch.drop(), other.drop()]);
  });

  it('delivers a post announced by one driver to the subscribers of another on the same schema, not to other schemas', async () => {
    const [publisher, listener, elsewhere] = [await open(scratch.uri), await open(scratch.uri), await open(other.uri)];
    const inbox = new Inbox();
    const stranger = new Inbox();
    const stop = await listener.events!.subscribe(inbox.push);
    await elsewhere.events!.subscribe(stranger.push);
    const event = { project: 'p', queue: 'q', messageIds: ['a', 'b'] };
    await publisher.events!.publish(event);
    await publisher.events!.publish({ ...event, queue: 'second' });
    expect(await inbox.until((e) => e.length === 2)).toEqual([event, { ...event, queue: 'second' }]);
    await stop();
    await publisher.events!.publish({ ...event, queue: 'after-stop' });
    // The publisher's own subscription proves the notice went out; the stopped one stays silent.
    const own = new Inbox();
    await publisher.events!.subscribe(own.push);
    await publisher.events!.publish({ ...event, queue: 'marker' });
    await own.until((e) => e.some((x) => x.queue === 'marker'));
    expect(inbox.events.map((e) => e.queue)).toEqual(['q', 'second']);
    expect(stranger.events).toEqual([]);
  });

  it('splits events too large for one notice, keeping every id in order', async () => {
    const [publisher, listener] = [await open(scratch.uri), await open(scratch.uri)];
    const inbox = new Inbox();
    await listener.events!.subscribe(inbox.push);
    const ids = Array.from({ length: 600 }, (_, i) => `${i}-${'x'.repeat(30)}`);
    await publisher.events!.publish({ project: 'p', queue: 'big', messageIds: ids });
    const got = await inbox.until((e) => e.flatMap((x) => x.messageIds).length === ids.length);
    expect(got.length).toBeGreaterThan(1);
    expect(got.every((e) => e.project === 'p' && e.queue === 'big')).toBe(true);
    expect(got.flatMap((e) => e.messageIds)).toEqual(ids);
  });

  it('listens again by itself after its connection is killed', async () => {
    const [publisher, listener] = [await open(scratch.uri), await open(scratch.uri)];
    const inbox = new Inbox();
    await listener.events!.subscribe(inbox.push);
    const killed = await withPg((c) =>
      c.query("select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1 and query ilike 'listen %'", [tag]),
    );
    expect(killed.rowCount).toBeGreaterThan(0);
    // Notices sent while it reconnects are lost (best effort): announce until one arrives.
    let n = 0;
    while (!inbox.events.some((e) => e.queue === 'back')) {
      await publisher.events!.publish({ project: 'p', queue: 'back', messageIds: [String(n++)] });
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(inbox.events.some((e) => e.queue === 'back')).toBe(true);
  });

  it('fails with StorageUnavailable before open', async () => {
    const driver = new SqlDataDriver({ uri: scratch.uri });
    await expect(driver.events!.publish({ project: 'p', queue: 'q', messageIds: [] })).rejects.toMatchObject({ code: 'ZAQAR_STORAGE_UNAVAILABLE' });
  });
});
