/**
 * Every operation of the API and the policy rule that guards it — the one
 * table both transports authorize through (an HTTP route and a websocket
 * action name an operation, never a rule), so a policy.yaml applies the same
 * way to both. Rule names and defaults: default-rules.ts.
 * `null`: public, no policy check (the version list and the home document).
 */
export const OPERATION_RULES = Object.freeze({
  versions: null,
  home_document: null,
  ping: 'ping:get',
  health: 'health:get',

  queue_list: 'queues:get_all',
  queue_create: 'queues:create',
  queue_get: 'queues:get',
  queue_update: 'queues:update',
  queue_delete: 'queues:delete',
  queue_stats: 'queues:stats',
  queue_purge: 'queues:purge',
  queue_share: 'queues:share',

  message_list: 'messages:get_all',
  message_get_many: 'messages:get_all',
  message_post: 'messages:create',
  message_get: 'messages:get',
  message_delete: 'messages:delete',
  message_delete_many: 'messages:delete_all',
  message_pop: 'messages:delete_all',

  claim_create: 'claims:create',
  claim_get: 'claims:get',
  claim_update: 'claims:update',
  claim_delete: 'claims:delete',

  subscription_list: 'subscription:get_all',
  subscription_create: 'subscription:create',
  subscription_get: 'subscription:get',
  subscription_update: 'subscription:update',
  subscription_delete: 'subscription:delete',
  subscription_confirm: 'subscription:confirm',

  topic_list: 'topics:get_all',
  topic_create: 'topics:create',
  topic_get: 'topics:get',
  topic_update: 'topics:update',
  topic_delete: 'topics:delete',
  topic_stats: 'topics:stats',
  topic_purge: 'topics:purge',

  pool_list: 'pools:get_all',
  pool_create: 'pools:create',
  pool_get: 'pools:get',
  pool_update: 'pools:update',
  pool_delete: 'pools:delete',

  flavor_list: 'flavors:get_all',
  flavor_create: 'flavors:create',
  flavor_get: 'flavors:get',
  flavor_update: 'flavors:update',
  flavor_delete: 'flavors:delete',
} as const satisfies Record<string, string | null>);

/** One operation of the API (e.g. `message_post`). */
export type Operation = keyof typeof OPERATION_RULES;

/** Whether `name` is an operation of the table. */
export function isOperation(name: string): name is Operation {
  return Object.prototype.hasOwnProperty.call(OPERATION_RULES, name);
}

/** The rule guarding `operation`, or null for a public one. */
export function ruleOf(operation: Operation): string | null {
  return OPERATION_RULES[operation];
}
