import { coreOptionGroups, OptionRegistry, TypedConf, type Logger, type PluginContext, type RawSections } from '@zaqarjs/core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeWithMongo, useMongoServer } from '../../../test/mongo-server';
import * as controlModule from '../src/control-driver';
import * as dataModule from '../src/data-driver';
import * as fifoModule from '../src/fifo-data-driver';
import { MongoDataDriver } from '../src';

const logger: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => logger };

function context(sections: RawSections, name = 'mongodb'): PluginContext {
  const registry = new OptionRegistry().register(...coreOptionGroups, ...dataModule.options, ...controlModule.options);
  return { conf: new TypedConf(registry, sections), logger, container: undefined as never, name };
}

describe('plugin modules', () => {
  it('declare the entry points of the reference (mongodb, mongodb.fifo, control mongodb)', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).zaqar;
    expect(manifest.entryPoints).toEqual({
      'zaqar.data.storage': { mongodb: './dist/data-driver.js', 'mongodb.fifo': './dist/fifo-data-driver.js' },
      'zaqar.control.storage': { mongodb: './dist/control-driver.js' },
    });
    for (const mod of [dataModule, fifoModule, controlModule]) {
      expect(mod.default.create).toBe(mod.create);
      expect(mod.default.options).toBe(mod.options);
    }
  });

  it('declare the reference options with their defaults', () => {
    const names = (mod: typeof dataModule) => mod.options[0].options.map((o) => o.name);
    const common = [
      'uri',
      'database',
      'max_attempts',
      'max_retry_sleep',
      'max_retry_jitter',
      'max_reconnect_attempts',
      'reconnect_sleep',
      'ssl_keyfile',
      'ssl_certfile',
      'ssl_cert_reqs',
      'ssl_ca_certs',
    ];
    expect(names(dataModule).sort()).toEqual([...common, 'partitions'].sort());
    expect(names(controlModule).sort()).toEqual([...common].sort());
    expect(fifoModule.options).toBe(dataModule.options);
    const conf = context({ 'drivers:message_store:mongodb': { uri: 'mongodb://h' } }).conf;
    expect(conf.group('drivers:message_store:mongodb')).toMatchObject({
      database: 'zaqar',
      partitions: 2,
      max_attempts: 1000,
      max_retry_sleep: 0.1,
      max_retry_jitter: 0.005,
      max_reconnect_attempts: 10,
      reconnect_sleep: 0.02,
      ssl_cert_reqs: 'CERT_REQUIRED',
    });
  });

  it('refuse to create a store without uri, naming the section', () => {
    expect(() => dataModule.create(context({}))).toThrow('[drivers:message_store:mongodb] uri is required');
    expect(() => controlModule.create(context({}))).toThrow('[drivers:management_store:mongodb] uri is required');
  });

  it('create unopened stores from the configuration', async () => {
    const sections = {
      'drivers:message_store:mongodb': { uri: 'mongodb://127.0.0.1:1', partitions: '3' },
      'drivers:management_store:mongodb': { uri: 'mongodb://127.0.0.1:1' },
    };
    const data = dataModule.create(context(sections));
    expect(data.capabilities).toEqual(['FIFO', 'CLAIMS', 'DURABILITY', 'AOD', 'HIGH_THROUGHPUT']);
    expect(fifoModule.create(context(sections, 'mongodb.fifo')).capabilities).toEqual(['CLAIMS', 'DURABILITY', 'AOD', 'HIGH_THROUGHPUT']);
    // Not open: every call fails as a storage outage, never with a crash.
    await expect(data.messages.list('p', 'q', { limit: 1, echo: true, clientId: 'c', includeClaimed: false, includeDelayed: false })).rejects.toMatchObject({
      code: 'ZAQAR_STORAGE_UNAVAILABLE',
    });
    expect(await data.isAlive()).toBe(false);
    await expect(controlModule.create(context(sections)).queues.get('p', 'q')).rejects.toMatchObject({ code: 'ZAQAR_STORAGE_UNAVAILABLE' });
  });

  it('fail to open with StorageUnavailable when no server answers', async () => {
    const data = new MongoDataDriver({ uri: 'mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=200', unreliable: true });
    await expect(data.open()).rejects.toMatchObject({ code: 'ZAQAR_STORAGE_UNAVAILABLE' });
    await data.close();
  });
});

describeWithMongo('reliability guard', () => {
  const server = useMongoServer();

  it('refuses a standalone server unless [DEFAULT] unreliable (the reference startup check)', async () => {
    const { uri, database } = server();
    const hello = await (async () => {
      const { MongoClient } = await import('mongodb');
      const client = new MongoClient(uri);
      try {
        return await client.db('admin').command({ hello: 1 });
      } finally {
        await client.close();
      }
    })();
    const strict = new MongoDataDriver({ uri, database, unreliable: false });
    if (hello.setName || hello.msg === 'isdbgrid') {
      await expect(strict.open()).resolves.toBeUndefined();
    } else {
      await expect(strict.open()).rejects.toMatchObject({
        code: 'ZAQAR_STORAGE_UNAVAILABLE',
        message: 'Either a replica set or a mongos is required to guarantee message delivery',
      });
    }
    await strict.close();
    const relaxed = new MongoDataDriver({ uri, database, unreliable: true });
    await expect(relaxed.open()).resolves.toBeUndefined();
    expect(await relaxed.isAlive()).toBe(true);
    await relaxed.close();
  });
});
