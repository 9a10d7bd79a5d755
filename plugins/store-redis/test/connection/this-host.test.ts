/** Which Redis URIs name a server on this host: `[DEFAULT] workers = 0` leaves such a server a core. */
import { RedisDataDriver } from '../../src';

const onThisHost = async (uri: string): Promise<boolean> => {
  const store = new RedisDataDriver({ uri });
  try {
    return store.serverOnThisHost;
  } finally {
    await store.close();
  }
};

describe('RedisDataDriver.serverOnThisHost', () => {
  it.each([
    'redis://127.0.0.1:6379',
    'redis://127.0.1.1',
    'redis://localhost:6380',
    'redis://LOCALHOST',
    'redis://[::1]:6379',
    'redis:///run/redis/redis.sock',
  ])('is true for %s', async (uri) => expect(await onThisHost(uri)).toBe(true));

  it.each(['redis://10.0.0.5:6379', 'redis://cache.example.com', 'redis://[fe80::1]:6379', 'redis://128.0.0.1', 'redis://127.0.0.1,127.0.0.2?master=m'])(
    'is false for %s',
    async (uri) => expect(await onThisHost(uri)).toBe(false),
  );
});
