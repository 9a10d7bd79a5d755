import type { Route } from './route';

const COLLECTION = '/v2/queues/:queue_name/subscriptions';
const ITEM = `${COLLECTION}/:subscription_id`;

/** Subscription routes (spec §10); handlers delegate to the shared request layer. */
export const subscriptionsRoutes: Route[] = [
  {
    method: 'GET',
    path: COLLECTION,
    operation: 'subscription_list',
    handle: (r, api) => api.subscriptions.list(r.ctx, r.params.queue_name, r.query),
  },
  {
    method: 'POST',
    path: COLLECTION,
    operation: 'subscription_create',
    handle: (r, api) => api.subscriptions.create(r.ctx, r.params.queue_name, r.body),
  },
  {
    method: 'GET',
    path: ITEM,
    operation: 'subscription_get',
    handle: (r, api) => api.subscriptions.get(r.ctx, r.params.queue_name, r.params.subscription_id),
  },
  {
    method: 'PATCH',
    path: ITEM,
    operation: 'subscription_update',
    handle: (r, api) => api.subscriptions.update(r.ctx, r.params.queue_name, r.params.subscription_id, r.body),
  },
  {
    method: 'DELETE',
    path: ITEM,
    operation: 'subscription_delete',
    handle: (r, api) => api.subscriptions.delete(r.ctx, r.params.queue_name, r.params.subscription_id),
  },
  {
    method: 'PUT',
    path: `${ITEM}/confirm`,
    operation: 'subscription_confirm',
    handle: (r, api) => api.subscriptions.confirm(r.ctx, r.params.queue_name, r.params.subscription_id, r.body),
  },
];
