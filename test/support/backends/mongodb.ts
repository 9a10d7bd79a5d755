import { randomUUID } from 'node:crypto';
import type { ControlDriver, DataDriver } from '@zaqarjs/core';
import { mongoTarget, startMongoTestServer, type MongoTestServer } from '../../mongo-server';
import { pluginContext, pluginModule } from './plugin-module';
import type { TestBackend } from './types';

const DATA = '@zaqarjs/store-mongodb/dist/data-driver.js';
const CONTROL = '@zaqarjs/store-mongodb/dist/control-driver.js';

/**
 * Both stores on MongoDB: ZAQAR_TEST_MONGODB_URI when set, else one CongoDB child shared
 * by the servers of a test file (started with the first, stopped with the last). Each
 * server gets its own database names. `unreliable` because the test server is standalone.
 */
let shared: { server: Promise<MongoTestServer>; users: number } | undefined;

async function acquire(): Promise<MongoTestServer> {
  shared ??= { server: startMongoTestServer(), users: 0 };
  shared.users++;
  return shared.server;
}

async function release(): Promise<void> {
  if (!shared || --shared.users > 0) return;
  const { server } = shared;
  shared = undefined;
  await (await server).dispose();
}

/** The server the running test servers share (for outage tests that stop and restart it). */
export function sharedMongoServer(): Promise<MongoTestServer> | undefined {
  return shared?.server;
}

export const mongodbBackend: TestBackend = {
  optionGroups: () => [...(pluginModule(DATA).options ?? []), ...(pluginModule(CONTROL).options ?? [])],
  async prepare() {
    const server = await acquire();
    const database = `zh${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    return {
      sections: {
        DEFAULT: { unreliable: 'true' },
        drivers: { message_store: 'mongodb', management_store: 'mongodb' },
        'drivers:message_store:mongodb': { uri: server.uri, database },
        'drivers:management_store:mongodb': { uri: server.uri, database },
      },
      async open(conf, logger) {
        const data = (await pluginModule(DATA).create(pluginContext(conf, logger, 'mongodb'))) as DataDriver;
        const control = (await pluginModule(CONTROL).create(pluginContext(conf, logger, 'mongodb'))) as ControlDriver;
        await control.open();
        await data.open();
        return { data, control };
      },
      rawDump: () => dumpDatabases(server.uri, database),
      cleanup: async () => {
        if (mongoTarget().kind === 'external') await dropDatabases(server.uri, database);
        await release();
      },
    };
  },
};

type Driver = typeof import('mongodb');

/** The store's driver (hoisted to the root node_modules), loaded lazily like the plugin itself. */
function loadDriver(): Driver {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('mongodb') as Driver;
}

/** Every document of the server's databases as BSON: the bytes at rest, for the encryption test. */
async function dumpDatabases(uri: string, base: string): Promise<Buffer> {
  const { MongoClient, BSON } = loadDriver();
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
  try {
    const chunks: Buffer[] = [];
    for (const name of await databasesOf(client, base)) {
      for (const { name: collection } of await client.db(name).listCollections().toArray()) {
        for (const doc of await client.db(name).collection(collection).find().toArray()) chunks.push(Buffer.from(BSON.serialize(doc)));
      }
    }
    return Buffer.concat(chunks);
  } finally {
    await client.close();
  }
}

async function dropDatabases(uri: string, base: string): Promise<void> {
  const { MongoClient } = loadDriver();
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
  try {
    for (const name of await databasesOf(client, base)) await client.db(name).dropDatabase();
  } finally {
    await client.close();
  }
}

async function databasesOf(client: InstanceType<Driver['MongoClient']>, base: string): Promise<string[]> {
  const { databases } = await client.db('admin').admin().listDatabases({ nameOnly: true });
  return databases.map((d) => d.name).filter((name) => name === base || name.startsWith(`${base}_`));
}
