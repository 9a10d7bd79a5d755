import type { Route } from './route';

const QUEUE = '/v2/queues/:queue_name';

/** Queue routes (spec §6); handlers delegate to the shared request layer. */
export const queuesRoutes: Route[] = [
  { method: 'GET', path: '/v2/queues', policy: 'queues:get_all', handle: (r, api) => api.queues.list(r.ctx, r.query) },
  { method: 'GET', path: QUEUE, policy: 'queues:get', handle: (r, api) => api.queues.get(r.ctx, r.params.queue_name) },
  {
    method: 'PUT',
    path: QUEUE,
    policy: 'queues:create',
    bodyLimit: 'max_queue_metadata',
    handle: (r, api) => api.queues.create(r.ctx, r.params.queue_name, r.body),
  },
  {
    method: 'PATCH',
    path: QUEUE,
    policy: 'queues:update',
    bodyLimit: 'max_queue_metadata',
    handle: (r, api) => api.queues.update(r.ctx, r.params.queue_name, r.body, r.headers['content-type']),
  },
  { method: 'DELETE', path: QUEUE, policy: 'queues:delete', handle: (r, api) => api.queues.delete(r.ctx, r.params.queue_name) },
  { method: 'GET', path: `${QUEUE}/stats`, policy: 'queues:stats', handle: (r, api) => api.queues.stats(r.ctx, r.params.queue_name) },
  { method: 'POST', path: `${QUEUE}/purge`, policy: 'queues:purge', handle: (r, api) => api.queues.purge(r.ctx, r.params.queue_name, r.body) },
];
