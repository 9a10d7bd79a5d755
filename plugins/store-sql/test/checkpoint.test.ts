/**
 * WAL checkpoints of a SQLite file run on a worker thread (sqlite-checkpointer.ts):
 * committed messages reach the database file itself while the store is open, and the
 * WAL stays bounded under sustained posting.
 */
import { mkdtempSync, readdirSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqlDataDriver } from '../src';
import { quietPeriod, waitFor } from '../../../test/support/wait-for';

describe('WAL checkpoints of a SQLite file', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'zaqar-sql-ckpt-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('copy committed messages into the database file while the store stays open', async () => {
    const file = join(dir, 'zaqar.db');
    const driver = new SqlDataDriver({ uri: `sqlite:///${file}` });
    await driver.open();
    try {
      const before = statSync(file).size;
      const body = 'x'.repeat(1000);
      for (let i = 0; i < 50; i++)
        await driver.messages.post(
          'p',
          'q',
          Array.from({ length: 20 }, () => ({ body, ttl: 3600, delay: 0 })),
          'c',
        );
      // ~1 MB of bodies; the event-loop connection does not checkpoint, the worker does within ~100 ms.
      await waitFor(() => statSync(file).size >= before + 1_000_000, { what: 'the bodies in the database file' }).catch(() => undefined);
      expect(statSync(file).size).toBeGreaterThanOrEqual(before + 1_000_000);
    } finally {
      await driver.close();
    }
  });

  it('keeps reusing a short WAL when posts come in bursts', async () => {
    const file = join(dir, 'zaqar.db');
    const driver = new SqlDataDriver({ uri: `sqlite:///${file}` });
    await driver.open();
    try {
      const body = 'y'.repeat(2000);
      let posted = 0;
      for (let burst = 0; burst < 20; burst++) {
        for (let i = 0; i < 10; i++) {
          await driver.messages.post(
            'p',
            'q',
            Array.from({ length: 20 }, () => ({ body, ttl: 3600, delay: 0 })),
            'c',
          );
          posted += 20 * body.length;
        }
        // The idle gap between bursts is the workload under test (bursty traffic), not a wait for an event.
        await quietPeriod(200);
      }
      // 8 MB went through. The WAL file keeps its largest size; had it never started over, it would hold all of it.
      expect(posted).toBe(8_000_000);
      expect(statSync(`${file}-wal`).size).toBeLessThan(posted / 2);
    } finally {
      await driver.close();
    }
  });

  it('holds the file in no thread once the store is closed', async () => {
    const file = join(dir, 'zaqar.db');
    /** Descriptors of this process (every thread) open on the database or its WAL / shared-memory files. */
    const openOnFile = () =>
      readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`).startsWith(file);
        } catch {
          return false;
        }
      });
    for (let round = 0; round < 3; round++) {
      const driver = new SqlDataDriver({ uri: `sqlite:///${file}` });
      await driver.open();
      // Only a checkpoint writes the database file itself (commits write the WAL): once it
      // changed, the checkpoint thread has the file open.
      const written = statSync(file).mtimeMs;
      await driver.messages.post('p', 'q', [{ body: round, ttl: 3600, delay: 0 }], 'c');
      await waitFor(() => statSync(file).mtimeMs !== written, { what: 'a checkpoint of the post' });
      expect(openOnFile().length).toBeGreaterThan(0);
      await driver.close();
      expect(openOnFile()).toEqual([]);
      expect(readdirSync(dir)).toEqual(['zaqar.db']);
    }
  });
});
