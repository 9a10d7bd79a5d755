import type { Kysely } from 'kysely';
import type { SqlBackend } from '../connection/backend';
import type { Tables } from './tables';

/** One step of a component's schema history; applied once, in version order. */
export interface Migration {
  readonly version: number;
  readonly description: string;
  up(db: Kysely<Tables>): Promise<void>;
}

/** Which half of the store a schema belongs to (both may live in one database). */
export type SchemaComponent = 'message' | 'management';

/**
 * Brings `component`'s tables up to the last migration, inside one write transaction
 * so that two processes opening the same new database do not race. Idempotent.
 */
export async function migrate(
  backend: SqlBackend,
  component: SchemaComponent,
  migrations: readonly Migration[],
  now: number,
): Promise<number> {
  await refuseReferenceDatabase(backend);
  await backend.db.schema
    .createTable('schema_version')
    .ifNotExists()
    .addColumn('component', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('applied_at', 'bigint', (c) => c.notNull())
    .execute();
  return backend.transaction(async (trx) => {
    const row = await trx.selectFrom('schema_version').select('version').where('component', '=', component).executeTakeFirst();
    const current = Number(row?.version ?? 0);
    const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
    if (current > latest) {
      throw new Error(`The ${component} schema is at version ${current}, newer than this release supports (${latest}).`);
    }
    const pending = [...migrations].filter((m) => m.version > current).sort((a, b) => a.version - b.version);
    for (const migration of pending) await migration.up(trx);
    if (pending.length > 0) {
      await trx
        .insertInto('schema_version')
        .values({ component, version: latest, applied_at: now })
        .onConflict((oc) => oc.column('component').doUpdateSet({ version: latest, applied_at: now }))
        .execute();
    }
    return latest;
  });
}

/**
 * The reference (Python) store keeps different tables under the same names; writing
 * into them would corrupt both, so such a database is refused with a clear message.
 */
async function refuseReferenceDatabase(backend: SqlBackend): Promise<void> {
  const tables = await backend.db.introspection.getTables();
  if (tables.some((t) => t.name.toLowerCase() === 'alembic_version')) {
    throw new Error('This database was created by the reference (Python) Zaqar; point the uri at a new database.');
  }
}
