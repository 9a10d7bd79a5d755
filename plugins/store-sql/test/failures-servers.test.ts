import { Client } from 'pg';
import { createConnection } from 'mysql2/promise';
import { StorageUnavailable } from '@zaqarjs/core';
import { SqlDataDriver } from '../src';
import { createScratch, describeWithServer, SERVER_URIS, type ScratchDatabase, type ServerKind } from './support/sql-servers';

const UNAVAILABLE = { code: 'ZAQAR_STORAGE_UNAVAILABLE' };
const message = { body: 'x', ttl: 300, delay: 0 };

/** A transaction of another client holding the counter row of (p, q) until `release`. */
async function holdCounter(kind: ServerKind, scratch: ScratchDatabase): Promise<() => Promise<void>> {
  const lock = `select seq from ${scratch.name}.queue_counters where project = 'p' and queue = 'q' for update`;
  if (kind === 'postgresql') {
    const client = new Client({ connectionString: SERVER_URIS.postgresql });
    await client.connect();
    await client.query('begin');
    await client.query(lock);
    return async () => {
      await client.query('rollback');
      await client.end();
    };
  }
  const connection = await createConnection({ uri: SERVER_URIS.mysql });
  await connection.query('begin');
  await connection.query(lock);
  return async () => {
    await connection.query('rollback');
    await connection.end();
  };
}

describe.each<[ServerKind, string]>([
  ['postgresql', 'PostgreSQL'],
  ['mysql', 'MariaDB'],
])('back-end failures on %s', (kind, label) => {
  describeWithServer(kind, label, () => {
    let scratch: ScratchDatabase;
    beforeAll(async () => (scratch = await createScratch(kind)));
    afterAll(() => scratch.drop());

    it('fails a write waiting on a lock longer than busyTimeoutMs with StorageUnavailable; reads go on', async () => {
      const driver = new SqlDataDriver({ uri: scratch.uri, busyTimeoutMs: 500 });
      await driver.open();
      try {
        const [id] = await driver.messages.post('p', 'q', [message], 'c');
        const release = await holdCounter(kind, scratch);
        try {
          await expect(driver.messages.post('p', 'q', [message], 'c')).rejects.toBeInstanceOf(StorageUnavailable);
          expect((await driver.messages.get('p', 'q', id)).id).toBe(id);
          await expect(driver.messages.post('p', 'other', [message], 'c')).resolves.toHaveLength(1);
        } finally {
          await release();
        }
        await expect(driver.messages.post('p', 'q', [message], 'c')).resolves.toHaveLength(1);
      } finally {
        await driver.close();
      }
    });

    it('fails open and every call with StorageUnavailable when the server does not answer', async () => {
      const uri = scratch.uri.replace(/@[^/@]+\//, '@127.0.0.1:1/');
      const driver = new SqlDataDriver({ uri });
      await expect(driver.open()).rejects.toMatchObject(UNAVAILABLE);
      await expect(driver.messages.get('p', 'q', 'id')).rejects.toMatchObject(UNAVAILABLE);
      expect(await driver.isAlive()).toBe(false);
      await driver.close();
    });

    it('reports liveness, and StorageUnavailable after close', async () => {
      const driver = new SqlDataDriver({ uri: scratch.uri });
      await driver.open();
      expect(await driver.isAlive()).toBe(true);
      await driver.close();
      expect(await driver.isAlive()).toBe(false);
      await expect(driver.claims.create('p', 'q', { ttl: 60, grace: 60, limit: 1 })).rejects.toMatchObject(UNAVAILABLE);
    });
  });
});
