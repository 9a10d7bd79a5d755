/**
 * Per operation of the route table: the request body it takes and the success
 * statuses it answers with their bodies (http-api-v2.md §4–§13). Keyed by the
 * route's `operation` (queue and topic routes share message and subscription
 * operations, as they share handlers), `HEAD` routes by `<operation>_head`, and
 * routes without an operation by `METHOD path`. A route missing here fails the
 * document's build, so a new route cannot go undescribed.
 */
import type { Route } from './routes/route';

/** A success status: its description and the schema of its body (none: no body). */
export interface SuccessResponse {
  description: string;
  schema?: string;
  contentType?: string;
}

/** A query parameter: its JSON type and what it does. */
export interface QueryParameter {
  type: 'integer' | 'boolean' | 'string' | 'number';
  description: string;
}

export interface OperationBodies {
  /** Query parameters the operation reads (by name). */
  query?: Record<string, QueryParameter>;
  /** Schema name of the request body; `requestRequired` when the spec refuses an empty one. */
  request?: string;
  requestRequired?: boolean;
  responses: Record<string, SuccessResponse>;
}

const q = (type: QueryParameter['type'], description: string): QueryParameter => ({ type, description });
const PAGE = {
  limit: q('integer', 'Items per page (1 to the `max_*_per_page` option, 20 by default).'),
  marker: q('string', 'Start after this item (from a `next` link).'),
};
const LISTING = { ...PAGE, detailed: q('boolean', "Include each item's details (metadata, options, capabilities).") };

const NO_CONTENT: SuccessResponse = { description: 'Done; no body.' };
const created = (what: string): SuccessResponse => ({ description: `${what} created; no body (Location names it).` });
const ok = (schema: string, description = 'OK'): SuccessResponse => ({ description, schema });

const QUEUE = {
  list: { ...LISTING, name: q('string', 'Only names containing this text.') },
  get: { responses: { '200': ok('QueueMetadataRead', 'The metadata, reserved keys completed with their defaults (also for a queue that does not exist).') } },
  create: { request: 'QueueMetadata', responses: { '201': created('Queue'), '204': { description: 'The queue existed; its metadata is unchanged.' } } },
  update: { request: 'QueuePatch', requestRequired: true, responses: { '200': ok('QueueMetadataRead', 'The metadata after the patch.') } },
  stats: { responses: { '200': ok('QueueStats') } },
  purge: { request: 'PurgeRequest', responses: { '204': NO_CONTENT } },
};

