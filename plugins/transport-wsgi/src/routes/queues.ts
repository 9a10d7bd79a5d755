import type { Route } from './route';

const QUEUE = '/v2/queues/:queue_name';

/** Queue routes (spec §6); handlers delegate to the shared request layer. */
export const queuesRoutes: Route[] = [
  { method: 'GET', path: '/v2/queues', operation: 'queue_list', handle: (r, api) => api.queues.list(r.ctx, r.query) },
  { method: 'GET', path: QUEUE, operation: 'queue_get', handle: (r, api) => api.queues.get(r.ctx, r.params.queue_name) },
  {
    method: 'PUT',
    path: QUEUE,
    operation: 'queue_create',
    bodyLimit: 'max_queue_metadata',
    handle: (r, api) => api.queues.create(r.ctx, r.params.queue_name, r.body),
  },
  {
    method: 'PATCH',
    path: QUEUE,
    operation: 'queue_update',
    bodyLimit: 'max_queue_metadata',
    handle: (r, api) => api.queues.update(r.ctx, r.params.queue_name, r.body, r.headers['content-type']),
  },
  { method: 'DELETE', path: QUEUE, operation: 'queue_delete', handle: (r, api) => api.queues.delete(r.ctx, r.params.queue_name) },
  { method: 'GET', path: `${QUEUE}/stats`, operation: 'queue_stats', handle: (r, api) => api.queues.stats(r.ctx, r.params.queue_name) },
  { method: 'POST', path: `${QUEUE}/purge`, operation: 'queue_purge', handle: (r, api) => api.queues.purge(r.ctx, r.params.queue_name, r.body) },
];
