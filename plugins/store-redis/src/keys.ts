/**
 * Key layout. The reference joins project, queue and id with "." although "." is legal
 * in all of them. Here every variable segment is written as
 * `<UTF-8 byte length>:<text>`, so a key names exactly one (project, queue) whatever the
 * characters, and nothing ever has to split a key: scripts get the queue's base key and
 * only append fixed suffixes to it.
 *
 * Message store, per queue (base `B` = `<prefix>q:<len>:<project>:<len>:<queue>:`):
 *   B ids          zset  message id → position (FIFO order; markers are positions)
 *   B free         zset  unclaimed message id → position, of those at or before the claim cursor
 *   B cursor       string  claim cursor: the last position claims and pops scanned; every message after it is unclaimed
 *   B held         zset  claimed message id → claim expiry (lapsed ones go back to free)
 *   B exp          zset  '#<block>' (64 positions) → earliest expiry among its messages + a fraction growing with the block (collection; see lua/common.lua)
 *   B delayed      zset  message id → end of delay (only delayed messages)
 *   B seq          string  last position handed out (never goes back)
 *   B p:<id>       string  one message (see lua/common.lua), no Redis expiry: garbage collection deletes it
 *   B m:<id>       hash  one message as earlier versions wrote it (read, and replaced by p:<id> on its next write)
 *   B claims       zset  claim id → claim expiry
 *   B c:<claim>    hash  claim ttl and expiry, EXPIRE = claim ttl
 *   B cm:<claim>   zset  message id → position, the messages the claim holds
 *   B subs         zset  subscription ids (score 0: ordered by id)
 *   B s:<id>       hash  one subscription, EXPIRE = its ttl
 *   B subscribers  hash  subscriber URI → subscription id (uniqueness)
 *   B idem:<key>   string  an Idempotency-Key record (JSON), Redis PX = lease, then the idempotency window
 *   <prefix>queues-with-data   set of queue bases, walked by the garbage collector
 *   <prefix>events             pub/sub channel of "messages posted" notices
 *
 * Management store (`P` = `<len>:<project>`):
 *   <prefix>queues:P:names / topics:P:names   zset of names (score 0: byte order)
 *   <prefix>queues:P:meta  / topics:P:meta    hash name → metadata JSON
 *   <prefix>pools:names  zset;  <prefix>pools:uris  hash uri → pool;  <prefix>pool:<name>  hash
 *   <prefix>flavors:P:names  zset;  <prefix>flavors:P:caps  hash name → capabilities JSON
 *   <prefix>flavor-projects:<name>   set of projects having a flavor of that name
 *   <prefix>catalogue:P   hash queue → pool
 */

/** A variable segment: its UTF-8 byte length, a colon, the text. */
export function segment(text: string): string {
  return `${Buffer.byteLength(text)}:${text}`;
}

/** Keys of one store instance (everything under one prefix). */
export class KeySpace {
  constructor(readonly prefix: string) {}

  /** Base key of a queue's message data; scripts append suffixes to it. */
  queue(project: string, queue: string): string {
    return `${this.prefix}q:${segment(project)}:${segment(queue)}:`;
  }

  /** Set of queue bases that hold message data or subscriptions. */
  get dataIndex(): string {
    return `${this.prefix}queues-with-data`;
  }

  get eventsChannel(): string {
    return `${this.prefix}events`;
  }

  /** Names zset and metadata hash of a project's queues (or topics). */
  catalog(kind: 'queues' | 'topics', project: string): { names: string; meta: string } {
    const base = `${this.prefix}${kind}:${segment(project)}:`;
    return { names: `${base}names`, meta: `${base}meta` };
  }

  get poolNames(): string {
    return `${this.prefix}pools:names`;
  }

  get poolUris(): string {
    return `${this.prefix}pools:uris`;
  }

  /** Prefix of pool hashes; the pool name is the rest of the key. */
  get poolPrefix(): string {
    return `${this.prefix}pool:`;
  }

  pool(name: string): string {
    return this.poolPrefix + name;
  }

  flavors(project: string): { names: string; caps: string } {
    const base = `${this.prefix}flavors:${segment(project)}:`;
    return { names: `${base}names`, caps: `${base}caps` };
  }

  /** Prefix of the per-name sets of projects owning a flavor; the name is the rest of the key. */
  get flavorProjectsPrefix(): string {
    return `${this.prefix}flavor-projects:`;
  }

  flavorProjects(name: string): string {
    return this.flavorProjectsPrefix + name;
  }

  catalogue(project: string): string {
    return `${this.prefix}catalogue:${segment(project)}`;
  }
}

/** Message key suffixes shared with the Lua scripts (lua/common.lua). */
export const QUEUE_KEYS = {
  ids: 'ids',
  exp: 'exp',
  delayed: 'delayed',
  seq: 'seq',
  claims: 'claims',
  subs: 'subs',
  subscribers: 'subscribers',
  message: (id: string) => `p:${id}`,
  legacyMessage: (id: string) => `m:${id}`,
  claim: (id: string) => `c:${id}`,
  claimMessages: (id: string) => `cm:${id}`,
  subscription: (id: string) => `s:${id}`,
} as const;
