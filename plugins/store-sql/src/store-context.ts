import { StorageUnavailable } from '@zaqarjs/core';
import type { Kysely } from 'kysely';
import type { SqlBackend } from './connection/backend';
import type { Tables } from './schema/tables';
import { ClaimsInLine } from './messages/claims-in-line';
import { InFlightPerQueue } from './messages/in-flight-per-queue';

/**
 * What controllers share: the open back end (absent before open() and after close())
 * and the clock. Query sets compiled for the back end are cached here.
 */
export class StoreContext {
  #backend?: SqlBackend;
  /** Posts of this process on their way to a commit (messages hand them to claims). */
  readonly postsInFlight = new InFlightPerQueue();
  /** Claims of this process per queue, in line (SQLite: see claims-in-line.ts). */
  readonly claimsInLine = new ClaimsInLine();
  readonly #compiled = new Map<(db: Kysely<Tables>, backend: SqlBackend) => unknown, unknown>();

  constructor(readonly now: () => number) {}

  get backend(): SqlBackend {
    if (!this.#backend) throw new StorageUnavailable('The SQL store is not open.');
    return this.#backend;
  }

  attach(backend: SqlBackend): void {
    this.#backend = backend;
    this.#compiled.clear();
  }

  detach(): SqlBackend | undefined {
    const backend = this.#backend;
    this.#backend = undefined;
    this.#compiled.clear();
    return backend;
  }

  /** The query set `build` makes, compiled once per back end (`backend` tells the dialect). */
  queries<T>(build: (db: Kysely<Tables>, backend: SqlBackend) => T): T {
    let set = this.#compiled.get(build) as T | undefined;
    if (set === undefined) {
      set = build(this.backend.db, this.backend);
      this.#compiled.set(build, set);
    }
    return set;
  }
}
