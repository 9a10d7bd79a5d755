import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MessageDoesNotExist, QueueDoesNotExist, StorageUnavailable } from '@zaqarjs/core';
import { SqlControlDriver, SqlDataDriver } from '../src';

const UNAVAILABLE = { code: 'ZAQAR_STORAGE_UNAVAILABLE' };
const message = { body: 'x', ttl: 300, delay: 0 };

describe('back-end failures surface as StorageUnavailable', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'zaqar-sql-fail-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('when the database path cannot be opened', async () => {
    const driver = new SqlDataDriver({ uri: `sqlite:///${dir}` });
    await expect(driver.open()).rejects.toBeInstanceOf(StorageUnavailable);
    await expect(driver.messages.get('p', 'q', 'id')).rejects.toMatchObject(UNAVAILABLE);
    expect(await driver.isAlive()).toBe(false);
    await driver.close();
  });

  it('when the file is not a database', async () => {
    const file = join(dir, 'garbage.db');
    writeFileSync(file, 'this is not a sqlite database '.repeat(20));
    const driver = new SqlControlDriver({ uri: `sqlite:///${file}` });
    await expect(driver.open()).rejects.toMatchObject(UNAVAILABLE);
    await driver.close();
  });

  it('before open and after close', async () => {
    const driver = new SqlDataDriver({ uri: 'sqlite:///:memory:' });
    await expect(driver.messages.post('p', 'q', [message], 'c')).rejects.toMatchObject(UNAVAILABLE);
    await driver.open();
    await driver.messages.post('p', 'q', [message], 'c');
    await driver.close();
    await expect(driver.messages.list('p', 'q', { limit: 1, echo: true, clientId: 'c', includeClaimed: true, includeDelayed: true })).rejects.toMatchObject(
      UNAVAILABLE,
    );
    await expect(driver.claims.create('p', 'q', { ttl: 60, grace: 60, limit: 1 })).rejects.toMatchObject(UNAVAILABLE);
    await expect(driver.subscriptions.listAll('p', 'q')).rejects.toMatchObject(UNAVAILABLE);
    expect(await driver.isAlive()).toBe(false);
  });

  it('when another connection holds the write lock beyond busy_timeout; reads still work (WAL)', async () => {
    const file = join(dir, 'busy.db');
    const driver = new SqlDataDriver({ uri: `sqlite:///${file}`, busyTimeoutMs: 50 });
    await driver.open();
    const [id] = await driver.messages.post('p', 'q', [message], 'c');
    const blocker = new Database(file);
    blocker.exec('begin immediate');
    try {
      await expect(driver.messages.post('p', 'q', [message], 'c')).rejects.toBeInstanceOf(StorageUnavailable);
      await expect(driver.messages.delete('p', 'q', id)).rejects.toMatchObject({ ...UNAVAILABLE, cause: expect.objectContaining({ code: 'SQLITE_BUSY' }) });
      expect((await driver.messages.get('p', 'q', id)).id).toBe(id);
    } finally {
      blocker.exec('rollback');
      blocker.close();
    }
    await expect(driver.messages.post('p', 'q', [message], 'c')).resolves.toHaveLength(1);
    await driver.close();
  });

  it("a transaction waiting for another connection's write lock leaves the event loop free, then commits", async () => {
    const file = join(dir, 'wait.db');
    const driver = new SqlDataDriver({ uri: `sqlite:///${file}`, busyTimeoutMs: 5000 });
    await driver.open();
    const blocker = new Database(file);
    blocker.exec('begin immediate');
    try {
      let posted = false;
      const post = driver.messages.post('p', 'q', [message], 'c').then((ids) => ((posted = true), ids));
      // SQLite's own busy handler would sleep on this thread: no timer could fire while the post waits.
      const ticks = await new Promise<number>((resolve) => {
        let count = 0;
        const timer = setInterval(() => count++, 10);
        setTimeout(() => (clearInterval(timer), resolve(count)), 300);
      });
      expect(posted).toBe(false);
      expect(ticks).toBeGreaterThanOrEqual(10);
      blocker.exec('commit');
      await expect(post).resolves.toHaveLength(1);
    } finally {
      if (blocker.inTransaction) blocker.exec('rollback');
      blocker.close();
    }
    await driver.close();
  });

  it('lets typed errors through unchanged', async () => {
    const data = new SqlDataDriver({ uri: 'sqlite://' });
    const control = new SqlControlDriver({ uri: 'sqlite://' });
    await data.open();
    await control.open();
    await expect(data.messages.get('p', 'q', 'nope')).rejects.toBeInstanceOf(MessageDoesNotExist);
    await expect(control.queues.getMetadata('p', 'nope')).rejects.toBeInstanceOf(QueueDoesNotExist);
    await data.close();
    await control.close();
  });
});
