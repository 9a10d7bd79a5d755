import { runControlStoreContract, runMessageStoreContract } from '@zaqarjs/storage-testkit';
import { describeWithMongo, onCongoDb, useMongoServer } from '../../../test/mongo-server';
import { MongoControlDriver, MongoDataDriver } from '../src';

// One server (CongoDB child, or ZAQAR_TEST_MONGODB_URI) and one database set for this file;
// every test of the suites works in its own project.
describeWithMongo('store-mongodb contract', () => {
  const server = useMongoServer();
  const options = (now: () => number, database: string) => ({ uri: server().uri, database, now, unreliable: true });

  // CongoDB scans a whole collection per operation: 8 claimers over 400 messages keep the
  // exclusivity test meaningful and the file within tens of seconds; a real server gets 1000.
  const concurrency = onCongoDb() ? { claimers: 8, messages: 400 } : undefined;
  runMessageStoreContract('mongodb', ({ now }) => new MongoDataDriver(options(now, server().database)), { concurrency });
  runMessageStoreContract('mongodb.fifo', ({ now }) => new MongoDataDriver({ ...options(now, `${server().database}f`), partitions: 3 }, 'mongodb.fifo'), {
    concurrency,
  });
  runControlStoreContract('mongodb', ({ now }) => new MongoControlDriver(options(now, server().database)));
});
