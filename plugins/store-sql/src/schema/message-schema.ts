import type { Migration } from './migrator';

/** Schema history of the message store (messages, claims, subscriptions). */
export const MESSAGE_STORE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'messages, claims, queue counters, subscriptions',
    async up(db) {
      await db.schema
        .createTable('messages')
        .ifNotExists()
        .addColumn('id', 'varchar(64)', (c) => c.notNull())
        .addColumn('project', 'varchar(256)', (c) => c.notNull())
        .addColumn('queue', 'varchar(64)', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('ttl', 'bigint', (c) => c.notNull())
        .addColumn('created', 'bigint', (c) => c.notNull())
        .addColumn('expires', 'bigint', (c) => c.notNull())
        .addColumn('delay_expires', 'bigint', (c) => c.notNull())
        .addColumn('client_id', 'varchar(255)', (c) => c.notNull())
        .addColumn('claim_id', 'varchar(64)')
        .addColumn('claim_expires', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('claim_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('checksum', 'varchar(64)')
        // Scoped key: every lookup names (project, queue) too, and with `id` alone first
        // SQLite's planner chose the (project, queue, seq) index for `id IN (…)` and scanned the queue.
        .addPrimaryKeyConstraint('messages_pk', ['project', 'queue', 'id'])
        .execute();
      await db.schema.createIndex('messages_queue_seq').ifNotExists().unique().on('messages').columns(['project', 'queue', 'seq']).execute();
      await db.schema.createIndex('messages_queue_claim').ifNotExists().on('messages').columns(['project', 'queue', 'claim_id', 'seq']).execute();
      await db.schema.createIndex('messages_expires').ifNotExists().on('messages').column('expires').execute();

      await db.schema
        .createTable('claims')
        .ifNotExists()
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('project', 'varchar(256)', (c) => c.notNull())
        .addColumn('queue', 'varchar(64)', (c) => c.notNull())
        .addColumn('ttl', 'bigint', (c) => c.notNull())
        .addColumn('expires', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('claims_queue').ifNotExists().on('claims').columns(['project', 'queue']).execute();
      await db.schema.createIndex('claims_expires').ifNotExists().on('claims').column('expires').execute();

      await db.schema
        .createTable('queue_counters')
        .ifNotExists()
        .addColumn('project', 'varchar(256)', (c) => c.notNull())
        .addColumn('queue', 'varchar(64)', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('queue_counters_pk', ['project', 'queue'])
        .execute();

      await db.schema
        .createTable('subscriptions')
        .ifNotExists()
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('project', 'varchar(256)', (c) => c.notNull())
        .addColumn('queue', 'varchar(64)', (c) => c.notNull())
        .addColumn('subscriber', 'varchar(1024)', (c) => c.notNull())
        .addColumn('ttl', 'bigint', (c) => c.notNull())
        .addColumn('expires', 'bigint', (c) => c.notNull())
        .addColumn('options', 'text', (c) => c.notNull())
        .addColumn('confirmed', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .createIndex('subscriptions_subscriber')
        .ifNotExists()
        .unique()
        .on('subscriptions')
        .columns(['project', 'queue', 'subscriber'])
        .execute();
      await db.schema.createIndex('subscriptions_expires').ifNotExists().on('subscriptions').column('expires').execute();
    },
  },
];
