import type { Logger } from '@zaqarjs/core';
import type { Kysely, Transaction } from 'kysely';
import type { Tables } from '../schema/tables';

/** The SQL dialects the store speaks. */
export type SqlDialect = 'sqlite' | 'postgresql' | 'mysql';

/**
 * What the controllers need from a SQL dialect. Controllers build every query with
 * Kysely, so a dialect is an implementation of this interface (a Kysely dialect plus
 * the few behaviours below), not new controllers.
 */
export interface SqlBackend {
  readonly dialect: SqlDialect;
  readonly db: Kysely<Tables>;
  /**
   * Whether `SELECT … FOR UPDATE SKIP LOCKED` is needed and available to keep two
   * transactions from picking the same rows. False for SQLite, whose write
   * transactions are exclusive from their first statement.
   */
  readonly rowLocks: boolean;
  /** Runs `work` atomically; writers of the same rows are serialised. */
  transaction<T>(work: (trx: Transaction<Tables>) => Promise<T>): Promise<T>;
  /**
   * Runs `work` while holding the database-wide schema lock, so that two processes
   * opening a new database do not both create its tables. `work` gets a transaction
   * where DDL is transactional (SQLite, PostgreSQL) and one connection otherwise (MySQL).
   */
  exclusive<T>(work: (db: Kysely<Tables>) => Promise<T>): Promise<T>;
  /** Whether a table of that name exists where this store keeps its tables (schema / database / file). */
  hasTable(name: string): Promise<boolean>;
  /** The server's version string (`SELECT VERSION()`), where it decides schema details (MariaDB or MySQL). */
  readonly serverVersion?: string;
  /** Cross-process notifications, on dialects that have them (PostgreSQL LISTEN/NOTIFY). */
  readonly notifications?: NotifyChannel;
  close(): Promise<void>;
}

/** A database-wide broadcast channel (PostgreSQL NOTIFY), scoped to this store's schema. */
export interface NotifyChannel {
  /** Delivers `payload` to every listener, in every process (committed at once, outside any transaction). */
  notify(payload: string): Promise<void>;
  /**
   * Listens on a dedicated connection that reconnects by itself after a failure
   * (payloads sent while it was down are lost). Resolves once listening, with a stop function.
   */
  listen(onPayload: (payload: string) => void): Promise<() => Promise<void>>;
}

/** Connection settings shared by every dialect. */
export interface BackendOptions {
  /** How long to wait for a lock held by another connection, or for a new connection, before failing (ms). */
  busyTimeoutMs: number;
  /** Connections per pool on server dialects. */
  poolSize?: number;
  /** Where pool-level failures (an idle connection dropped by the server) are reported. */
  logger?: Logger;
}
