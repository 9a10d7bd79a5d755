import type { Route } from './route';

/** Pre-signed URL creation; verification of signed requests runs in the request pipeline. */
export const shareRoutes: Route[] = [
  {
    method: 'POST',
    path: '/v2/queues/:queue_name/share',
    operation: 'queue_share',
    handle: async (r, api) => ({ status: 200, body: api.share.create(r.ctx, r.params.queue_name, r.body) }),
  },
];
