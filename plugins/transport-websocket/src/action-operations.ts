import type { Operation } from '@zaqarjs/core';

/**
 * The operation of core's table each websocket action performs, so policy
 * applies to it exactly as to the HTTP route of that operation. An action
 * missing here is refused (403): a new action cannot skip policy by omission.
 * `authenticate` has its own gate.
 */
export const ACTION_OPERATIONS: Readonly<Record<string, Operation>> = {
  get_home_doc: 'home_document',
  ping_node: 'ping',
  check_node_health: 'health',
  queue_list: 'queue_list',
  queue_create: 'queue_create',
  queue_get: 'queue_get',
  queue_delete: 'queue_delete',
  queue_get_stats: 'queue_stats',
  queue_purge: 'queue_purge',
  message_list: 'message_list',
  message_get: 'message_get',
  message_get_many: 'message_get_many',
  message_post: 'message_post',
  message_delete: 'message_delete',
  message_delete_many: 'message_delete_many',
  claim_create: 'claim_create',
  claim_get: 'claim_get',
  claim_update: 'claim_update',
  claim_delete: 'claim_delete',
  // An extension: the stream claims under the claim_create rule.
  claim_stream: 'claim_create',
  subscription_list: 'subscription_list',
  subscription_create: 'subscription_create',
  subscription_get: 'subscription_get',
  subscription_delete: 'subscription_delete',
  pool_list: 'pool_list',
  pool_create: 'pool_create',
  pool_update: 'pool_update',
  pool_get: 'pool_get',
  pool_delete: 'pool_delete',
  flavor_list: 'flavor_list',
  flavor_create: 'flavor_create',
  flavor_update: 'flavor_update',
  flavor_get: 'flavor_get',
  flavor_delete: 'flavor_delete',
};
