import type { Route } from './route';

const COLLECTION = '/v2/queues/:queue_name/subscriptions';
const ITEM = `${COLLECTION}/:subscription_id`;

/** Subscription routes (spec §10); handlers delegate to the shared request layer. */
export const subscriptionsRoutes: Route[] = [
  {
    method: 'GET',
    path: COLLECTION,
    policy: 'subscription:get_all',
    handle: (r, api) => api.subscriptions.list(r.ctx, r.params.queue_name, r.query),
  },
  {
    method: 'POST',
    path: COLLECTION,
    policy: 'subscription:create',
    handle: (r, api) => api.subscriptions.create(r.ctx, r.params.queue_name, r.body),
  },
  {
    method: 'GET',
    path: ITEM,
    policy: 'subscription:get',
    handle: (r, api) => api.subscriptions.get(r.ctx, r.params.queue_name, r.params.subscription_id),
  },
  {
    method: 'PATCH',
    path: ITEM,
    policy: 'subscription:update',
    handle: (r, api) => api.subscriptions.update(r.ctx, r.params.queue_name, r.params.subscription_id, r.body),
  },
  {
    method: 'DELETE',
    path: ITEM,
    policy: 'subscription:delete',
    handle: (r, api) => api.subscriptions.delete(r.ctx, r.params.queue_name, r.params.subscription_id),
  },
  {
    method: 'PUT',
    path: `${ITEM}/confirm`,
    policy: 'subscription:confirm',
    handle: (r, api) => api.subscriptions.confirm(r.ctx, r.params.queue_name, r.params.subscription_id, r.body),
  },
];
