import type { Route } from './route';

const CLAIMS = '/v2/queues/:queue_name/claims';
const CLAIM = `${CLAIMS}/:claim_id`;

/** Claim routes (spec §9); handlers delegate to the shared request layer. */
export const claimsRoutes: Route[] = [
  {
    method: 'POST',
    path: CLAIMS,
    operation: 'claim_create',
    handle: (r, api) => api.claims.create(r.ctx, r.params.queue_name, r.query, r.body),
  },
  { method: 'GET', path: CLAIM, operation: 'claim_get', handle: (r, api) => api.claims.get(r.ctx, r.params.queue_name, r.params.claim_id) },
  {
    method: 'PATCH',
    path: CLAIM,
    operation: 'claim_update',
    handle: (r, api) => api.claims.update(r.ctx, r.params.queue_name, r.params.claim_id, r.body),
  },
  {
    method: 'DELETE',
    path: CLAIM,
    operation: 'claim_delete',
    handle: (r, api) => api.claims.delete(r.ctx, r.params.queue_name, r.params.claim_id),
  },
];
