import type { DefaultConf } from '@zaqarjs/core';
import type { Route } from './route';

/** The home document's own content type and a one-day cache. */
const HOME_HEADERS = Object.freeze({ 'content-type': 'application/json-home', 'cache-control': 'max-age=86400' });

/** Version list, home document, ping and health. */
export const systemRoutes: Route[] = [
  // The only public route: no Client-ID, project or authentication needed, no policy.
  { method: 'GET', path: '/', operation: 'versions', handle: async (_r, api) => ({ status: 300, body: api.system.versions() }) },
  {
    method: 'GET',
    path: '/v2/',
    operation: 'home_document',
    handle: async (_r, api) => ({ status: 200, body: api.system.homeDocument(), headers: { ...HOME_HEADERS } }),
  },
  // 204 when the message store answers, 503 with no body otherwise.
  { method: 'GET', path: '/v2/ping', operation: 'ping', handle: async (_r, api) => ({ status: (await api.system.ping()) ? 204 : 503 }) },
  // HEAD does not ask the store: always 204.
  { method: 'HEAD', path: '/v2/ping', operation: 'ping', handle: async () => ({ status: 204 }) },
  {
    method: 'GET',
    path: '/v2/health',
    operation: 'health',
    enabled: (conf) => conf.group<DefaultConf>('DEFAULT').admin_mode,
    handle: async (_r, api) => ({ status: 200, body: await api.system.health() }),
  },
];
