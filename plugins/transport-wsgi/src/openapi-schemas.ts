/**
 * JSON Schemas (2020-12, as OpenAPI 3.1 embeds them) of the v2 bodies, from
 * the behavioural spec (http-api-v2.md §4–§13): what clients send and what the
 * server answers. Response schemas require the fields the spec says are always
 * there and allow extra ones (stores may add some, e.g. Redis's stats entries);
 * request schemas describe what is accepted. `test/server/openapi-bodies.test.ts`
 * validates a real server's answers against them.
 */
type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const str: Schema = { type: 'string' };
const int: Schema = { type: 'integer' };
const bool: Schema = { type: 'boolean' };
const arrayOf = (items: Schema): Schema => ({ type: 'array', items });
const object = (properties: Record<string, Schema>, required: string[] = [], extra: Schema = {}): Schema => ({
  type: 'object',
  properties,
  ...(required.length > 0 ? { required } : {}),
  ...extra,
});
const nullable = (type: string): Schema => ({ type: [type, 'null'] });

/** Reserved queue metadata keys (§7); any other key is the client's own. */
const RESERVED_METADATA: Record<string, Schema> = {
  _max_messages_post_size: int,
  _default_message_ttl: int,
  _default_message_delay: int,
  _dead_letter_queue: nullable('string'),
  _dead_letter_queue_messages_ttl: nullable('integer'),
  _max_claim_count: nullable('integer'),
  _enable_encrypt_messages: bool,
  _flavor: str,
  _retry_policy: { type: 'object' },
};

const message = object({ id: str, href: str, ttl: int, age: int, body: {}, checksum: str }, ['id', 'href', 'ttl', 'age', 'body']);
const poppedMessage = object({ id: str, ttl: int, age: int, body: {}, claim_id: nullable('string'), claim_count: int, checksum: str }, [
  'id',
  'ttl',
  'age',
  'body',
]);
const statsEntry = object({ href: str, age: int, created: str }, ['href', 'age', 'created']);
const subscription = object({ id: str, source: str, subscriber: str, ttl: int, age: int, options: { type: 'object' }, confirmed: bool }, [
  'id',
  'source',
  'subscriber',
  'ttl',
  'age',
  'options',
  'confirmed',
]);
const poolFields = {
  uri: { type: 'string', maxLength: 255 },
  weight: { type: 'integer', minimum: 0, maximum: 4294967295 },
  flavor: str,
  options: { type: 'object' },
};
const pool = object({ name: str, uri: str, weight: int, flavor: nullable('string'), options: { type: 'object' }, href: str }, [
  'name',
  'uri',
  'weight',
  'href',
]);
const flavor = object({ name: str, href: str, pool_list: arrayOf(str), capabilities: arrayOf(str) }, ['name', 'href']);
const operationStatus = object({ succeeded: bool, seconds: { type: 'number' }, ref: nullable('string') }, ['succeeded', 'seconds', 'ref']);
const storeHealth = object({ storage_reachable: bool, operation_status: { type: 'object', additionalProperties: operationStatus } }, ['storage_reachable']);

