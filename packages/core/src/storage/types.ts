/** Shapes shared by the storage contracts. Times are integer UNIX seconds. */

/** A queue's metadata document: free-form JSON, including reserved `_` keys. */
export type QueueMetadata = Record<string, unknown>;

/** One page of a listing plus the marker to continue after it (undefined when the page is empty). */
export interface Page<T> {
  items: T[];
  marker?: string;
}

/** A message as a store returns it (the reference's "basic message record"). */
export interface StoredMessage {
  id: string;
  /** Current TTL in seconds (a claim may have raised it). */
  ttl: number;
  /** Seconds since the message was posted. */
  age: number;
  /** Creation time, UNIX seconds. */
  created: number;
  /** The body as stored (ciphertext string on encrypted queues). */
  body: unknown;
  /** Id of the live claim holding the message, or null when it is free. */
  claimId: string | null;
  /** How many times the message was claimed (counted only on dead-letter queues). */
  claimCount: number;
  /** `MD5:<hex>` when checksums are enabled and the body is not null. */
  checksum?: string;
  /** Client-ID of the poster. */
  clientId: string;
}

/** A message to store, with every default already resolved by the request layer. */
export interface NewMessage {
  body: unknown;
  ttl: number;
  /** Seconds the message stays invisible to listings, claims and pop (0 = none). */
  delay: number;
  checksum?: string;
}

export interface MessageListOptions {
  marker?: string;
  limit: number;
  /** Include messages posted by `clientId`. */
  echo: boolean;
  clientId: string;
  includeClaimed: boolean;
  includeDelayed: boolean;
}

export interface QueueListOptions {
  marker?: string;
  limit: number;
  detailed: boolean;
  /** Only queues whose name contains this text. */
  name?: string;
  /** Only queues whose metadata[key] equals value. */
  filters?: Record<string, unknown>;
}

export interface QueueListItem {
  name: string;
  metadata?: QueueMetadata;
}

export interface QueueStats {
  claimed: number;
  free: number;
  /** Delayed messages (also counted in total/free). */
  delayed: number;
  total: number;
  oldest?: { id: string; age: number; created: number };
  newest?: { id: string; age: number; created: number };
}

export interface ClaimOptions {
  ttl: number;
  grace: number;
}

/** Dead-letter settings of the source queue, passed in by the request layer. */
export interface DeadLetterPolicy {
  maxClaimCount: number;
  queue: string;
  /** TTL given to moved messages; undefined keeps their TTL. */
  messagesTtl?: number;
}

export interface ClaimCreateOptions extends ClaimOptions {
  limit: number;
  deadLetter?: DeadLetterPolicy;
}

export interface ClaimInfo {
  id: string;
  ttl: number;
  /** Seconds since creation or last renewal. */
  age: number;
  messages: StoredMessage[];
}

export interface Subscription {
  id: string;
  /** Queue name. */
  source: string;
  subscriber: string;
  ttl: number;
  age: number;
  options: Record<string, unknown>;
  confirmed: boolean;
}

export interface SubscriptionUpdate {
  subscriber?: string;
  ttl?: number;
  options?: Record<string, unknown>;
}

export interface Pool {
  name: string;
  uri: string;
  weight: number;
  flavor: string | null;
  options: Record<string, unknown>;
}

export interface Flavor {
  name: string;
  project: string;
  capabilities: Record<string, unknown>;
}

export interface CatalogueEntry {
  project: string;
  queue: string;
  pool: string;
}

/** Capabilities a message store reports, in the reference's enum order. */
export enum Capability {
  FIFO = 'FIFO',
  CLAIMS = 'CLAIMS',
  DURABILITY = 'DURABILITY',
  AOD = 'AOD',
  HIGH_THROUGHPUT = 'HIGH_THROUGHPUT',
}
