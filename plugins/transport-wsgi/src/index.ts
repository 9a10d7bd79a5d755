import {
  authorizerFrom,
  CLUSTER_METRICS,
  NOTIFICATION_DELIVERIES,
  type PluginContext,
  type PluginModule,
  resolveOptionalToken,
  resolveToken,
  SERVICE_COUNTERS,
  TOKENS,
  type TransportDriver,
} from '@zaqarjs/core';
import { createHttpServer } from './http-server';

/**
 * The `wsgi` transport plugin (entry point `zaqar.transport: wsgi`): the v2
 * HTTP API over the shared request layer, authenticated by the registered
 * authenticator and authorized by the registered policy. Its
 * `[drivers:transport:wsgi]` options (bind, port) are declared by core.
 */
export function create(ctx: PluginContext): TransportDriver {
  const api = resolveToken(ctx.container, TOKENS.REQUEST_API);
  // resolveToken() throws when no authenticator is registered: a wiring error stops startup.
  const authenticator = resolveToken(ctx.container, TOKENS.AUTHENTICATOR);
  const data = resolveToken(ctx.container, TOKENS.MESSAGE_STORE);
  const cluster = resolveOptionalToken(ctx.container, CLUSTER_METRICS);
  const counters = resolveOptionalToken(ctx.container, SERVICE_COUNTERS);
  // Read only: the notification stage owns these counts (absent when the stage is not configured).
  const deliveries = resolveOptionalToken(ctx.container, NOTIFICATION_DELIVERIES)?.counts;
  return createHttpServer(api, ctx.conf, ctx.logger, { authenticator, authorize: authorizerFrom(ctx.container), data, cluster, counters, deliveries });
}

const plugin: PluginModule<TransportDriver> = { create };
export default plugin;

export { createHttpServer, HttpTransport, type HttpServerOptions } from './http-server';
export type { Authorize } from './hooks/authorizer';
export { allRoutes } from './routes';
export type { Route, RouteRequest, BodyLimitOption } from './routes/route';
