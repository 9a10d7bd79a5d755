import { claimsRoutes } from './claims';
import { messagesRoutes } from './messages';
import { openapiRoute } from './openapi';
import { poolsRoutes } from './pools';
import { queuesRoutes } from './queues';
import type { Route } from './route';
import { shareRoutes } from './share';
import { subscriptionsRoutes } from './subscriptions';
import { systemRoutes } from './system';
import { topicsRoutes } from './topics';

/** Version of the API document (`info.version`): the package's. */
const API_DOCUMENT_VERSION = '0.1.0';

/** Every route of the v2 HTTP API. */
export const allRoutes: readonly Route[] = [
  ...systemRoutes,
  ...queuesRoutes,
  ...messagesRoutes,
  ...claimsRoutes,
  ...subscriptionsRoutes,
  ...shareRoutes,
  ...poolsRoutes,
  ...topicsRoutes,
  openapiRoute(() => allRoutes, API_DOCUMENT_VERSION),
];
export type { Route, RouteRequest } from './route';
