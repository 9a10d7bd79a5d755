import type { Conf, Logger, PluginContext } from '@zaqarjs/core';
import * as controlModule from '../src/control-driver';
import * as dataModule from '../src/data-driver';
import { assertServerVersion } from '../src/connection/version';
import { RedisControlDriver, RedisDataDriver } from '../src';
import { describeWithRedis, dropPrefix, testPrefix, testUri } from './redis-test-server';

const logger: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => logger };

function context(uri: string): PluginContext {
  const section = { uri, max_reconnect_attempts: 10, reconnect_sleep: 1.0 };
  const conf: Conf = {
    group: <T>(name: string) => {
      if (!name.endsWith(':redis')) throw new Error(`undeclared group ${name}`);
      return section as T;
    },
    raw: () => ({}),
    files: [],
    configDirs: [],
  };
  return { conf, logger, container: undefined as never, name: 'redis' };
}

describe('plugin modules', () => {
  it.each([
    ['data', dataModule, 'drivers:message_store:redis'],
    ['control', controlModule, 'drivers:management_store:redis'],
  ])('%s module exports its options and create, also as default', (_kind, mod, group) => {
    expect(mod.options).toEqual([
      {
        group,
        owner: '@zaqarjs/store-redis',
        options: [
          expect.objectContaining({ name: 'uri', type: 'string', secret: true, default: 'redis://127.0.0.1:6379' }),
          expect.objectContaining({ name: 'max_reconnect_attempts', type: 'int', default: 10 }),
          expect.objectContaining({ name: 'reconnect_sleep', type: 'float', default: 1.0 }),
        ],
      },
    ]);
    expect(mod.default.options).toBe(mod.options);
    expect(mod.default.create).toBe(mod.create);
  });

  it('refuses a malformed uri at creation, before any connection', () => {
    expect(() => dataModule.create(context('redis://user@host'))).toThrow('Password should be set when username is set');
    expect(() => controlModule.create(context('mongodb://host'))).toThrow('Invalid scheme in Redis URI');
  });

  it("reports the reference's Redis capabilities", () => {
    expect(new RedisDataDriver({ uri: 'redis://127.0.0.1' }).capabilities).toEqual(['FIFO', 'CLAIMS', 'AOD', 'HIGH_THROUGHPUT']);
  });

  it('refuses a redis-server older than the minimum version', async () => {
    const fake = { info: async () => '# Server\r\nredis_version:2.6.17\r\n' };
    await expect(assertServerVersion(fake as never)).rejects.toThrow('The Redis driver requires redis-server>=2.8.9, 2.6.17 found');
  });

  it('fails to open (StorageUnavailable) when nothing listens, without retrying forever', async () => {
    const driver = new RedisDataDriver({ uri: 'redis://127.0.0.1:1' });
    await expect(driver.open()).rejects.toMatchObject({ code: 'ZAQAR_STORAGE_UNAVAILABLE' });
    expect(await driver.isAlive()).toBe(false);
    await driver.close();
  });
});

describeWithRedis('plugin modules on Redis', () => {
  const prefix = testPrefix('plugin');
  afterAll(() => dropPrefix(prefix));

  it('creates unopened drivers that open, answer PING and close', async () => {
    const data = dataModule.create(context(testUri(prefix))) as RedisDataDriver;
    const control = controlModule.create(context(testUri(prefix))) as RedisControlDriver;
    expect(data).toBeInstanceOf(RedisDataDriver);
    expect(await data.isAlive()).toBe(false);
    await data.open();
    await control.open();
    expect(await data.isAlive()).toBe(true);
    expect(await control.isAlive()).toBe(true);
    expect(await control.queues.create('p', 'q', {})).toBe(true);
    await data.close();
    await control.close();
    expect(await data.isAlive()).toBe(false);
    await expect(data.messages.list('p', 'q', { limit: 1, echo: true, clientId: 'c', includeClaimed: true, includeDelayed: true })).rejects.toMatchObject({
      code: 'ZAQAR_STORAGE_UNAVAILABLE',
    });
  });
});
