import { intParam } from '@zaqarjs/core/api';
import { messageView } from './message-views';
import type { Route } from './route';

const CLAIMS = '/v2/queues/:queue_name/claims';
const CLAIM = `${CLAIMS}/:claim_id`;

/** `/v2/queues/{queue}/claims`. */
const claimsPath = (queue: string) => `/v2/queues/${queue}/claims`;

/** Claim routes: the request layer's typed operations, rendered for HTTP. */
export const claimsRoutes: Route[] = [
  {
    method: 'POST',
    path: CLAIMS,
    operation: 'claim_create',
    // 201 with the claimed messages, 204 when none (after up to `?wait=N` seconds of long-poll, an extension).
    handle: async (r, api) => {
      const queue = r.params.queue_name;
      const limit = intParam(r.query, 'limit');
      const wait = r.query.wait;
      const create = (signal?: AbortSignal) => api.claims.create(r.ctx, queue, limit, r.body, { wait, signal });
      const claim = wait !== undefined && r.whileConnected ? await r.whileConnected(create) : await create();
      if (!claim) return { status: 204 };
      return {
        status: 201,
        headers: { location: `${claimsPath(queue)}/${claim.id}` },
        body: { messages: claim.messages.map((m) => messageView(m, queue, claim.id)) },
      };
    },
  },
  {
    method: 'GET',
    path: CLAIM,
    operation: 'claim_get',
    handle: async (r, api) => {
      const { queue_name: queue, claim_id: claimId } = r.params;
      const info = await api.claims.get(r.ctx, queue, claimId);
      const messages = info.messages.map((m) => messageView(m, queue, claimId));
      return { status: 200, body: { age: info.age, ttl: info.ttl, messages, href: `${claimsPath(queue)}/${claimId}` } };
    },
  },
  {
    method: 'PATCH',
    path: CLAIM,
    operation: 'claim_update',
    handle: async (r, api) => {
      await api.claims.update(r.ctx, r.params.queue_name, r.params.claim_id, r.body);
      return { status: 204 };
    },
  },
  {
    method: 'DELETE',
    path: CLAIM,
    operation: 'claim_delete',
    handle: async (r, api) => {
      await api.claims.delete(r.ctx, r.params.queue_name, r.params.claim_id);
      return { status: 204 };
    },
  },
];
