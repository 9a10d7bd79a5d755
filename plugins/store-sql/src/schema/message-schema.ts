import { sql } from 'kysely';
import type { ColumnTypes } from './column-types';
import type { Migration } from './migrator';

/**
 * Characters of `subscriber` in its unique key on MySQL: (256 + 64 + 448) × 4 bytes
 * of utf8mb4 = 3072, InnoDB's limit. Two subscriber URIs of one queue that agree on
 * their first 448 characters then count as the same subscriber there.
 */
const MYSQL_SUBSCRIBER_KEY_CHARS = 448;

/** Schema history of the message store (messages, claims, subscriptions). */
export const MESSAGE_STORE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'messages, claims, queue counters, subscriptions',
    async up(db, t) {
      const idFirst = t.dialect === 'postgresql';
      const index = (name: string) => (t.indexIfNotExists ? db.schema.createIndex(name).ifNotExists() : db.schema.createIndex(name));
      await t
        .table(db.schema.createTable('messages').ifNotExists())
        .addColumn('id', t.name(64), (c) => c.notNull())
        .addColumn('project', t.name(256), (c) => c.notNull())
        .addColumn('queue', t.name(64), (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('body', t.document, (c) => c.notNull())
        .addColumn('ttl', 'bigint', (c) => c.notNull())
        .addColumn('created', 'bigint', (c) => c.notNull())
        .addColumn('expires', 'bigint', (c) => c.notNull())
        .addColumn('delay_expires', 'bigint', (c) => c.notNull())
        .addColumn('client_id', t.name(255), (c) => c.notNull())
        .addColumn('claim_id', t.name(64))
        .addColumn('claim_expires', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('claim_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('checksum', t.name(64))
        // SQLite, MySQL: scoped key. Every lookup names (project, queue) too, and with `id` alone first
        // SQLite's planner chose the (project, queue, seq) index for `id IN (…)` and scanned the queue.
        // PostgreSQL: keyed by id, and lookups hide (project, queue) from the planner (util/scope.ts).
        .addPrimaryKeyConstraint('messages_pk', idFirst ? ['id'] : ['project', 'queue', 'id'])
        .execute();
      await index('messages_queue_seq').unique().on('messages').columns(['project', 'queue', 'seq']).execute();
      await index('messages_queue_claim').on('messages').columns(claimIndexColumns(t)).execute();
      await index('messages_expires').on('messages').column('expires').execute();

      await t
        .table(db.schema.createTable('claims').ifNotExists())
        .addColumn('id', t.name(64), (c) => c.primaryKey())
        .addColumn('project', t.name(256), (c) => c.notNull())
        .addColumn('queue', t.name(64), (c) => c.notNull())
        .addColumn('ttl', 'bigint', (c) => c.notNull())
        .addColumn('expires', 'bigint', (c) => c.notNull())
        .execute();
      await index('claims_queue').on('claims').columns(['project', 'queue']).execute();
      await index('claims_expires').on('claims').column('expires').execute();

      await t
        .table(db.schema.createTable('queue_counters').ifNotExists())
        .addColumn('project', t.name(256), (c) => c.notNull())
        .addColumn('queue', t.name(64), (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('queue_counters_pk', ['project', 'queue'])
        .execute();

      await t
        .table(db.schema.createTable('subscriptions').ifNotExists())
        .addColumn('id', t.name(64), (c) => c.primaryKey())
        .addColumn('project', t.name(256), (c) => c.notNull())
        .addColumn('queue', t.name(64), (c) => c.notNull())
        .addColumn('subscriber', t.name(1024), (c) => c.notNull())
        .addColumn('ttl', 'bigint', (c) => c.notNull())
        .addColumn('expires', 'bigint', (c) => c.notNull())
        .addColumn('options', t.document, (c) => c.notNull())
        .addColumn('confirmed', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      if (t.longUniqueKeys) {
        await index('subscriptions_subscriber').unique().on('subscriptions').columns(['project', 'queue', 'subscriber']).execute();
      } else {
        const key = sql.raw(`subscriber(${MYSQL_SUBSCRIBER_KEY_CHARS})`);
        await sql`create unique index subscriptions_subscriber on subscriptions (project, queue, ${key})`.execute(db);
      }
      await index('subscriptions_expires').on('subscriptions').column('expires').execute();
    },
  },
  {
    version: 2,
    description: 'idempotency keys of message posts',
    async up(db, t) {
      await t
        .table(db.schema.createTable('idempotency_keys').ifNotExists())
        .addColumn('project', t.name(256), (c) => c.notNull())
        .addColumn('queue', t.name(64), (c) => c.notNull())
        // 256 + 64 + 255 characters: within InnoDB's 3072-byte key in utf8mb4 (keys are ASCII anyway).
        .addColumn('key', t.name(255), (c) => c.notNull())
        .addColumn('fingerprint', t.name(64), (c) => c.notNull())
        .addColumn('token', t.name(64), (c) => c.notNull())
        .addColumn('ids', t.document)
        .addColumn('expires', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('idempotency_keys_pk', ['project', 'queue', 'key'])
        .execute();
      const index = t.indexIfNotExists ? db.schema.createIndex('idempotency_keys_expires').ifNotExists() : db.schema.createIndex('idempotency_keys_expires');
      await index.on('idempotency_keys').column('expires').execute();
    },
  },
  {
    version: 3,
    description: 'messages_queue_claim indexes claimed messages only (SQLite, PostgreSQL)',
    // Every post inserted an entry with a null claim id into it: one more index page for each
    // commit to write. Partial, it cut SQLite's CPU per 10-message post request by 9-35 % (4
    // interleaved pairs, one worker). Claim lookups name a claim id, so the planners use the
    // partial index. MySQL has no partial indexes and keeps the full one.
    async up(db, t) {
      if (t.dialect === 'mysql') return;
      await db.schema.dropIndex('messages_queue_claim').ifExists().execute();
      await db.schema.createIndex('messages_queue_claim').on('messages').columns(claimIndexColumns(t)).where('claim_id', 'is not', null).execute();
    },
  },
];

/** Columns of the index that finds a claim's messages (PostgreSQL: keyed by id, see messages_pk). */
function claimIndexColumns(t: ColumnTypes): string[] {
  return t.dialect === 'postgresql' ? ['claim_id'] : ['project', 'queue', 'claim_id', 'seq'];
}
