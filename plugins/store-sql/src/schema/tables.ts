/**
 * Row shapes of every table, for Kysely's typing. Times are integer UNIX seconds.
 * JSON documents (bodies, metadata, options) are stored as text.
 */
import type { Generated } from 'kysely';

export interface MessagesTable {
  id: string;
  project: string;
  queue: string;
  /** Position in the queue, from queue_counters; unique per (project, queue). */
  seq: number;
  body: string;
  /** Current TTL; a claim may raise it (then it counts from the claim, not from `created`). */
  ttl: number;
  created: number;
  expires: number;
  /** Equals `created` when the message was not delayed. */
  delay_expires: number;
  client_id: string;
  /** Set while claimed; only meaningful while `claim_expires > now`. */
  claim_id: string | null;
  claim_expires: number;
  claim_count: number;
  checksum: string | null;
}

export interface ClaimsTable {
  id: string;
  project: string;
  queue: string;
  ttl: number;
  /** Created or last renewed at `expires - ttl`. */
  expires: number;
}

/** Last position handed out per queue; never decreases, so markers stay valid after deletes. */
export interface QueueCountersTable {
  project: string;
  queue: string;
  seq: number;
}

export interface SubscriptionsTable {
  id: string;
  project: string;
  queue: string;
  subscriber: string;
  ttl: number;
  /** Created or last ttl change at `expires - ttl`. */
  expires: number;
  options: string;
  confirmed: number;
}

/** One Idempotency-Key of one queue: a post in flight (`ids` null) or done. */
export interface IdempotencyKeysTable {
  project: string;
  queue: string;
  key: string;
  /** SHA-256 hex of the post's canonical messages. */
  fingerprint: string;
  /** The holder's reservation token (complete/release act only with it). */
  token: string;
  /** JSON array of the stored ids, null while the post is in flight. */
  ids: string | null;
  expires: number;
}

/** Queues and topics share this shape (two tables). */
export interface CatalogTable {
  id: Generated<number>;
  project: string;
  name: string;
  metadata: string;
}

export interface PoolsTable {
  name: string;
  uri: string;
  weight: number;
  flavor: string | null;
  options: string;
}

export interface FlavorsTable {
  project: string;
  name: string;
  capabilities: string;
}

export interface CatalogueTable {
  project: string;
  queue: string;
  pool: string;
}

export interface SchemaVersionTable {
  /** `message` or `management`: both stores may share one file. */
  component: string;
  version: number;
  applied_at: number;
}

export interface Tables {
  messages: MessagesTable;
  claims: ClaimsTable;
  queue_counters: QueueCountersTable;
  subscriptions: SubscriptionsTable;
  idempotency_keys: IdempotencyKeysTable;
  queues: CatalogTable;
  topics: CatalogTable;
  pools: PoolsTable;
  flavors: FlavorsTable;
  catalogue: CatalogueTable;
  schema_version: SchemaVersionTable;
}
