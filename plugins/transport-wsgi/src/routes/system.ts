import type { DefaultConf } from '@zaqarjs/core';
import type { Route } from './route';

/** Version list, home document, ping and health (spec §4, §5). */
export const systemRoutes: Route[] = [
  // The only public route: no Client-ID or project needed, no policy (configuration.md §22).
  { method: 'GET', path: '/', handle: async (_r, api) => api.system.versions() },
  { method: 'GET', path: '/v2/', handle: async (_r, api) => api.system.homeDocument() },
  { method: 'GET', path: '/v2/ping', policy: 'ping:get', handle: (_r, api) => api.system.ping('GET') },
  { method: 'HEAD', path: '/v2/ping', policy: 'ping:get', handle: (_r, api) => api.system.ping('HEAD') },
  {
    method: 'GET',
    path: '/v2/health',
    policy: 'health:get',
    enabled: (conf) => conf.group<DefaultConf>('DEFAULT').admin_mode,
    handle: (_r, api) => api.system.health(),
  },
];
