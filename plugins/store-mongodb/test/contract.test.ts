import { runControlStoreContract, runMessageStoreContract } from '@zaqarjs/storage-testkit';
import { describeWithMongo, useMongoServer } from '../../../test/mongo-server';
import { MongoControlDriver, MongoDataDriver } from '../src';

// One server (CongoDB child, or ZAQAR_TEST_MONGODB_URI) and one database set for this file;
// every test of the suites works in its own project.
describeWithMongo('store-mongodb contract', () => {
  const server = useMongoServer();
  const options = (now: () => number, database: string) => ({ uri: server().uri, database, now, unreliable: true });

  runMessageStoreContract('mongodb', ({ now }) => new MongoDataDriver(options(now, server().database)));
  runMessageStoreContract('mongodb.fifo', ({ now }) => new MongoDataDriver({ ...options(now, `${server().database}f`), partitions: 3 }, 'mongodb.fifo'));
  runControlStoreContract('mongodb', ({ now }) => new MongoControlDriver(options(now, server().database)));
});
