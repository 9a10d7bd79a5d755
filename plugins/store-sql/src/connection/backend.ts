import type { Kysely, Transaction } from 'kysely';
import type { Tables } from '../schema/tables';

/**
 * What the controllers need from a SQL dialect. Controllers build every query with
 * Kysely, so adding PostgreSQL or MariaDB means a new implementation of this
 * interface (a Kysely dialect plus the few behaviours below), not new controllers.
 */
export interface SqlBackend {
  readonly dialect: 'sqlite' | 'postgresql' | 'mysql';
  readonly db: Kysely<Tables>;
  /**
   * Whether `SELECT … FOR UPDATE SKIP LOCKED` is needed and available to keep two
   * transactions from picking the same rows. False for SQLite, whose write
   * transactions are exclusive from their first statement.
   */
  readonly rowLocks: boolean;
  /** Runs `work` atomically; writers of the same rows are serialised. */
  transaction<T>(work: (trx: Transaction<Tables>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Connection settings shared by every dialect. */
export interface BackendOptions {
  /** How long to wait for a lock held by another connection before failing (ms). */
  busyTimeoutMs: number;
}
