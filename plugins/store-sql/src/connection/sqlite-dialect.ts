/**
 * A Kysely dialect for better-sqlite3 that differs from Kysely's own SqliteDialect in
 * three ways: prepared statements are cached by SQL text, transactions begin with
 * `BEGIN IMMEDIATE` (take the write lock up front, so a read-then-write transaction
 * never fails with SQLITE_BUSY_SNAPSHOT), and the connection lock can be shared with
 * other connections of this process on the same file (see async-mutex.ts).
 */
import type BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
} from 'kysely';
import type { AsyncMutex } from './async-mutex';

/** Statements kept per connection; the store issues far fewer distinct texts. */
const STATEMENT_CACHE_SIZE = 500;

class CachingSqliteConnection implements DatabaseConnection {
  readonly #statements = new Map<string, BetterSqlite3.Statement>();

  constructor(readonly raw: BetterSqlite3.Database) {}

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const statement = this.#statement(query.sql);
    const parameters = query.parameters as unknown[];
    if (statement.reader) return Promise.resolve({ rows: statement.all(parameters) as R[] });
    const { changes, lastInsertRowid } = statement.run(parameters);
    return Promise.resolve({ rows: [], numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid) });
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming is not used by the SQL store.');
  }

  #statement(sql: string): BetterSqlite3.Statement {
    let statement = this.#statements.get(sql);
    if (statement) return statement;
    statement = this.raw.prepare(sql);
    if (this.#statements.size >= STATEMENT_CACHE_SIZE) {
      const oldest = this.#statements.keys().next().value as string;
      this.#statements.delete(oldest);
    }
    this.#statements.set(sql, statement);
    return statement;
  }
}

class LockingSqliteDriver implements Driver {
  readonly #connection: CachingSqliteConnection;

  constructor(
    raw: BetterSqlite3.Database,
    private readonly mutex: AsyncMutex,
  ) {
    this.#connection = new CachingSqliteConnection(raw);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.mutex.lock();
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    // SQLite already rolled back after some errors (e.g. SQLITE_FULL); a second rollback would mask them.
    if (this.#connection.raw.inTransaction) await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(): Promise<void> {
    this.mutex.unlock();
  }

  async destroy(): Promise<void> {
    this.#connection.raw.close();
  }
}

export class LockingSqliteDialect implements Dialect {
  constructor(
    private readonly raw: BetterSqlite3.Database,
    private readonly mutex: AsyncMutex,
  ) {}

  createDriver(): Driver {
    return new LockingSqliteDriver(this.raw, this.mutex);
  }

  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new SqliteAdapter();
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}
