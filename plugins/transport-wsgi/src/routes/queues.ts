import { type QueueListItem, type QueueStats, type TransportConf } from '@zaqarjs/core';
import {
  type ApiResult,
  boolParam,
  intParam,
  isoSeconds,
  nextLink,
  purgeTypesOf,
  type Query,
  type RequestApi,
  stringParam,
  withReservedDefaults,
} from '@zaqarjs/core/api';
import type { Route, RouteRequest } from './route';

const QUEUES_PATH = '/v2/queues';
const QUEUE = `${QUEUES_PATH}/:queue_name`;
const LISTING_PARAMS = new Set(['marker', 'limit', 'detailed', 'name', 'with_count']);

const limits = (api: RequestApi) => api.deps.conf.group<TransportConf>('transport');

/** The non-listing parameters of a queue listing, as sent: they filter on metadata. */
function filterParams(query: Query): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) {
    if (!LISTING_PARAMS.has(key) && value !== undefined && value !== '') params[key] = value;
  }
  return params;
}

/** Metadata filters: integer-looking values compare as numbers, like the reference. */
function metadataFilters(params: Record<string, string>): Record<string, unknown> | undefined {
  const entries = Object.entries(params).map(([key, value]) => [key, /^\s*[+-]?\d+\s*$/.test(value) ? Number(value) : value]);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** `GET /v2/queues`: names with hrefs (and metadata plus reserved defaults when `detailed`), a next link, the count when asked. */
async function listQueues(r: RouteRequest, api: RequestApi): Promise<ApiResult> {
  const { query } = r;
  const marker = stringParam(query, 'marker');
  const limit = intParam(query, 'limit');
  const detailed = boolParam(query, 'detailed');
  const name = stringParam(query, 'name');
  const withCount = boolParam(query, 'with_count');
  const sentFilters = filterParams(query);
  const { queues, marker: next, count } = await api.queues.list(r.ctx, { marker, limit, detailed, name, filters: metadataFilters(sentFilters), withCount });
  const params = { ...sentFilters, limit, detailed: query.detailed ? detailed : undefined, name, with_count: query.with_count ? withCount : undefined };
  const links = queues.length > 0 ? [{ rel: 'next', href: nextLink(QUEUES_PATH, params, next ?? marker ?? '') }] : [];
  const listItem = (queue: QueueListItem): Record<string, unknown> => {
    const item: Record<string, unknown> = { name: queue.name, href: `${QUEUES_PATH}/${queue.name}` };
    if (detailed) item.metadata = withReservedDefaults(queue.metadata ?? {}, limits(api));
    return item;
  };
  const body: Record<string, unknown> = { queues: queues.map(listItem), links };
  if (withCount && count) body.count = count;
  return { status: 200, body };
}

/** The `messages` of `GET /v2/queues/{name}/stats`: zeros for a missing or empty queue; oldest/newest with href and ISO `created`. */
function statsView(name: string, stats: QueueStats | undefined): Record<string, unknown> {
  if (!stats || stats.total === 0) return { claimed: 0, free: 0, total: 0 };
  const view: Record<string, unknown> = { claimed: stats.claimed, free: stats.free, total: stats.total };
  const ref = (m: { id: string; age: number; created: number }) => ({
    href: `${QUEUES_PATH}/${name}/messages/${m.id}`,
    age: m.age,
    created: isoSeconds(m.created),
  });
  if (stats.oldest) view.oldest = ref(stats.oldest);
  if (stats.newest) view.newest = ref(stats.newest);
  return view;
}

/** Queue routes: the request layer's typed operations, rendered for HTTP. */
export const queuesRoutes: Route[] = [
  { method: 'GET', path: QUEUES_PATH, operation: 'queue_list', handle: listQueues },
  {
    method: 'GET',
    path: QUEUE,
    operation: 'queue_get',
    // Stored metadata plus reserved defaults, also for a missing queue.
    handle: async (r, api) => ({ status: 200, body: withReservedDefaults(await api.queues.get(r.ctx, r.params.queue_name), limits(api)) }),
  },
  {
    method: 'PUT',
    path: QUEUE,
    operation: 'queue_create',
    bodyLimit: 'max_queue_metadata',
    handle: async (r, api) => {
      const { created } = await api.queues.create(r.ctx, r.params.queue_name, r.body);
      return { status: created ? 201 : 204, headers: { location: `${QUEUES_PATH}/${r.params.queue_name}` } };
    },
  },
  {
    method: 'PATCH',
    path: QUEUE,
    operation: 'queue_update',
    bodyLimit: 'max_queue_metadata',
    handle: async (r, api) => {
      const metadata = await api.queues.update(r.ctx, r.params.queue_name, r.body, r.headers['content-type']);
      return { status: 200, body: withReservedDefaults(metadata, limits(api)) };
    },
  },
  {
    method: 'DELETE',
    path: QUEUE,
    operation: 'queue_delete',
    handle: async (r, api) => {
      await api.queues.delete(r.ctx, r.params.queue_name);
      return { status: 204 };
    },
  },
  {
    method: 'GET',
    path: `${QUEUE}/stats`,
    operation: 'queue_stats',
    handle: async (r, api) => ({ status: 200, body: { messages: statsView(r.params.queue_name, await api.queues.stats(r.ctx, r.params.queue_name)) } }),
  },
  {
    method: 'POST',
    path: `${QUEUE}/purge`,
    operation: 'queue_purge',
    handle: async (r, api) => {
      await api.queues.purge(r.ctx, r.params.queue_name, purgeTypesOf(r.body));
      return { status: 204 };
    },
  },
];
