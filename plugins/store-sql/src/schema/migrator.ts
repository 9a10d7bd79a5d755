import type { Kysely } from 'kysely';
import type { SqlBackend } from '../connection/backend';
import { columnTypes, type ColumnTypes } from './column-types';
import type { Tables } from './tables';

/** One step of a component's schema history; applied once, in version order. */
export interface Migration {
  readonly version: number;
  readonly description: string;
  /** Creates or changes tables through `db`, with the dialect's column types `t`. */
  up(db: Kysely<Tables>, t: ColumnTypes): Promise<void>;
}

/** Which half of the store a schema belongs to (both may live in one database). */
export type SchemaComponent = 'message' | 'management';

/** What a migration run found and did. */
export interface MigrationResult {
  component: SchemaComponent;
  /** Version before the run (0: no tables yet). */
  from: number;
  /** Version after the run. */
  to: number;
  /** Steps applied by this run, oldest first (empty when already current). */
  applied: readonly Migration[];
}

/**
 * Brings `component`'s tables up to the last migration while holding the
 * back end's schema lock (see SqlBackend.exclusive), so that two processes opening
 * the same new database do not race. Idempotent.
 */
export async function migrate(backend: SqlBackend, component: SchemaComponent, migrations: readonly Migration[], now: number): Promise<MigrationResult> {
  if (await backend.hasTable('alembic_version')) {
    // The reference (Python) store keeps different tables under the same names; writing into them would corrupt both.
    throw new Error('This database was created by the reference (Python) Zaqar; point the uri at a new database.');
  }
  const types = columnTypes(backend.dialect, backend.serverVersion);
  return backend.exclusive(async (db) => {
    await createVersionTable(db, types);
    const row = await db.selectFrom('schema_version').select('version').where('component', '=', component).executeTakeFirst();
    const current = Number(row?.version ?? 0);
    const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
    if (current > latest) {
      throw new Error(`The ${component} schema is at version ${current}, newer than this release supports (${latest}).`);
    }
    const pending = [...migrations].filter((m) => m.version > current).sort((a, b) => a.version - b.version);
    for (const migration of pending) await migration.up(db, types);
    if (pending.length > 0) {
      if (row) await db.updateTable('schema_version').set({ version: latest, applied_at: now }).where('component', '=', component).execute();
      else await db.insertInto('schema_version').values({ component, version: latest, applied_at: now }).execute();
    }
    return { component, from: current, to: Math.max(current, latest), applied: pending };
  });
}

/**
 * Records `version` as `component`'s schema version without running any migration
 * (alembic's `stamp`), under the same schema lock as migrate; creates the version table when missing.
 */
export async function stampVersion(backend: SqlBackend, component: SchemaComponent, version: number, now: number): Promise<void> {
  const types = columnTypes(backend.dialect, backend.serverVersion);
  await backend.exclusive(async (db) => {
    await createVersionTable(db, types);
    await db.deleteFrom('schema_version').where('component', '=', component).execute();
    await db.insertInto('schema_version').values({ component, version, applied_at: now }).execute();
  });
}

/** `schema_version` (one row per component), when missing. */
function createVersionTable(db: Kysely<Tables>, types: ColumnTypes): Promise<void> {
  return types
    .table(db.schema.createTable('schema_version').ifNotExists())
    .addColumn('component', types.name(32), (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('applied_at', 'bigint', (c) => c.notNull())
    .execute()
    .then(() => undefined);
}