/** `components.schemas` of the document. */
export const SCHEMAS: Record<string, Schema> = {
  Error: object({ title: str, description: str }, ['title']),
  Link: object({ rel: str, href: str }, ['rel', 'href']),
  Links: arrayOf(ref('Link')),
  Versions: object(
    {
      versions: arrayOf(
        object({ id: str, status: str, updated: str, 'media-types': arrayOf(object({ base: str, type: str })), links: arrayOf(ref('Link')) }, [
          'id',
          'status',
          'links',
        ]),
      ),
    },
    ['versions'],
  ),
  HomeDocument: object({ resources: { type: 'object' } }, ['resources']),
  Health: {
    description: 'One store: its health. With pooling: `catalog_reachable` and one entry per pool.',
    ...object({
      storage_reachable: bool,
      catalog_reachable: bool,
      management_store_reachable: bool,
      operation_status: { type: 'object', additionalProperties: operationStatus },
      message_volume: object({ free: int, claimed: int, total: int }),
    }),
    additionalProperties: storeHealth,
  },
  QueueMetadata: { description: 'Queue metadata: the reserved `_` keys (§7) and any of the client.', ...object(RESERVED_METADATA) },
  QueueMetadataRead: {
    description: 'Queue metadata as read: the reserved keys completed with their defaults.',
    ...object(RESERVED_METADATA, ['_max_messages_post_size', '_default_message_ttl', '_default_message_delay']),
  },
  QueuePatch: arrayOf(object({ op: { enum: ['add', 'remove', 'replace'] }, path: { type: 'string', pattern: '^/metadata/' }, value: {} }, ['op', 'path'])),
  QueueList: object(
    { queues: arrayOf(object({ name: str, href: str, metadata: ref('QueueMetadataRead') }, ['name', 'href'])), links: ref('Links'), count: int },
    ['queues', 'links'],
  ),
  TopicList: object({ topics: arrayOf(object({ name: str, href: str, metadata: { type: 'object' } }, ['name', 'href'])), links: ref('Links') }, [
    'topics',
    'links',
  ]),
  QueueStats: object({ messages: object({ claimed: int, free: int, total: int, oldest: statsEntry, newest: statsEntry }, ['total']) }, ['messages']),
  PurgeRequest: object({ resource_types: arrayOf({ enum: ['messages', 'subscriptions'] }) }, ['resource_types']),
  ShareRequest: object({ paths: arrayOf({ enum: ['messages', 'subscriptions', 'claims'] }), methods: arrayOf(str), expires: str }, [], {
    additionalProperties: false,
  }),
  SignedUrl: object({ paths: arrayOf(str), methods: arrayOf(str), project: str, expires: str, signature: { type: 'string', pattern: '^[0-9a-f]{64}$' } }, [
    'paths',
    'methods',
    'project',
    'expires',
    'signature',
  ]),
  MessagePost: object(
    {
      messages: {
        type: 'array',
        minItems: 1,
        items: object({ body: {}, ttl: { type: 'integer', minimum: 60 }, delay: { type: 'integer', minimum: 0 } }, ['body']),
      },
    },
    ['messages'],
  ),
  MessagesPosted: object({ resources: arrayOf(str) }, ['resources']),
  Message: message,
  MessageList: {
    description: 'A page (with `links`) or, with `ids`, the messages found.',
    ...object({ messages: arrayOf(ref('Message')), links: ref('Links') }, ['messages']),
  },
  PoppedMessages: object({ messages: arrayOf(poppedMessage) }, ['messages']),
  ClaimRequest: object({ ttl: { type: 'integer', minimum: 60 }, grace: int }),
  ClaimedMessages: object({ messages: { type: 'array', minItems: 1, items: ref('Message') } }, ['messages']),
  Claim: object({ age: int, ttl: int, messages: arrayOf(ref('Message')), href: str }, ['age', 'ttl', 'messages', 'href']),
  SubscriptionCreate: object({ subscriber: str, ttl: { type: 'integer', minimum: 60 }, options: { type: 'object' } }, ['subscriber']),
  SubscriptionUpdate: object({ subscriber: str, ttl: { type: 'integer', minimum: 60 }, options: { type: 'object' } }, [], { minProperties: 1 }),
  SubscriptionCreated: object({ subscription_id: str }, ['subscription_id']),
  SubscriptionConfirm: object({ confirmed: bool }, ['confirmed']),
  Subscription: subscription,
  SubscriptionList: object({ subscriptions: arrayOf(ref('Subscription')), links: ref('Links') }, ['subscriptions', 'links']),
  PoolCreate: object(poolFields, ['uri', 'weight'], { additionalProperties: false }),
  PoolUpdate: {
    description: 'At least one of the fields; `null` values are ignored.',
    ...object(Object.fromEntries(Object.entries(poolFields).map(([k, v]) => [k, { anyOf: [v, { type: 'null' }] }])), [], {
      additionalProperties: false,
      minProperties: 1,
    }),
  },
  Pool: pool,
  PoolList: object({ pools: arrayOf(ref('Pool')), links: ref('Links') }, ['pools', 'links']),
  FlavorWrite: object({ pool_list: { type: 'array', minItems: 1, items: str }, capabilities: { type: 'object' } }, ['pool_list'], {
    additionalProperties: false,
  }),
  Flavor: flavor,
  FlavorList: object({ flavors: arrayOf(ref('Flavor')), links: ref('Links') }, ['flavors', 'links']),
  OpenApiDocument: object({ openapi: str, paths: { type: 'object' } }, ['openapi', 'paths']),
};
