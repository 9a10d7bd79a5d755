/**
 * "Insert, or update on a duplicate key" and "insert unless present" for every
 * dialect: ON CONFLICT on SQLite and PostgreSQL, ON DUPLICATE KEY UPDATE / INSERT
 * IGNORE on MySQL. Affected-row counts match across dialects: 0 when an
 * insert-unless-present found the row.
 */
import type { InsertQueryBuilder, InsertResult, UpdateObject } from 'kysely';
import type { SqlDialect } from '../connection/backend';
import type { Tables } from '../schema/tables';

type Insert<T extends keyof Tables> = InsertQueryBuilder<Tables, T, InsertResult>;

/** `insert` that updates `set` on the row whose key `columns` already exist. */
export function upsert<T extends keyof Tables>(
  dialect: SqlDialect,
  insert: Insert<T>,
  columns: (keyof Tables[T] & string)[],
  set: UpdateObject<Tables, T>,
): Insert<T> {
  if (dialect === 'mysql') return insert.onDuplicateKeyUpdate(set);
  return insert.onConflict((oc) => oc.columns(columns as never).doUpdateSet(set as never));
}

/** `insert` that does nothing when a row with the same key `columns` exists. */
export function insertIfAbsent<T extends keyof Tables>(dialect: SqlDialect, insert: Insert<T>, columns: (keyof Tables[T] & string)[]): Insert<T> {
  // IGNORE also downgrades other errors to warnings; the columns it writes are validated before they get here.
  if (dialect === 'mysql') return insert.ignore();
  return insert.onConflict((oc) => oc.columns(columns as never).doNothing());
}
