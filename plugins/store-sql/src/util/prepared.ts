/**
 * Queries built with Kysely once and then only re-bound. Building and compiling a
 * Kysely query costs about as much as running it on SQLite, so hot-path queries are
 * compiled at first use with placeholder values and later executions just map the
 * call's values onto the compiled parameter slots (the connection then reuses the
 * prepared statement for the unchanged SQL text).
 */
import { sql, type Compilable, type CompiledQuery, type QueryResult, type RawBuilder } from 'kysely';

const MARK = '\u0000zaqar-param:';

/** Stand-ins handed to a query builder: each property is a named parameter. */
export type ParamRefs<P> = { readonly [K in keyof P]: P[K] };

/** Anything that can run a compiled query: a Kysely instance or a transaction. */
export interface QueryRunner {
  executeQuery<R>(query: CompiledQuery<R>): Promise<QueryResult<R>>;
}

type Slot = { readonly name: string } | { readonly constant: unknown };

export class PreparedQuery<P extends object, R> {
  readonly #compiled: CompiledQuery<R>;
  readonly #slots: readonly Slot[];

  constructor(compiled: CompiledQuery<R>) {
    this.#compiled = compiled;
    this.#slots = compiled.parameters.map((value) =>
      typeof value === 'string' && value.startsWith(MARK) ? { name: value.slice(MARK.length) } : { constant: value },
    );
  }

  /** The compiled query with `params` bound; every name used at build time must be present. */
  bind(params: P): CompiledQuery<R> {
    const values = params as Record<string, unknown>;
    const parameters = this.#slots.map((slot) => ('name' in slot ? values[slot.name] : slot.constant));
    return { ...this.#compiled, parameters };
  }

  /** Runs the query with `params` (see bind). */
  execute(runner: QueryRunner, params: P): Promise<QueryResult<R>> {
    return runner.executeQuery<R>(this.bind(params));
  }

  async rows(runner: QueryRunner, params: P): Promise<R[]> {
    return (await this.execute(runner, params)).rows;
  }

  async first(runner: QueryRunner, params: P): Promise<R | undefined> {
    return (await this.execute(runner, params)).rows[0];
  }

  /** Rows changed by an insert/update/delete. */
  async affected(runner: QueryRunner, params: P): Promise<number> {
    return Number((await this.execute(runner, params)).numAffectedRows ?? 0n);
  }
}

/** Compiles `build(params)` once; see the module comment. */
export function prepare<P extends object, R>(build: (params: ParamRefs<P>) => Compilable<R>): PreparedQuery<P, R> {
  const refs = new Proxy({}, { get: (_target, name) => `${MARK}${String(name)}` }) as ParamRefs<P>;
  return new PreparedQuery<P, R>(build(refs).compile());
}

/**
 * A LIMIT written into the SQL text instead of bound. SQLite (3.53, in better-sqlite3 12) plans
 * with the value of a bound LIMIT, so binding it again expires the statement: every run parsed
 * and planned the query anew, 10 of the 39 µs a list of 10 messages took. A query using it is
 * compiled once per limit value (see `memo`).
 */
export function literalLimit(limit: number): RawBuilder<number> {
  if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`Invalid LIMIT ${limit}`);
  return sql.lit(limit);
}

/** Memoises by a small key (row count, flag set, limit): each distinct shape compiles once. */
export function memo<K, V>(make: (key: K) => V): (key: K) => V {
  const cache = new Map<K, V>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = make(key);
      if (cache.size < 256) cache.set(key, value);
    }
    return value;
  };
}

/** Parameter names `id0…id<n-1>` for an `IN` list of `n` ids. */
export function idNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `id${i}`);
}

/** `id0`, `id1`…, kept: a name built per call is a new string to hash and intern on every bind. */
const ID_NAMES: string[] = [];

/** Binds `ids` to the names of idNames(ids.length). */
export function idValues(ids: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (let i = ID_NAMES.length; i < ids.length; i++) ID_NAMES.push(`id${i}`);
  ids.forEach((id, i) => (values[ID_NAMES[i]] = id));
  return values;
}
