/**
 * Schema maintenance outside the server (zaqar-sql-db-manage): bring a store's
 * tables to the current version, or report the version, for one uri.
 */
import { sql } from 'kysely';
import { openBackend } from '../connection/open-backend';
import { validateServerTarget } from '../connection/server-config';
import { parseSqlUri, type SqlTarget } from '../connection/uri';
import { DEFAULT_BUSY_TIMEOUT_MS } from '../options';
import { systemNow } from '../util/codec';
import { MANAGEMENT_STORE_MIGRATIONS } from './management-schema';
import { MESSAGE_STORE_MIGRATIONS } from './message-schema';
import { migrate, stampVersion, type Migration, type MigrationResult, type SchemaComponent } from './migrator';

/** Each store's migrations, by component. */
export const MIGRATIONS: Readonly<Record<SchemaComponent, readonly Migration[]>> = {
  message: MESSAGE_STORE_MIGRATIONS,
  management: MANAGEMENT_STORE_MIGRATIONS,
};

/** The newest version this release knows for `component`. */
export function headVersion(component: SchemaComponent): number {
  return MIGRATIONS[component].reduce((max, m) => Math.max(max, m.version), 0);
}

function target(uri: string): SqlTarget {
  const parsed = parseSqlUri(uri);
  if (parsed.dialect !== 'sqlite') validateServerTarget(parsed);
  return parsed;
}

async function withBackend<T>(uri: string, work: (backend: Awaited<ReturnType<typeof openBackend>>) => Promise<T>): Promise<T> {
  const backend = await openBackend(target(uri), { busyTimeoutMs: DEFAULT_BUSY_TIMEOUT_MS, poolSize: 1 });
  try {
    return await work(backend);
  } finally {
    await backend.close();
  }
}

/** Applies the pending migrations of `component` at `uri` (creating the tables of a new database). */
export function upgradeSchema(uri: string, component: SchemaComponent): Promise<MigrationResult> {
  return withBackend(uri, (backend) => migrate(backend, component, MIGRATIONS[component], systemNow()));
}

/** The version of `component` at `uri` (0: no tables yet), without changing anything. */
export function currentSchemaVersion(uri: string, component: SchemaComponent): Promise<number> {
  return withBackend(uri, async (backend) => {
    if (!(await backend.hasTable('schema_version'))) return 0;
    const { rows } = await sql<{ version: number }>`select version from schema_version where component = ${component}`.execute(backend.db);
    return Number(rows[0]?.version ?? 0);
  });
}

/**
 * Records `version` as the schema version of `component` at `uri` without
 * running any migration (alembic's `stamp`): for tables created or repaired by
 * hand. Creates the version table when missing.
 */
export function stampSchema(uri: string, component: SchemaComponent, version: number): Promise<void> {
  return withBackend(uri, (backend) => stampVersion(backend, component, version, systemNow()));
}

/** Problems in `component`'s migration list (alembic's `branches`): versions must run 1, 2, 3… with no gap or repeat. */
export function migrationProblems(component: SchemaComponent): string[] {
  const versions = MIGRATIONS[component].map((m) => m.version);
  return versions.flatMap((version, index) =>
    version === index + 1 ? [] : [`${component} migration #${index + 1} has version ${version}, expected ${index + 1}`],
  );
}
