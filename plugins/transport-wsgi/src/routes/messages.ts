import type { Route } from './route';

const MESSAGES = '/v2/queues/:queue_name/messages';
const MESSAGE = `${MESSAGES}/:message_id`;

/** Message routes (spec §8); handlers delegate to the shared request layer. */
export const messagesRoutes: Route[] = [
  {
    method: 'GET',
    path: MESSAGES,
    operation: 'message_list',
    handle: (r, api) => api.messages.list(r.ctx, r.params.queue_name, r.query),
  },
  {
    method: 'POST',
    path: MESSAGES,
    operation: 'message_post',
    bodyLimit: 'max_messages_post_size',
    handle: (r, api) => api.messages.post(r.ctx, r.params.queue_name, r.body),
  },
  {
    method: 'DELETE',
    path: MESSAGES,
    operation: 'message_delete_many',
    handle: (r, api) => api.messages.deleteMany(r.ctx, r.params.queue_name, r.query),
  },
  {
    method: 'GET',
    path: MESSAGE,
    operation: 'message_get',
    handle: (r, api) => api.messages.get(r.ctx, r.params.queue_name, r.params.message_id),
  },
  {
    method: 'DELETE',
    path: MESSAGE,
    operation: 'message_delete',
    handle: (r, api) => api.messages.delete(r.ctx, r.params.queue_name, r.params.message_id, r.query),
  },
];
