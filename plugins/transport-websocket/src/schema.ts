/**
 * The reference's per-action request schemas (JSON Schema draft 4 in
 * `zaqar/api/v1, v1_1, v2/request.py`), as a table: which headers and body fields are
 * required, and the JSON type of each known field. Extra keys are allowed.
 */
import type { RequestEnvelope } from './envelope';

type JsonType = 'string' | 'integer' | 'boolean' | 'array' | 'object';

interface ActionSchema {
  /** Headers that must be present. */
  headers: readonly string[];
  /** Whether the envelope must carry `body`. */
  bodyRequired: boolean;
  /** Body fields that must be present. */
  required: readonly string[];
  /** Types of the body fields the schema lists; undefined: the body is not described (any value). */
  fields?: Readonly<Record<string, JsonType>>;
}

/** Header keys the schemas type (all strings); others are free. */
const TYPED_HEADERS = ['User-Agent', 'Date', 'Accept', 'Client-ID', 'X-Project-ID', 'X-Auth-Token'];
const CLIENT = ['Client-ID', 'X-Project-ID'];
const Q = { queue_name: 'string' } as const;

function action(required: readonly string[], fields: Record<string, JsonType>, bodyRequired = true, headers: readonly string[] = CLIENT): ActionSchema {
  return { headers, bodyRequired, required, fields };
}

const BASE: ActionSchema = { headers: [], bodyRequired: false, required: [] };
const POOL_FIELDS = { pool_name: 'string', weight: 'integer', uri: 'string', options: 'object' } as const;
const FLAVOR_FIELDS = { flavor_name: 'string', pool_name: 'string', capabilities: 'object' } as const;

/** Every action of the v2 schema, by name. */
export const SCHEMAS: Readonly<Record<string, ActionSchema>> = {
  get_home_doc: BASE,
  check_node_health: BASE,
  ping_node: BASE,
  authenticate: { headers: ['X-Project-ID', 'X-Auth-Token'], bodyRequired: false, required: [] },
  queue_list: action([], { marker: 'string', limit: 'integer', detailed: 'boolean' }, false),
  queue_create: action(['queue_name'], Q),
  queue_delete: action(['queue_name'], Q),
  queue_get: action(['queue_name'], Q),
  queue_get_stats: action(['queue_name'], Q),
  queue_purge: action(['queue_name'], { ...Q, resource_types: 'array' }),
  message_list: action(['queue_name'], { ...Q, marker: 'string', limit: 'integer', echo: 'boolean', include_claimed: 'boolean' }),
  message_get: action(['queue_name', 'message_id'], { ...Q, message_id: 'string' }),
  message_get_many: action(['queue_name', 'message_ids'], { ...Q, message_ids: 'array' }),
  message_post: action(['queue_name', 'messages'], { ...Q, messages: 'array' }),
  message_delete: action(['queue_name', 'message_id'], { ...Q, message_id: 'string', claim_id: 'string' }),
  message_delete_many: action(['queue_name'], { ...Q, message_ids: 'array', claim_ids: 'array', pop: 'integer' }),
  claim_create: action(['queue_name'], { ...Q, limit: 'integer', ttl: 'integer', grace: 'integer' }),
  claim_get: action(['queue_name', 'claim_id'], { ...Q, claim_id: 'string' }),
  claim_update: action(['queue_name', 'claim_id'], { ...Q, claim_id: 'string', ttl: 'integer' }),
  claim_delete: action(['queue_name', 'claim_id'], { ...Q, claim_id: 'string' }),
  // Extension (README, "Claim stream"); claim_create's `wait` is checked by the request layer, with its own text.
  claim_stream: action(['queue_name'], { ...Q, ttl: 'integer', grace: 'integer', credit: 'integer' }),
  subscription_list: action(['queue_name'], Q),
  subscription_create: action(['queue_name'], { ...Q, subscriber: 'string', ttl: 'integer', options: 'object' }),
  subscription_delete: action(['queue_name', 'subscription_id'], { ...Q, subscription_id: 'string' }),
  subscription_get: action(['queue_name', 'subscription_id'], { ...Q, subscription_id: 'string' }),
  pool_list: action(['pool_name'], { pool_name: 'string', limit: 'integer', marker: 'string' }),
  pool_create: action(['pool_name'], POOL_FIELDS),
  pool_update: action(['pool_name'], POOL_FIELDS),
  pool_get: action(['pool_name'], { pool_name: 'string', detailed: 'boolean' }),
  pool_delete: action(['pool_name'], { pool_name: 'string' }),
  flavor_list: action(['flavor_name'], { flavor_name: 'string', limit: 'integer', marker: 'string' }),
  flavor_create: action(['flavor_name', 'pool_name'], FLAVOR_FIELDS),
  flavor_update: action(['flavor_name'], FLAVOR_FIELDS),
  flavor_get: action(['flavor_name'], { flavor_name: 'string', detailed: 'boolean' }),
  flavor_delete: action(['flavor_name'], { flavor_name: 'string' }),
};

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function hasType(value: unknown, type: JsonType): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isObject(value);
  }
}

function validHeaders(headers: unknown, required: readonly string[]): boolean {
  if (!isObject(headers)) return false;
  if (!required.every((name) => name in headers)) return false;
  return TYPED_HEADERS.every((name) => !(name in headers) || typeof headers[name] === 'string');
}

function validBody(envelope: RequestEnvelope, schema: ActionSchema): boolean {
  if (!('body' in envelope)) return !schema.bodyRequired;
  if (!schema.fields) return true;
  const body = envelope.body;
  if (!isObject(body)) return false;
  if (!schema.required.every((name) => name in body)) return false;
  return Object.entries(schema.fields).every(([name, type]) => !(name in body) || hasType(body[name], type));
}

/** `'unknown-action'`, `'invalid'` (any schema violation) or `'valid'`. */
export function validateEnvelope(envelope: RequestEnvelope): 'unknown-action' | 'invalid' | 'valid' {
  const schema = typeof envelope.action === 'string' && Object.prototype.hasOwnProperty.call(SCHEMAS, envelope.action) ? SCHEMAS[envelope.action] : undefined;
  if (!schema) return 'unknown-action';
  if (!('headers' in envelope) || !validHeaders(envelope.headers, schema.headers)) return 'invalid';
  return validBody(envelope, schema) ? 'valid' : 'invalid';
}
