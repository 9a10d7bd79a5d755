import type { Kysely } from 'kysely';
import type { Migration } from './migrator';
import type { Tables } from './tables';

async function createCatalog(db: Kysely<Tables>, table: 'queues' | 'topics'): Promise<void> {
  await db.schema
    .createTable(table)
    .ifNotExists()
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('project', 'varchar(256)', (c) => c.notNull())
    .addColumn('name', 'varchar(64)', (c) => c.notNull())
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addUniqueConstraint(`${table}_project_name`, ['project', 'name'])
    .execute();
}

/** Schema history of the management store (queues, topics, pools, flavors, catalogue). */
export const MANAGEMENT_STORE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'queues, topics, pools, flavors, catalogue',
    async up(db) {
      await createCatalog(db, 'queues');
      await createCatalog(db, 'topics');
      await db.schema
        .createTable('pools')
        .ifNotExists()
        .addColumn('name', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('uri', 'varchar(255)', (c) => c.notNull().unique())
        .addColumn('weight', 'bigint', (c) => c.notNull())
        .addColumn('flavor', 'varchar(64)')
        .addColumn('options', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('flavors')
        .ifNotExists()
        .addColumn('project', 'varchar(256)', (c) => c.notNull())
        .addColumn('name', 'varchar(64)', (c) => c.notNull())
        .addColumn('capabilities', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('flavors_pk', ['project', 'name'])
        .execute();
      await db.schema
        .createTable('catalogue')
        .ifNotExists()
        .addColumn('project', 'varchar(256)', (c) => c.notNull())
        .addColumn('queue', 'varchar(64)', (c) => c.notNull())
        .addColumn('pool', 'varchar(64)', (c) => c.notNull())
        .addPrimaryKeyConstraint('catalogue_pk', ['project', 'queue'])
        .execute();
      await db.schema.createIndex('catalogue_pool').ifNotExists().on('catalogue').column('pool').execute();
    },
  },
];
