/**
 * The v2 JSON-home document (`GET /v2/`), entry for entry
 * as the reference serves it, including its oddities (a `limit` var on
 * `rel/subscriptions_post`, `href-template` without vars on `rel/ping`,
 * plain `href` on `rel/health`).
 */

type Resource = Record<string, unknown>;

const Q = { queue_name: 'param/queue_name' };

/** One relation; `acceptPost` adds the `accept-post` hint. */
function rel(template: string, vars: Record<string, string> | undefined, allow: string[], acceptPost = false): Resource {
  const hints: Record<string, unknown> = { allow, formats: { 'application/json': {} } };
  if (acceptPost) hints['accept-post'] = ['application/json'];
  return vars ? { 'href-template': template, 'href-vars': vars, hints } : { 'href-template': template, hints };
}

const QUEUE = '/v2/queues/{queue_name}';
const CLAIM = `${QUEUE}/claims/{claim_id}`;
const CLAIM_VARS = { ...Q, claim_id: 'param/claim_id' };
const SUBSCRIPTION = `${QUEUE}/subscriptions/{subscriptions_id}`;
const SUBSCRIPTION_VARS = { ...Q, subscriptions_id: 'param/subscriptions_id' };

const PUBLIC_RESOURCES: Record<string, Resource> = {
  'rel/queues': rel('/v2/queues{?marker,limit,detailed}', { marker: 'param/marker', limit: 'param/queue_limit', detailed: 'param/detailed' }, ['GET']),
  'rel/queue': rel(QUEUE, Q, ['GET', 'PUT', 'DELETE', 'PATCH']),
  'rel/queue_stats': rel(`${QUEUE}/stats`, Q, ['GET']),
  'rel/queue_share': rel(`${QUEUE}/share`, Q, ['POST'], true),
  'rel/queue_purge': rel(`${QUEUE}/purge`, Q, ['POST'], true),
  'rel/messages': rel(
    `${QUEUE}/messages{?marker,limit,echo,include_claimed}`,
    { ...Q, marker: 'param/marker', limit: 'param/messages_limit', echo: 'param/echo', include_claimed: 'param/include_claimed' },
    ['GET'],
  ),
  'rel/post_messages': rel(`${QUEUE}/messages`, Q, ['POST'], true),
  'rel/messages_delete': rel(`${QUEUE}/messages{?ids,pop}`, { ...Q, ids: 'param/ids', pop: 'param/pop' }, ['DELETE']),
  'rel/message_delete': rel(`${QUEUE}/messages/{message_id}{?claim}`, { ...Q, message_id: 'param/message_id', claim: 'param/claim_id' }, ['DELETE']),
  'rel/message_get': rel(`${QUEUE}/messages/{message_id}`, { ...Q, message_id: 'param/message_id' }, ['GET']),
  'rel/claim': rel(CLAIM, CLAIM_VARS, ['GET']),
  'rel/post_claim': rel(`${QUEUE}/claims{?limit}`, { ...Q, limit: 'param/claim_limit' }, ['POST'], true),
  'rel/patch_claim': rel(CLAIM, CLAIM_VARS, ['PATCH'], true),
  'rel/delete_claim': rel(CLAIM, CLAIM_VARS, ['DELETE']),
  'rel/subscriptions_get': rel(`${QUEUE}/subscriptions{?marker,limit}`, { ...Q, marker: 'param/marker', limit: 'param/subscription_limit' }, ['GET']),
  'rel/subscriptions_post': rel(`${QUEUE}/subscriptions`, { ...Q, limit: 'param/subscription_limit' }, ['POST'], true),
  'rel/subscription': rel(SUBSCRIPTION, SUBSCRIPTION_VARS, ['GET', 'DELETE']),
  'rel/subscription_patch': rel(SUBSCRIPTION, SUBSCRIPTION_VARS, ['PATCH'], true),
  'rel/ping': rel('/v2/ping', undefined, ['GET']),
};

const ADMIN_RESOURCES: Record<string, Resource> = {
  'rel/pools': rel('/v2/pools{?detailed,limit,marker}', { detailed: 'param/detailed', limit: 'param/pool_limit', marker: 'param/marker' }, ['GET']),
  'rel/pool': rel('/v2/pools/{pool_name}', { pool_name: 'param/pool_name' }, ['GET', 'PUT', 'PATCH', 'DELETE']),
  'rel/flavors': rel('/v2/flavors{?detailed,limit,marker}', { detailed: 'param/detailed', limit: 'param/flavor_limit', marker: 'param/marker' }, ['GET']),
  'rel/flavor': rel('/v2/flavors/{flavor_name}', { flavor_name: 'param/flavor_name' }, ['GET', 'PUT', 'PATCH', 'DELETE']),
  'rel/health': { href: '/v2/health', hints: { allow: ['GET'], formats: { 'application/json': {} } } },
};

/** The home document; admin relations (pools, flavors, health) only with `[DEFAULT] admin_mode`. */
export function homeDocument(adminMode: boolean): { resources: Record<string, Resource> } {
  return { resources: adminMode ? { ...PUBLIC_RESOURCES, ...ADMIN_RESOURCES } : { ...PUBLIC_RESOURCES } };
}

/** The version list of `GET /` (only v2 is served). */
export const VERSIONS_DOCUMENT = Object.freeze({
  versions: [
    {
      id: '2',
      status: 'CURRENT',
      updated: '2014-9-24T04:06:47Z',
      'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.messaging-v2+json' }],
      links: [{ href: '/v2/', rel: 'self' }],
    },
  ],
});