const TABLE: Record<string, OperationBodies> = {
  versions: { responses: { '300': ok('Versions', 'The API versions.') } },
  'GET /v2/openapi.json': { responses: { '200': ok('OpenApiDocument', 'This document.') } },
  home_document: { responses: { '200': { description: 'The JSON-home document.', schema: 'HomeDocument', contentType: 'application/json-home' } } },
  ping: { responses: { '204': { description: 'The message store answers.' }, '503': { description: 'The message store does not answer; no body.' } } },
  ping_head: { responses: { '204': { description: 'The server is up (the store is not asked).' } } },
  health: { responses: { '200': ok('Health') } },
  queue_list: {
    query: { ...QUEUE.list, with_count: q('boolean', 'Add `count`, the number of queues of the project.') },
    responses: { '200': ok('QueueList') },
  },
  queue_get: QUEUE.get,
  queue_create: QUEUE.create,
  queue_update: QUEUE.update,
  queue_delete: { responses: { '204': NO_CONTENT } },
  queue_stats: QUEUE.stats,
  queue_purge: QUEUE.purge,
  queue_share: { request: 'ShareRequest', requestRequired: true, responses: { '200': ok('SignedUrl', 'The pre-signed URL descriptor.') } },
  message_list: {
    query: {
      ...PAGE,
      echo: q('boolean', "Include the caller's own messages (same Client-ID)."),
      include_claimed: q('boolean', 'Include claimed messages.'),
      include_delayed: q('boolean', 'Include messages still delayed.'),
      ids: q('string', 'Comma-separated ids: get these messages (any state) instead of a page.'),
    },
    responses: { '200': ok('MessageList') },
  },
  message_post: { request: 'MessagePost', requestRequired: true, responses: { '201': ok('MessagesPosted', 'The hrefs of the messages, in request order.') } },
  message_delete_many: {
    query: {
      ids: q('string', 'Comma-separated ids to delete.'),
      pop: q('integer', 'Remove and return up to this many free messages, oldest first.'),
      claim_ids: q('string', 'With message_delete_with_claim_id: the claims holding the ids.'),
    },
    responses: { '200': ok('PoppedMessages', '`pop`: the messages removed.'), '204': { description: '`ids`: deleted; no body.' } },
  },
  message_get: { responses: { '200': ok('Message') } },
  message_delete: { query: { claim_id: q('string', 'The claim holding the message (required when it is claimed).') }, responses: { '204': NO_CONTENT } },
  claim_create: {
    query: {
      limit: q('integer', 'Messages to claim (1 to max_messages_per_claim_or_pop, default 10).'),
    },
    request: 'ClaimRequest',
    responses: { '201': ok('ClaimedMessages', 'The messages claimed (Location names the claim).'), '204': { description: 'Nothing to claim; no body.' } },
  },
  claim_get: { responses: { '200': ok('Claim') } },
  claim_update: { request: 'ClaimRequest', requestRequired: true, responses: { '204': { description: 'Renewed; no body.' } } },
  claim_delete: { responses: { '204': { description: 'Released; no body.' } } },
  subscription_list: { query: PAGE, responses: { '200': ok('SubscriptionList') } },
  subscription_create: {
    request: 'SubscriptionCreate',
    responses: { '201': ok('SubscriptionCreated', 'The new (or the unconfirmed existing) subscription.') },
  },
  subscription_get: { responses: { '200': ok('Subscription') } },
  subscription_update: { request: 'SubscriptionUpdate', requestRequired: true, responses: { '204': { description: 'Updated; no body.' } } },
  subscription_delete: { responses: { '204': NO_CONTENT } },
  subscription_confirm: {
    request: 'SubscriptionConfirm',
    requestRequired: true,
    responses: { '204': { description: 'Confirmed (or unconfirmed); no body.' } },
  },
  pool_list: { query: LISTING, responses: { '200': ok('PoolList') } },
  pool_get: { query: { detailed: LISTING.detailed }, responses: { '200': ok('Pool') } },
  pool_create: { request: 'PoolCreate', requestRequired: true, responses: { '201': created('Pool (or replaced)') } },
  pool_update: { request: 'PoolUpdate', requestRequired: true, responses: { '200': ok('Pool', 'The pool after the update.') } },
  pool_delete: { responses: { '204': NO_CONTENT } },
  flavor_list: { query: LISTING, responses: { '200': ok('FlavorList') } },
  flavor_get: { responses: { '200': ok('Flavor') } },
  flavor_create: { request: 'FlavorWrite', requestRequired: true, responses: { '201': created('Flavor') } },
  flavor_update: { request: 'FlavorWrite', requestRequired: true, responses: { '200': ok('Flavor', 'The flavor after the update.') } },
  flavor_delete: { responses: { '204': NO_CONTENT } },
  topic_list: { query: QUEUE.list, responses: { '200': ok('TopicList') } },
  topic_get: QUEUE.get,
  topic_create: QUEUE.create,
  topic_update: QUEUE.update,
  topic_delete: { responses: { '204': NO_CONTENT } },
  topic_stats: QUEUE.stats,
  topic_purge: QUEUE.purge,
};

/** The bodies of `route`; throws for a route the table does not describe. */
export function bodiesOf(route: Route): OperationBodies {
  const key = route.operation ? `${route.operation}${route.method === 'HEAD' ? '_head' : ''}` : `${route.method} ${route.path}`;
  const bodies = TABLE[key];
  if (!bodies) throw new Error(`No OpenAPI bodies for ${route.method} ${route.path} (${key}): add it to openapi-operations.ts`);
  return bodies;
}
