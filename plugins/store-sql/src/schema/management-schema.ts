import type { Kysely } from 'kysely';
import type { ColumnTypes } from './column-types';
import type { Migration } from './migrator';
import type { Tables } from './tables';

async function createCatalog(db: Kysely<Tables>, t: ColumnTypes, table: 'queues' | 'topics'): Promise<void> {
  await t
    .table(db.schema.createTable(table).ifNotExists())
    .addColumn('id', t.serial.type, (c) => (t.serial.autoIncrement ? c.primaryKey().autoIncrement() : c.primaryKey()))
    .addColumn('project', t.name(256), (c) => c.notNull())
    .addColumn('name', t.name(64), (c) => c.notNull())
    .addColumn('metadata', t.document, (c) => c.notNull())
    .addUniqueConstraint(`${table}_project_name`, ['project', 'name'])
    .execute();
}

/** Schema history of the management store (queues, topics, pools, flavors, catalogue). */
export const MANAGEMENT_STORE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'queues, topics, pools, flavors, catalogue',
    async up(db, t) {
      await createCatalog(db, t, 'queues');
      await createCatalog(db, t, 'topics');
      await t
        .table(db.schema.createTable('pools').ifNotExists())
        .addColumn('name', t.name(64), (c) => c.primaryKey())
        .addColumn('uri', t.name(255), (c) => c.notNull().unique())
        .addColumn('weight', 'bigint', (c) => c.notNull())
        .addColumn('flavor', t.name(64))
        .addColumn('options', t.document, (c) => c.notNull())
        .execute();
      await t
        .table(db.schema.createTable('flavors').ifNotExists())
        .addColumn('project', t.name(256), (c) => c.notNull())
        .addColumn('name', t.name(64), (c) => c.notNull())
        .addColumn('capabilities', t.document, (c) => c.notNull())
        .addPrimaryKeyConstraint('flavors_pk', ['project', 'name'])
        .execute();
      await t
        .table(db.schema.createTable('catalogue').ifNotExists())
        .addColumn('project', t.name(256), (c) => c.notNull())
        .addColumn('queue', t.name(64), (c) => c.notNull())
        .addColumn('pool', t.name(64), (c) => c.notNull())
        .addPrimaryKeyConstraint('catalogue_pk', ['project', 'queue'])
        .execute();
      const index = t.indexIfNotExists ? db.schema.createIndex('catalogue_pool').ifNotExists() : db.schema.createIndex('catalogue_pool');
      await index.on('catalogue').column('pool').execute();
    },
  },
];
