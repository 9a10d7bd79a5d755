import { apiErrors } from '@zaqarjs/core';
import { intParam, nextLink, stringParam, SUBSCRIPTION_EXISTS_ON_CREATE } from '@zaqarjs/core/api';
import type { Route } from './route';

const COLLECTION = '/v2/queues/:queue_name/subscriptions';
const ITEM = `${COLLECTION}/:subscription_id`;

const collectionPath = (queue: string) => `/v2/queues/${queue}/subscriptions`;
const itemPath = (queue: string, id: string) => `${collectionPath(queue)}/${encodeURIComponent(id)}`;

/** Subscription routes: the request layer's typed operations, rendered for HTTP. */
export const subscriptionsRoutes: Route[] = [
  {
    method: 'GET',
    path: COLLECTION,
    operation: 'subscription_list',
    handle: async (r, api) => {
      const queue = r.params.queue_name;
      const limit = intParam(r.query, 'limit');
      const marker = stringParam(r.query, 'marker');
      const page = await api.subscriptions.list(r.ctx, queue, { marker, limit });
      const links = page.items.length === 0 ? [] : [{ rel: 'next', href: nextLink(collectionPath(queue), { limit }, page.marker ?? marker ?? '') }];
      return { status: 200, body: { subscriptions: page.items, links } };
    },
  },
  {
    method: 'POST',
    path: COLLECTION,
    operation: 'subscription_create',
    // 201 `{"subscription_id"}` for a new or an unconfirmed duplicate; 409 for a confirmed duplicate.
    handle: async (r, api) => {
      const queue = r.params.queue_name;
      const { id, subscriber } = await api.subscriptions.create(r.ctx, queue, r.body);
      const location = { location: collectionPath(queue) };
      // Both 201s (re)send the confirmation request when confirmation is required (semantics §19.7).
      if (id !== null) {
        await api.subscriptions.requestConfirmation(r.ctx, queue, id);
        return { status: 201, body: { subscription_id: id }, headers: location };
      }
      const existing = await api.subscriptions.existing(r.ctx, queue, subscriber);
      if (existing.confirmed !== false) throw apiErrors.conflict(SUBSCRIPTION_EXISTS_ON_CREATE, location);
      await api.subscriptions.requestConfirmation(r.ctx, queue, existing.id);
      return { status: 201, body: { subscription_id: existing.id }, headers: location };
    },
  },
  {
    method: 'GET',
    path: ITEM,
    operation: 'subscription_get',
    handle: async (r, api) => ({ status: 200, body: await api.subscriptions.get(r.ctx, r.params.queue_name, r.params.subscription_id) }),
  },
  {
    method: 'PATCH',
    path: ITEM,
    operation: 'subscription_update',
    handle: async (r, api) => {
      await api.subscriptions.update(r.ctx, r.params.queue_name, r.params.subscription_id, r.body);
      return { status: 204, headers: { location: itemPath(r.params.queue_name, r.params.subscription_id) } };
    },
  },
  {
    method: 'DELETE',
    path: ITEM,
    operation: 'subscription_delete',
    handle: async (r, api) => {
      await api.subscriptions.delete(r.ctx, r.params.queue_name, r.params.subscription_id);
      return { status: 204 };
    },
  },
  {
    method: 'PUT',
    path: `${ITEM}/confirm`,
    operation: 'subscription_confirm',
    handle: async (r, api) => {
      await api.subscriptions.confirm(r.ctx, r.params.queue_name, r.params.subscription_id, r.body);
      return { status: 204, headers: { location: `${itemPath(r.params.queue_name, r.params.subscription_id)}/confirm` } };
    },
  },
];
