import type { Conf, DefaultConf } from '@zaqarjs/core';
import { boolParam, intParam, stringParam, type ApiResult, type FlavorView, type PoolView, type Query } from '@zaqarjs/core/api';
import type { Route, RouteRequest } from './route';

const POOLS = '/v2/pools';
const FLAVORS = '/v2/flavors';

/** Pools and flavors are served with `[DEFAULT] admin_mode` and `pooling` both on. */
const pooling = (conf: Conf): boolean => {
  const defaults = conf.group<DefaultConf>('DEFAULT');
  return defaults.admin_mode && defaults.pooling;
};

/** The request URI relative to the host (falcon's `relative_uri`), for Content-Location. */
function relativeUri(r: RouteRequest): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(r.query)) if (value !== undefined) search.append(key, value);
  const text = search.toString();
  return text ? `${r.path}?${text}` : r.path;
}

/** The listing parameters as sent (marker, limit, detailed), then the next marker: the reference's `store` dict order. */
function nextHref(path: string, query: Query, limit: number | undefined, detailed: boolean, next: string): string {
  const params: [string, string][] = [];
  if (stringParam(query, 'marker') !== undefined) params.push(['marker', next]);
  if (limit !== undefined) params.push(['limit', String(limit)]);
  if (stringParam(query, 'detailed') !== undefined) params.push(['detailed', String(detailed)]);
  if (!params.some(([key]) => key === 'marker')) params.push(['marker', next]);
  return `${path}?${new URLSearchParams(params).toString()}`;
}

const poolItem = (pool: PoolView) => ({ ...pool, href: `${POOLS}/${pool.name}` });
const flavorItem = ({ name, pool_list, capabilities }: FlavorView) => ({ name, href: `${FLAVORS}/${name}`, pool_list, capabilities });

/** `/v2/pools` and `/v2/flavors` (http-api-v2.md §12–§13). */
export const poolsRoutes: Route[] = [
  {
    method: 'GET',
    path: POOLS,
    operation: 'pool_list',
    enabled: pooling,
    handle: async (r, api): Promise<ApiResult> => {
      const limit = intParam(r.query, 'limit');
      const detailed = boolParam(r.query, 'detailed');
      const page = await api.pools.list(r.ctx, { marker: stringParam(r.query, 'marker'), limit, detailed });
      const links = page.items.length > 0 ? [{ rel: 'next', href: nextHref(POOLS, r.query, limit, detailed, page.marker ?? '') }] : [];
      return { status: 200, body: { links, pools: page.items.map(poolItem) }, headers: { 'content-location': relativeUri(r) } };
    },
  },
  {
    method: 'GET',
    path: `${POOLS}/:pool_name`,
    operation: 'pool_get',
    enabled: pooling,
    handle: async (r, api) => ({ status: 200, body: poolItem(await api.pools.get(r.ctx, r.params.pool_name, boolParam(r.query, 'detailed'))) }),
  },
  {
    method: 'PUT',
    path: `${POOLS}/:pool_name`,
    operation: 'pool_create',
    enabled: pooling,
    handle: async (r, api) => {
      await api.pools.create(r.ctx, r.params.pool_name, r.body);
      return { status: 201, headers: { location: `${POOLS}/${r.params.pool_name}` } };
    },
  },
  {
    method: 'PATCH',
    path: `${POOLS}/:pool_name`,
    operation: 'pool_update',
    enabled: pooling,
    handle: async (r, api) => ({ status: 200, body: poolItem(await api.pools.update(r.ctx, r.params.pool_name, r.body)) }),
  },
  {
    method: 'DELETE',
    path: `${POOLS}/:pool_name`,
    operation: 'pool_delete',
    enabled: pooling,
    handle: async (r, api) => {
      await api.pools.delete(r.ctx, r.params.pool_name);
      return { status: 204 };
    },
  },
  {
    method: 'GET',
    path: FLAVORS,
    operation: 'flavor_list',
    enabled: pooling,
    handle: async (r, api): Promise<ApiResult> => {
      const limit = intParam(r.query, 'limit');
      const detailed = boolParam(r.query, 'detailed');
      const page = await api.flavors.list(r.ctx, { marker: stringParam(r.query, 'marker'), limit, detailed });
      const links = page.items.length > 0 ? [{ rel: 'next', href: nextHref(FLAVORS, r.query, limit, detailed, page.marker ?? '') }] : [];
      return { status: 200, body: { links, flavors: page.items.map(flavorItem) }, headers: { 'content-location': relativeUri(r) } };
    },
  },
  {
    method: 'GET',
    path: `${FLAVORS}/:flavor_name`,
    operation: 'flavor_get',
    enabled: pooling,
    handle: async (r, api) => ({ status: 200, body: { ...(await api.flavors.get(r.ctx, r.params.flavor_name)), href: `${FLAVORS}/${r.params.flavor_name}` } }),
  },
  {
    method: 'PUT',
    path: `${FLAVORS}/:flavor_name`,
    operation: 'flavor_create',
    enabled: pooling,
    handle: async (r, api) => {
      await api.flavors.create(r.ctx, r.params.flavor_name, r.body);
      return { status: 201, headers: { location: `${FLAVORS}/${r.params.flavor_name}` } };
    },
  },
  {
    method: 'PATCH',
    path: `${FLAVORS}/:flavor_name`,
    operation: 'flavor_update',
    enabled: pooling,
    handle: async (r, api) => {
      const flavor = await api.flavors.update(r.ctx, r.params.flavor_name, r.body);
      return { status: 200, body: { name: flavor.name, capabilities: flavor.capabilities, pool_list: flavor.pool_list, href: `${FLAVORS}/${flavor.name}` } };
    },
  },
  {
    method: 'DELETE',
    path: `${FLAVORS}/:flavor_name`,
    operation: 'flavor_delete',
    enabled: pooling,
    handle: async (r, api) => {
      await api.flavors.delete(r.ctx, r.params.flavor_name);
      return { status: 204 };
    },
  },
];
