/**
 * The data at rest follows the reference layout: database and
 * collection names, document fields, indexes created at open. And what the store adds:
 * derived `_id`s arbitrating uniqueness, an escaped name filter, no reliance on TTL.
 */
import { zlib } from '../src/messages/zlib';
import { MongoClient, ObjectId } from 'mongodb';
import { describeWithMongo, useMongoServer } from '../../../test/mongo-server';
import { MongoControlDriver, MongoDataDriver } from '../src';

const CLIENT = '3a5d7f6e-1c2b-4d8e-9f0a-112233445566';

describeWithMongo('store-mongodb layout', () => {
  const server = useMongoServer();
  let data: MongoDataDriver;
  let fifo: MongoDataDriver;
  let control: MongoControlDriver;
  let client: MongoClient;
  const db = (suffix = '') => client.db(`${server().database}${suffix}`);

  beforeAll(async () => {
    const { uri, database } = server();
    data = new MongoDataDriver({ uri, database, partitions: 3, unreliable: true });
    fifo = new MongoDataDriver({ uri, database, partitions: 2, unreliable: true }, 'mongodb.fifo');
    control = new MongoControlDriver({ uri, database });
    await Promise.all([data.open(), fifo.open(), control.open()]);
    client = new MongoClient(uri);
  });
  afterAll(async () => {
    await Promise.all([data?.close(), fifo?.close(), control?.close(), client?.close()]);
  });

  it('keeps messages in <database>_messages_p<crc32(project + queue) % partitions>.messages with the reference fields', async () => {
    const [id] = await data.messages.post('proj', 'jobs', [{ body: { task: 1 }, ttl: 300, delay: 0, checksum: 'MD5:x' }], CLIENT.toUpperCase());
    const partition = zlib.crc32(Buffer.from('projjobs')) % 3;
    const doc = await db(`_messages_p${partition}`)
      .collection('messages')
      .findOne({ _id: new ObjectId(id) });
    expect(doc).toMatchObject({ p_q: 'proj/jobs', t: 300, u: CLIENT, b: { task: 1 }, k: 1, tx: null, cs: 'MD5:x', c: { id: null, c: 0 } });
    expect(doc!.e).toBeInstanceOf(Date);
    expect(doc!.e.getTime() / 1000 - doc!._id.getTimestamp().getTime() / 1000).toBe(300);
    expect(typeof doc!.d).toBe('number');
    const indexes = (await db(`_messages_p${partition}`).collection('messages').listIndexes().toArray()).map((i) => i.name);
    expect(indexes).toEqual(expect.arrayContaining(['ttl', 'active', 'claimed', 'counting', 'queue_marker', 'transaction']));
    const ttl = (await db(`_messages_p${partition}`).collection('messages').listIndexes().toArray()).find((i) => i.name === 'ttl');
    expect(ttl).toMatchObject({ key: { e: 1 }, expireAfterSeconds: 0 });
  });

  it('keeps mongodb.fifo messages in <database>_messages_fifo_p<N> with consecutive markers', async () => {
    await fifo.messages.post(
      'proj',
      'ordered',
      [1, 2, 3].map((n) => ({ body: n, ttl: 300, delay: 0 })),
      CLIENT,
    );
    const partition = zlib.crc32(Buffer.from('projordered')) % 2;
    const docs = await db(`_messages_fifo_p${partition}`).collection('messages').find({ p_q: 'proj/ordered' }).sort({ k: 1 }).toArray();
    expect(docs.map((d) => [d.k, d.b, d.tx])).toEqual([
      [1, 1, null],
      [2, 2, null],
      [3, 3, null],
    ]);
  });

  it('keeps queues, topics, pools, flavors and the catalogue in the reference collections', async () => {
    await control.queues.create('proj', 'jobs', { a: 1 });
    await control.topics!.create('proj', 'news', {});
    await control.pools.create({ name: 'p1', uri: 'mongodb://pool1', weight: 10, flavor: null, options: {} });
    await control.flavors.create({ name: 'gold', project: 'proj', capabilities: {} });
    await control.catalogue.insert('proj', 'jobs', 'p1');
    expect(await db('_queues').collection('queues').findOne({ p_q: 'proj/jobs' })).toMatchObject({ m: { a: 1 }, c: { v: 1 } });
    expect(await db('_topics').collection('topics').findOne({ p_q: 'proj/news' })).not.toBeNull();
    expect(await db().collection('pools').findOne({ n: 'p1' })).toMatchObject({ u: 'mongodb://pool1', w: 10, f: null, o: {} });
    expect(await db().collection('flavors').findOne({ n: 'gold' })).toMatchObject({ p: 'proj', c: {} });
    expect(await db().collection('catalogue').findOne({ p_q: 'proj/jobs' })).toMatchObject({ s: 'p1' });
  });

  it('keeps subscriptions in <database>_subscriptions.subscriptions', async () => {
    const id = await data.subscriptions.create('proj', 'jobs', 'http://example.com/hook', 600, { x: 1 });
    const doc = await db('_subscriptions')
      .collection('subscriptions')
      .findOne({ _id: new ObjectId(id!) });
    expect(doc).toMatchObject({ s: 'jobs', u: 'http://example.com/hook', t: 600, o: { x: 1 }, p: 'proj', c: false });
    expect(doc!.e).toBeInstanceOf(Date);
  });

  it('arbitrates uniqueness with derived _ids, so it holds even where unique indexes are not enforced', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => control.queues.create('race', 'q', {})));
    expect(results.filter(Boolean)).toHaveLength(1);
    const subscriptions = await Promise.all(Array.from({ length: 8 }, () => data.subscriptions.create('race', 'q', 'http://example.com/once', 600, {})));
    expect(subscriptions.filter((s) => s !== null)).toHaveLength(1);
    expect(await db('_subscriptions').collection('subscriptions').countDocuments({ p: 'race', u: 'http://example.com/once' })).toBe(1);
  });

  it('filters queue names with an escaped regular expression (no regex injection)', async () => {
    for (const name of ['a.b', 'axb', 'a-b', 'ab']) await control.queues.create('regex', name, {});
    const names = async (filter: string) => (await control.queues.list('regex', { limit: 10, detailed: false, name: filter })).items.map((q) => q.name);
    expect(await names('.')).toEqual(['a.b']);
    expect(await names('a.b')).toEqual(['a.b']);
    expect(await names('-')).toEqual(['a-b']);
    expect(await names('a')).toEqual(['a-b', 'a.b', 'ab', 'axb']);
    // A project is matched by equality, never as a prefix: "p" does not see "p/x"'s queues.
    await control.queues.create('p/x', 'hidden', {});
    expect((await control.queues.list('p', { limit: 10, detailed: false })).items).toEqual([]);
  });
});
