/**
 * What the contract suite cannot see: how the data sits in Redis. Names that the
 * reference's "." keys confused stay apart, expiries are physical as well as logical,
 * garbage collection empties the indexes, long runs of skipped messages are scanned in
 * slices, and "posted" notices travel over pub/sub.
 */
import { TestClock } from '@zaqarjs/storage-testkit';
import type { PostedEvent } from '@zaqarjs/core';
import Redis from 'ioredis';
import { RedisDataDriver } from '../src';
import { QUEUE_KEYS } from '../src/keys';
import { describeWithRedis, dropPrefix, TEST_REDIS_URI, testPrefix, testUri } from './redis-test-server';
import { quietPeriod } from '../../../test/support/wait-for';

const CLIENT = '3a5d7f6e-1c2b-4d8e-9f0a-112233445566';
const msg = (body: unknown, ttl = 3600) => ({ body, ttl, delay: 0 });
const all = { limit: 20, echo: true, clientId: CLIENT, includeClaimed: true, includeDelayed: true };

describeWithRedis('Redis data layout', () => {
  const prefix = testPrefix('layout');
  const clock = new TestClock();
  const store = new RedisDataDriver({ uri: testUri(prefix), now: clock.now });
  const raw = new Redis(TEST_REDIS_URI, { lazyConnect: true });
  beforeAll(async () => {
    await store.open();
    await raw.connect();
  });
  afterAll(async () => {
    await store.close();
    raw.disconnect();
    await dropPrefix(prefix);
  });
  const messageKey = (project: string, queue: string, id: string) => store.keys.queue(project, queue) + QUEUE_KEYS.message(id);
  const legacyKey = (project: string, queue: string, id: string) => store.keys.queue(project, queue) + QUEUE_KEYS.legacyMessage(id);
  /** Rewrites a stored message as earlier versions kept it: a hash of the non-default fields, with a Redis expiry. */
  async function makeLegacy(project: string, queue: string, id: string, extra: Record<string, string | number> = {}): Promise<void> {
    const message = await store.messages.get(project, queue, id);
    const seq = await raw.zscore(`${store.keys.queue(project, queue)}ids`, id);
    const fields = { s: seq!, b: JSON.stringify(message.body), t: message.ttl, cr: message.created, e: message.created + message.ttl, u: message.clientId };
    await raw
      .multi()
      .del(messageKey(project, queue, id))
      .hset(legacyKey(project, queue, id), { ...fields, ...extra })
      .expire(legacyKey(project, queue, id), message.ttl)
      .exec();
  }

  it('keeps apart the projects and queues that "." joined into the same reference keys', async () => {
    const pairs: [string, string][] = [
      ['a.b', 'c'],
      ['a', 'b.c'],
      ['a:b', 'c'],
      ['a', 'b:c'],
    ];
    const posted = [];
    for (const [project, queue] of pairs) posted.push(await store.messages.post(project, queue, [msg(`${project}/${queue}`)], CLIENT));
    for (const [i, [project, queue]] of pairs.entries()) {
      const listed = (await store.messages.list(project, queue, all)).items;
      expect(listed.map((m) => m.body)).toEqual([`${project}/${queue}`]);
      expect(listed[0].id).toBe(posted[i][0]);
      await store.messages.deleteAll(project, queue);
    }
  });

  it('keeps each message in one string whatever its client id, checksum and body hold', async () => {
    const client = 'not a uuid: 7 spaces, digits 12 34, é 🚀 and a\nnewline';
    const odd = [
      { body: { text: 'a b  c\n12 34 ñ 🚀' }, ttl: 3600, delay: 0 },
      { body: '', ttl: 60, delay: 30, checksum: 'MD5:12 34' },
    ];
    const ids = await store.messages.post('string', 'q', odd, client);
    expect(await raw.type(messageKey('string', 'q', ids[0]))).toBe('string');
    expect(await raw.exists(legacyKey('string', 'q', ids[0]))).toBe(0);
    const read = await store.messages.bulkGet('string', 'q', ids);
    expect(read.map((m) => [m.body, m.ttl, m.clientId, m.checksum])).toEqual([
      [{ text: 'a b  c\n12 34 ñ 🚀' }, 3600, client, undefined],
      ['', 60, client, 'MD5:12 34'],
    ]);
    clock.advance(31);
    const claim = await store.claims.create('string', 'q', { ttl: 60, grace: 60, limit: 5 });
    expect(claim?.messages.map((m) => [m.body, m.clientId, m.claimCount])).toEqual([
      [{ text: 'a b  c\n12 34 ñ 🚀' }, client, 0],
      ['', client, 0],
    ]);
  });

  it('reads messages that earlier versions kept as hashes, and stores them as strings on their next write', async () => {
    const [plain, delayed] = await store.messages.post('compact', 'q', [msg('plain'), { body: 'later', ttl: 3600, delay: 30 }], CLIENT);
    await makeLegacy('compact', 'q', plain);
    await makeLegacy('compact', 'q', delayed, { d: clock.now() + 30, cs: '' });
    expect((await store.messages.list('compact', 'q', all)).items.map((m) => [m.id, m.body])).toEqual([
      [plain, 'plain'],
      [delayed, 'later'],
    ]);
    expect((await store.messages.get('compact', 'q', delayed)).body).toBe('later');
    const claim = await store.claims.create('compact', 'q', { ttl: 60, grace: 60, limit: 5 });
    expect(claim?.messages.map((m) => [m.body, m.claimCount, m.checksum])).toEqual([['plain', 0, undefined]]);
    expect(await raw.exists(legacyKey('compact', 'q', plain))).toBe(0);
    expect(await raw.type(messageKey('compact', 'q', plain))).toBe('string');
    clock.advance(31);
    const later = await store.claims.create('compact', 'q', { ttl: 60, grace: 60, limit: 5 });
    expect(later?.messages.map((m) => [m.id, m.body, m.claimCount])).toEqual([[delayed, 'later', 0]]);
    // A hash that is only deleted leaves nothing behind.
    const [gone] = await store.messages.post('compact', 'q', [msg('gone')], CLIENT);
    await makeLegacy('compact', 'q', gone);
    await store.messages.delete('compact', 'q', gone);
    expect(await raw.exists(legacyKey('compact', 'q', gone), messageKey('compact', 'q', gone))).toBe(0);
  });

  it('reads a message string it cannot parse (set by hand, damaged) as gone, so the rest of its queue stays usable', async () => {
    const [damaged, intact] = await store.messages.post('damaged', 'q', [msg('a'), msg('b')], CLIENT);
    await raw.set(messageKey('damaged', 'q', damaged), 'not a message');
    // Each of these failed with a Lua error (503) for the whole queue.
    await expect(store.messages.get('damaged', 'q', damaged)).rejects.toMatchObject({ name: 'MessageDoesNotExist' });
    expect((await store.messages.list('damaged', 'q', all)).items.map((m) => m.id)).toEqual([intact]);
    expect((await store.messages.stats('damaged', 'q')).total).toBe(1);
    expect((await store.claims.create('damaged', 'q', { ttl: 60, grace: 60, limit: 5 }))?.messages.map((m) => m.id)).toEqual([intact]);
    await expect(store.messages.delete('damaged', 'q', damaged)).resolves.toBeUndefined();
    // The key itself is left for the operator (Redis's log names it).
    expect(await raw.get(messageKey('damaged', 'q', damaged))).toBe('not a message');
  });

  it('runs its scripts again once Redis lost its script cache (SCRIPT FLUSH on a live connection)', async () => {
    const [zero] = await store.messages.post('flushed', 'q', [msg(0)], CLIENT);
    await raw.script('FLUSH');
    // The post script's EVALSHA meets NOSCRIPT, and the call falls back to EVAL.
    const ids = await store.messages.post('flushed', 'q', [msg('é 🚀'), msg(2)], CLIENT);
    expect((await store.messages.list('flushed', 'q', all)).items.map((m) => [m.id, m.body])).toEqual([
      [zero, 0],
      [ids[0], 'é 🚀'],
      [ids[1], 2],
    ]);
    const evalshaCalls = async () => Number((await raw.info('commandstats')).match(/cmdstat_evalsha:calls=(\d+)/)?.[1] ?? 0);
    const before = await evalshaCalls();
    await store.messages.post('flushed', 'q', [msg(3)], CLIENT);
    // Cached again by that EVAL: the next post is an EVALSHA.
    expect(await evalshaCalls()).toBeGreaterThan(before);
  });

  it('gives messages no Redis expiry: they stay until garbage collection, hidden once expired', async () => {
    const [id] = await store.messages.post('ttl', 'gone', [msg('x', 60)], CLIENT);
    expect(await raw.ttl(messageKey('ttl', 'gone', id))).toBe(-1);
    clock.advance(61);
    expect((await store.messages.list('ttl', 'gone', all)).items).toEqual([]);
    expect(await store.claims.create('ttl', 'gone', { ttl: 60, grace: 60, limit: 5 })).toBeNull();
    await store.messages.collectGarbage();
    expect(await raw.exists(messageKey('ttl', 'gone', id))).toBe(0);
  });

  it("drops the Redis expiry an earlier version's hash carries when a claim or its renewal extends the message", async () => {
    const [id] = await store.messages.post('ttl', 'q', [msg('x', 60)], CLIENT);
    await makeLegacy('ttl', 'q', id);
    const claim = await store.claims.create('ttl', 'q', { ttl: 300, grace: 200, limit: 1 });
    expect(claim?.messages.map((m) => [m.id, m.ttl])).toEqual([[id, 500]]);
    expect(await raw.ttl(messageKey('ttl', 'q', id))).toBe(-1);
    await makeLegacy('ttl', 'q', id, { c: claim!.id, ce: clock.now() + 300, cc: 0 });
    await store.claims.update('ttl', 'q', claim!.id, { ttl: 600, grace: 60 });
    expect(await raw.exists(legacyKey('ttl', 'q', id))).toBe(0);
    expect(await raw.ttl(messageKey('ttl', 'q', id))).toBe(-1);
    expect((await store.messages.get('ttl', 'q', id)).ttl).toBe(660);
  });

  it("moves a dead-lettered message under the dead-letter queue's keys, with its new ttl and no Redis expiry", async () => {
    const [id] = await store.messages.post('ttl', 'src', [msg('y', 3600)], CLIENT);
    await makeLegacy('ttl', 'src', id);
    const deadLetter = { maxClaimCount: 0, queue: 'dlq', messagesTtl: 120 };
    expect(await store.claims.create('ttl', 'src', { ttl: 60, grace: 60, limit: 5, deadLetter })).toBeNull();
    expect((await store.messages.list('ttl', 'dlq', all)).items.map((m) => [m.id, m.ttl, m.body])).toEqual([[id, 120, 'y']]);
    expect(await raw.exists(messageKey('ttl', 'src', id), legacyKey('ttl', 'src', id))).toBe(0);
    expect(await raw.ttl(messageKey('ttl', 'dlq', id))).toBe(-1);
    // At the dead-letter queue's tail, after its claim cursor: claimable there.
    expect((await store.claims.create('ttl', 'dlq', { ttl: 60, grace: 60, limit: 5 }))?.messages.map((m) => m.id)).toEqual([id]);
  });

  it('gives subscriptions a Redis expiry equal to their ttl', async () => {
    const id = await store.subscriptions.create('subs', 'q', 'http://example.com/hook', 600, {});
    const left = await raw.ttl(`${store.keys.queue('subs', 'q')}s:${id}`);
    expect(left).toBeGreaterThan(590);
    expect(left).toBeLessThanOrEqual(600);
  });

  it('collectGarbage prunes expired ids from the indexes and forgets emptied queues', async () => {
    const base = store.keys.queue('gc', 'q');
    await store.messages.post('gc', 'q', [msg('a', 60), msg('b', 60)], CLIENT);
    await store.claims.create('gc', 'q', { ttl: 60, grace: 60, limit: 1 });
    expect(await raw.sismember(store.keys.dataIndex, base)).toBe(1);
    clock.advance(121);
    // The two messages and the claim, told apart (other tests of this file share the store and clock).
    const removed = await store.messages.collectGarbage();
    expect(removed.messages).toBeGreaterThanOrEqual(2);
    expect(removed.claims).toBeGreaterThanOrEqual(1);
    for (const index of ['ids', 'free', 'held', 'exp', 'claims']) expect({ index, size: await raw.zcard(`${base}${index}`) }).toEqual({ index, size: 0 });
    expect(await raw.sismember(store.keys.dataIndex, base)).toBe(0);
    expect(await raw.get(`${base}seq`)).toBe('2');
  });

  it('lists, pops and claims past more than one scan slice of claimed messages', async () => {
    const project = 'slices';
    for (let i = 0; i < 1200; i += 100) {
      await store.messages.post(
        project,
        'q',
        Array.from({ length: 100 }, (_, j) => msg(i + j)),
        CLIENT,
      );
    }
    for (let i = 0; i < 11; i++) await store.claims.create(project, 'q', { ttl: 300, grace: 60, limit: 100 });
    const free = { ...all, includeClaimed: false };
    expect((await store.messages.list(project, 'q', { ...free, limit: 3 })).items.map((m) => m.body)).toEqual([1100, 1101, 1102]);
    expect((await store.claims.create(project, 'q', { ttl: 300, grace: 60, limit: 2 }))!.messages.map((m) => m.body)).toEqual([1100, 1101]);
    expect((await store.messages.pop(project, 'q', 2)).map((m) => m.body)).toEqual([1102, 1103]);
    expect(await store.messages.stats(project, 'q')).toMatchObject({ total: 1198, claimed: 1102, free: 96 });
    // Claims and pops start after the claim cursor (what they have scanned), not at the 1,100 claimed messages.
    const base = store.keys.queue(project, 'q');
    expect(await raw.get(`${base}cursor`)).toBe('1104');
    expect(await raw.zcard(`${base}free`)).toBe(0);
    expect(await raw.zcard(`${base}held`)).toBe(1102);
  });

  it('deletes, bulk deletes and pops leave no index entry behind, whatever state the message was in', async () => {
    const base = store.keys.queue('drop', 'q');
    const [held, delayed, lapsed, released, free, last] = await store.messages.post(
      'drop',
      'q',
      [msg('held'), { body: 'delayed', ttl: 3600, delay: 30 }, msg('lapsed'), msg('released'), msg('free'), msg('last')],
      CLIENT,
    );
    const claim = (ttl: number) => store.claims.create('drop', 'q', { ttl, grace: 60, limit: 1 });
    const holding = await claim(300);
    expect(holding?.messages.map((m) => m.id)).toEqual([held]);
    expect((await claim(60))?.messages.map((m) => m.id)).toEqual([lapsed]);
    const releasing = await claim(300);
    expect(releasing?.messages.map((m) => m.id)).toEqual([released]);
    await store.claims.delete('drop', 'q', releasing!.id);
    clock.advance(61); // the second claim lapses; the delay ends
    // The pop returns the lapsed message to free, behind the cursor with the released one.
    expect((await store.messages.pop('drop', 'q', 1)).map((m) => m.id)).toEqual([delayed]);
    await store.messages.delete('drop', 'q', held, holding!.id);
    await store.messages.delete('drop', 'q', lapsed);
    await store.messages.bulkDelete('drop', 'q', [released, free, last]);
    for (const index of ['ids', 'free', 'held', 'exp', 'delayed', `cm:${holding!.id}`])
      expect({ index, size: await raw.zcard(`${base}${index}`) }).toEqual({ index, size: 0 });
  });

  describe('the claim cursor', () => {
    const base = (queue: string) => store.keys.queue('cursor', queue);
    const claim = async (queue: string, limit: number) =>
      (await store.claims.create('cursor', queue, { ttl: 300, grace: 60, limit }))?.messages.map((m) => m.body) ?? [];
    const unclaimed = async (queue: string) => (await store.messages.list('cursor', queue, { ...all, includeClaimed: false })).items.map((m) => m.body);

    it('posts to ids, and their expiry block to exp, only; a claim moves the cursor; released and still-delayed messages behind it are in free, in FIFO order', async () => {
      await store.messages.post('cursor', 'a', [msg(1), { body: 2, ttl: 3600, delay: 30 }, msg(3), msg(4)], CLIENT);
      expect([await raw.zcard(`${base('a')}ids`), await raw.zcard(`${base('a')}exp`), await raw.zcard(`${base('a')}free`)]).toEqual([4, 1, 0]);
      expect(await raw.get(`${base('a')}cursor`)).toBe('0');
      const first = await store.claims.create('cursor', 'a', { ttl: 300, grace: 60, limit: 2 });
      expect(first?.messages.map((m) => m.body)).toEqual([1, 3]);
      // The delayed message the claim passed over waits in free, behind the cursor.
      expect(await raw.get(`${base('a')}cursor`)).toBe('3');
      expect(await raw.zrange(`${base('a')}free`, 0, -1)).toEqual([(await store.messages.list('cursor', 'a', all)).items[1].id]);
      expect(await unclaimed('a')).toEqual([2, 4]);
      await store.claims.delete('cursor', 'a', first!.id);
      await store.messages.post('cursor', 'a', [msg(5)], CLIENT);
      expect(await unclaimed('a')).toEqual([1, 2, 3, 4, 5]);
      clock.advance(31);
      expect(await claim('a', 3)).toEqual([1, 2, 3]);
      expect(await claim('a', 5)).toEqual([4, 5]);
      expect(await raw.get(`${base('a')}cursor`)).toBe('5');
      expect(await raw.zcard(`${base('a')}free`)).toBe(0);
    });

    it('reads a queue written before cursors existed (every unclaimed message in free), and a later post keeps FIFO order', async () => {
      const ids = await store.messages.post('cursor', 'old', [msg(1), msg(2), msg(3)], CLIENT);
      // As an earlier version left it: no cursor, every unclaimed message in free.
      await raw.del(`${base('old')}cursor`);
      await raw.zadd(`${base('old')}free`, 1, ids[0], 2, ids[1], 3, ids[2]);
      expect(await claim('old', 1)).toEqual([1]);
      await store.messages.post('cursor', 'old', [msg(4)], CLIENT);
      expect(await raw.get(`${base('old')}cursor`)).toBe('3');
      expect(await unclaimed('old')).toEqual([2, 3, 4]);
      expect(await claim('old', 5)).toEqual([2, 3, 4]);
      expect(await claim('old', 5)).toEqual([]);
    });

    it('starts again at the tail after a purge (the position counter stays, the cursor goes)', async () => {
      await store.messages.post('cursor', 'p', [msg(1), msg(2)], CLIENT);
      expect(await claim('p', 1)).toEqual([1]);
      await store.messages.deleteAll('cursor', 'p');
      expect(await raw.exists(`${base('p')}cursor`)).toBe(0);
      await store.messages.post('cursor', 'p', [msg(3)], CLIENT);
      expect(await raw.get(`${base('p')}cursor`)).toBe('2');
      expect(await claim('p', 5)).toEqual([3]);
    });

    it('scores an expiry block by the earliest expiry of its messages plus a fraction growing with the block; stats and collection expire messages at their second', async () => {
      const posted = await store.messages.post('cursor', 'e', [msg(1, 61), msg(2, 60), msg(3, 61)], CLIENT);
      const exp = () => raw.zrange(`${base('e')}exp`, 0, -1, 'WITHSCORES');
      const expires = clock.now() + 60;
      // Positions 1 to 3: block 0 (64 positions a block). Redis prints a whole score without its fraction.
      expect(await exp()).toEqual(['#0', `${expires}`]);
      clock.advance(59);
      expect(await store.messages.stats('cursor', 'e')).toMatchObject({ total: 3 });
      clock.advance(1);
      expect(await unclaimed('e')).toEqual([1, 3]);
      // Stats collect the queue first: the expired message is gone and the block is due a second later.
      expect(await store.messages.stats('cursor', 'e')).toMatchObject({ total: 2, free: 2 });
      expect(await raw.exists(messageKey('cursor', 'e', posted[1]))).toBe(0);
      expect(await exp()).toEqual(['#0', `${expires + 1}`]);
      clock.advance(1);
      await store.messages.collectGarbage();
      expect(await raw.exists(`${base('e')}exp`, `${base('e')}ids`, messageKey('cursor', 'e', posted[0]), messageKey('cursor', 'e', posted[2]))).toBe(0);
      expect(await store.messages.stats('cursor', 'e')).toMatchObject({ total: 0 });
    });

    it('gives every block a post reaches its own entry: 70 messages after 60 reach blocks 0 and 1, then block 2', async () => {
      await store.messages.post(
        'cursor',
        'blocks',
        Array.from({ length: 60 }, (_, i) => msg(i, 120)),
        CLIENT,
      );
      await store.messages.post(
        'cursor',
        'blocks',
        Array.from({ length: 70 }, (_, i) => msg(i, 60)),
        CLIENT,
      );
      const now = clock.now();
      // Block 0 holds positions 1-63 (ttl 120 and 60), block 1 64-127, block 2 128-130.
      expect(await raw.zrange(`${base('blocks')}exp`, 0, -1, 'WITHSCORES')).toEqual([
        '#0',
        `${now + 60}`,
        '#1',
        `${now + 60}.00001`,
        '#2',
        `${now + 60}.00002`,
      ]);
      clock.advance(60);
      expect(await store.messages.stats('cursor', 'blocks')).toMatchObject({ total: 60 });
      expect(await raw.zrange(`${base('blocks')}exp`, 0, -1, 'WITHSCORES')).toEqual(['#0', `${now + 120}`]);
    });
  });

  it('leaves exp alone when a claim or its renewal extends a message; collection keeps the extended message and schedules its block again', async () => {
    const [, id] = await store.messages.post('cursor', 'x', [msg(1), msg(2, 60)], CLIENT);
    const exp = () => raw.zrange(`${store.keys.queue('cursor', 'x')}exp`, 0, -1, 'WITHSCORES');
    const start = clock.now();
    const claim = await store.claims.create('cursor', 'x', { ttl: 300, grace: 60, limit: 2 });
    expect(await exp()).toEqual(['#0', `${start + 60}`]);
    clock.advance(61);
    expect(await store.messages.stats('cursor', 'x')).toMatchObject({ total: 2, claimed: 2 });
    expect(await exp()).toEqual(['#0', `${start + 360}`]);
    await store.claims.update('cursor', 'x', claim!.id, { ttl: 600, grace: 60 });
    clock.advance(300);
    await store.messages.collectGarbage();
    expect((await store.messages.get('cursor', 'x', id)).ttl).toBe(660);
    expect(await exp()).toEqual(['#0', `${start + 61 + 660}`]);
  });

  it("collects an earlier version's exp entry (a message id scored by its expiry), and schedules it again when a claim extended it", async () => {
    const [kept, gone] = await store.messages.post('cursor', 'old-exp', [msg('kept', 60), msg('gone', 60)], CLIENT);
    const exp = `${store.keys.queue('cursor', 'old-exp')}exp`;
    const start = clock.now();
    // As session 12 left them: one entry per message, the block entry unknown.
    await raw.del(exp);
    await raw.zadd(exp, `${start + 60}.00001`, kept, `${start + 60}.00002`, gone);
    await store.claims.create('cursor', 'old-exp', { ttl: 300, grace: 60, limit: 1 });
    clock.advance(60);
    await store.messages.collectGarbage();
    expect(await raw.exists(messageKey('cursor', 'old-exp', gone))).toBe(0);
    expect((await store.messages.get('cursor', 'old-exp', kept)).body).toBe('kept');
    expect(await raw.zrange(exp, 0, -1, 'WITHSCORES')).toEqual([kept, `${start + 360}.00001`]);
    // Deleting it leaves its entry until it is due.
    await store.messages.delete('cursor', 'old-exp', kept, (await store.messages.get('cursor', 'old-exp', kept)).claimId);
    expect(await raw.zrange(exp, 0, -1)).toEqual([kept]);
    clock.advance(300);
    await store.messages.collectGarbage();
    expect(await raw.exists(exp)).toBe(0);
  });

  it('announces posted messages to every store sharing the prefix, and only to them', async () => {
    const other = new RedisDataDriver({ uri: testUri(prefix) });
    const stranger = new RedisDataDriver({ uri: testUri(testPrefix('stranger')) });
    await other.open();
    await stranger.open();
    const heard: PostedEvent[] = [];
    const strangerHeard: PostedEvent[] = [];
    const stop = await store.events.subscribe((e) => heard.push(e));
    const stopStranger = await stranger.events.subscribe((e) => strangerHeard.push(e));
    const event = { project: 'p.1', queue: 'q', messageIds: ['a', 'b'] };
    await other.events.publish(event);
    await waitUntil(() => heard.length === 1);
    expect(heard).toEqual([event]);
    await stop();
    await other.events.publish({ ...event, messageIds: ['c'] });
    await store.events.publish({ ...event, messageIds: ['d'] });
    await stopStranger();
    expect(heard).toEqual([event]);
    expect(strangerHeard).toEqual([]);
    await other.close();
    await stranger.close();
    await expect(other.events.subscribe(() => undefined)).rejects.toMatchObject({ code: 'ZAQAR_STORAGE_UNAVAILABLE' });
    await expect(other.events.publish(event)).rejects.toMatchObject({ code: 'ZAQAR_STORAGE_UNAVAILABLE' });
  });

  it("publishes a post's notice with the post itself, once: the announce that follows finds it sent", async () => {
    const other = new RedisDataDriver({ uri: testUri(prefix) });
    await other.open();
    const heard: PostedEvent[] = [];
    const stop = await other.events.subscribe((e) => heard.push(e));
    const ids = await store.messages.post('notice', 'q', [msg('one'), msg('two')], CLIENT);
    await waitUntil(() => heard.length === 1);
    expect(heard).toEqual([{ project: 'notice', queue: 'q', messageIds: ids }]);
    // What core's announce does after every post: no second notice goes out.
    await store.events.publish({ project: 'notice', queue: 'q', messageIds: ids });
    // A notice no post sent (or the same one announced again) is published.
    await store.events.publish({ project: 'notice', queue: 'q', messageIds: ids });
    await waitUntil(() => heard.length === 2);
    await quietPeriod(50);
    expect(heard).toHaveLength(2);
    await stop();
    await other.close();
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
}
