import { isZaqarError, type TransportConf } from '@zaqarjs/core';
import {
  type ApiResult,
  boolParam,
  idempotencyKeyOf,
  intParam,
  listParam,
  nextLink,
  noMessagesWithIds,
  popView,
  stringParam,
  type RequestApi,
} from '@zaqarjs/core/api';
import { messagesPath, messageView } from './message-views';
import type { Route, RouteRequest } from './route';

const MESSAGES = '/v2/queues/:queue_name/messages';
const MESSAGE = `${MESSAGES}/:message_id`;

/** `GET /v2/queues/{q}/messages`: get-by-ids when `ids` is given, else a listing. */
function listMessages(r: RouteRequest, api: RequestApi): Promise<ApiResult> {
  const ids = listParam(r.query, 'ids');
  return ids === undefined ? listPage(r, api) : getMany(r, api, ids);
}

async function listPage(r: RouteRequest, api: RequestApi): Promise<ApiResult> {
  const { query } = r;
  const queue = r.params.queue_name;
  const marker = stringParam(query, 'marker');
  const limit = intParam(query, 'limit');
  const sent = {
    limit,
    echo: query.echo ? boolParam(query, 'echo') : undefined,
    include_claimed: query.include_claimed ? boolParam(query, 'include_claimed') : undefined,
    include_delayed: query.include_delayed ? boolParam(query, 'include_delayed') : undefined,
  };
  const request = { marker, limit, echo: sent.echo, includeClaimed: sent.include_claimed, includeDelayed: sent.include_delayed };
  const page = await api.messages.list(r.ctx, queue, request).catch((error: unknown) => {
    if (isZaqarError(error, 'ZAQAR_QUEUE_DOES_NOT_EXIST')) return { messages: [], marker: undefined, includeDelayed: request.includeDelayed };
    throw error;
  });
  // Without a queue delay the delay filter is off, and the next link says so (reference behaviour).
  if (page.includeDelayed) sent.include_delayed = true;
  const messages = page.messages.map((m) => messageView(m, queue));
  const links = messages.length > 0 ? [{ rel: 'next', href: nextLink(messagesPath(queue), sent, page.marker ?? marker ?? '') }] : [];
  return { status: 200, body: { messages, links } };
}

async function getMany(r: RouteRequest, api: RequestApi, ids: string[]): Promise<ApiResult> {
  const queue = r.params.queue_name;
  const found = await api.messages.getMany(r.ctx, queue, ids);
  if (found.length === 0) throw noMessagesWithIds(ids, queue, r.ctx.project);
  return { status: 200, body: { messages: found.map((m) => messageView(m, queue)) } };
}

/** `DELETE /v2/queues/{q}/messages` with `ids` (204) or `pop` (200). */
async function deleteMany(r: RouteRequest, api: RequestApi): Promise<ApiResult> {
  const { query } = r;
  const claimIds = api.deps.conf.group<TransportConf>('transport').message_delete_with_claim_id ? listParam(query, 'claim_ids') : undefined;
  const { popped } = await api.messages.deleteMany(r.ctx, r.params.queue_name, { ids: listParam(query, 'ids'), claimIds, pop: intParam(query, 'pop') });
  return popped ? { status: 200, body: { messages: popped.map(popView) } } : { status: 204 };
}

/** Message routes: the request layer's typed operations, rendered for HTTP. */
export const messagesRoutes: Route[] = [
  { method: 'GET', path: MESSAGES, operation: 'message_list', handle: listMessages },
  {
    method: 'POST',
    path: MESSAGES,
    operation: 'message_post',
    bodyLimit: 'max_messages_post_size',
    // 201 with the hrefs in request order; a repeat under the same Idempotency-Key gets the first post's.
    handle: async (r, api) => {
      const ids = await api.messages.post(r.ctx, r.params.queue_name, r.body, idempotencyKeyOf(r.headers['idempotency-key']));
      const path = messagesPath(r.params.queue_name);
      return { status: 201, headers: { location: `${path}?ids=${ids.join(',')}` }, body: { resources: ids.map((id) => `${path}/${id}`) } };
    },
  },
  { method: 'DELETE', path: MESSAGES, operation: 'message_delete_many', handle: deleteMany },
  {
    method: 'GET',
    path: MESSAGE,
    operation: 'message_get',
    handle: async (r, api) => ({
      status: 200,
      body: messageView(await api.messages.get(r.ctx, r.params.queue_name, r.params.message_id), r.params.queue_name),
    }),
  },
  {
    method: 'DELETE',
    path: MESSAGE,
    operation: 'message_delete',
    handle: async (r, api) => {
      await api.messages.delete(r.ctx, r.params.queue_name, r.params.message_id, stringParam(r.query, 'claim_id'));
      return { status: 204 };
    },
  },
];
