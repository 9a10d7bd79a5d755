import type { DefaultConf } from '@zaqarjs/core';
import type { Route } from './route';

/** Version list, home document, ping and health (spec §4, §5). */
export const systemRoutes: Route[] = [
  // The only public route: no Client-ID, project or authentication needed, no policy (configuration.md §22).
  { method: 'GET', path: '/', operation: 'versions', handle: async (_r, api) => api.system.versions() },
  { method: 'GET', path: '/v2/', operation: 'home_document', handle: async (_r, api) => api.system.homeDocument() },
  { method: 'GET', path: '/v2/ping', operation: 'ping', handle: (_r, api) => api.system.ping('GET') },
  { method: 'HEAD', path: '/v2/ping', operation: 'ping', handle: (_r, api) => api.system.ping('HEAD') },
  {
    method: 'GET',
    path: '/v2/health',
    operation: 'health',
    enabled: (conf) => conf.group<DefaultConf>('DEFAULT').admin_mode,
    handle: (_r, api) => api.system.health(),
  },
];
