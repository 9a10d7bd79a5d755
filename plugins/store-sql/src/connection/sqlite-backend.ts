import { makeDirectory } from '@zaqarjs/core';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import type { Tables } from '../schema/tables';
import { AsyncMutex } from './async-mutex';
import type { BackendOptions, SqlBackend } from './backend';
import { sharePerFile, type Shared } from './per-file';
import { JOURNAL_SIZE_LIMIT, WalCheckpointer } from './sqlite-checkpointer';
import { LockingSqliteDialect } from './sqlite-dialect';
import type { SqliteTarget } from './uri';

/**
 * Opens a SQLite database: creates the parent directory of a file, then sets WAL
 * journaling (readers never block the writer), synchronous=NORMAL (durable across
 * process crashes, fsync only at checkpoints) and busy_timeout.
 *
 * Connections of this process to the same file share one lock. Why: better-sqlite3 is
 * synchronous, so a connection waiting on SQLITE_BUSY sleeps on the event loop thread.
 * If the data and control drivers of one process used the same file and one held a
 * write transaction across an `await` while the other started writing, the waiter
 * would block the very thread the holder needs to finish: a stall until busy_timeout
 * (reproduced in test/shared-file.test.ts). busy_timeout still arbitrates between processes;
 * a transaction waits for another process's write lock asynchronously (see the dialect).
 *
 * WAL checkpoints of a file run on a worker thread shared by the process's connections
 * to it (see sqlite-checkpointer.ts), not inside commits.
 */
export function openSqliteBackend(target: SqliteTarget, options: BackendOptions): SqlBackend {
  if (!target.memory) makeDirectory(dirname(target.filename));
  const lock: Shared<AsyncMutex> = target.memory
    ? { value: new AsyncMutex(), release() {} }
    : sharePerFile(
        `lock:${target.filename}`,
        () => new AsyncMutex(),
        () => undefined,
      );
  const busyTimeoutMs = Math.max(0, Math.floor(options.busyTimeoutMs));
  let raw: Database.Database | undefined;
  let checkpointer: Shared<WalCheckpointer> | undefined;
  let detach = () => {};
  try {
    raw = new Database(target.filename);
    raw.pragma(`busy_timeout = ${busyTimeoutMs}`);
    raw.pragma('synchronous = NORMAL');
    if (!target.memory) {
      raw.pragma('journal_mode = WAL');
      raw.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT}`);
      const connection = raw;
      checkpointer = sharePerFile(
        `checkpoint:${target.filename}`,
        () => new WalCheckpointer(target.filename, options.logger),
        (c) => c.stop(),
      );
      detach = checkpointer.value.attach((automatic) => connection.pragma(`wal_autocheckpoint = ${automatic ? 1000 : 0}`));
    }
  } catch (error) {
    detach();
    checkpointer?.release();
    raw?.close();
    lock.release();
    throw error;
  }
  const db = new Kysely<Tables>({ dialect: new LockingSqliteDialect(raw, lock.value, busyTimeoutMs) });
  return {
    dialect: 'sqlite',
    db,
    rowLocks: false,
    transaction: (work) => db.transaction().execute(work),
    // BEGIN IMMEDIATE already excludes every other writer of the file.
    exclusive: (work) => db.transaction().execute(work),
    async hasTable(name) {
      const { rows } = await sql`select 1 from sqlite_master where type = 'table' and lower(name) = lower(${name})`.execute(db);
      return rows.length > 0;
    },
    async close() {
      detach();
      checkpointer?.release();
      try {
        // The checkpoint thread (stopped by the last release) closes first, so that this
        // connection closes last and removes the WAL: when both closed at once, each could
        // see the other still open and both leave the -wal and -shm files behind.
        await checkpointer?.value.stopped();
        await db.destroy();
      } finally {
        lock.release();
      }
    },
  };
}
