import { runControlStoreContract, runMessageStoreContract } from '@zaqarjs/storage-testkit';
import { RedisControlDriver, RedisDataDriver } from '../src';
import { describeWithRedis, dropPrefix, testPrefix, testUri } from './redis-test-server';

// Both stores share one prefix, as they would share one database in production.
const prefix = testPrefix('contract');
const uri = testUri(prefix);

describeWithRedis('redis', () => {
  afterAll(() => dropPrefix(prefix));
  runMessageStoreContract('redis', ({ now }) => new RedisDataDriver({ uri, now }));
  runControlStoreContract('redis', ({ now }) => new RedisControlDriver({ uri, now }));
});
