import { claimsRoutes } from './claims';
import { messagesRoutes } from './messages';
import { poolsRoutes } from './pools';
import { queuesRoutes } from './queues';
import type { Route } from './route';
import { shareRoutes } from './share';
import { subscriptionsRoutes } from './subscriptions';
import { systemRoutes } from './system';
import { topicsRoutes } from './topics';

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
];
export type { Route, RouteRequest } from './route';
