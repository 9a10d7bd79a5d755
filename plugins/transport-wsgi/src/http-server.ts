import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import {
  authenticatorFor,
  type Authenticator,
  type ClusterMetrics,
  type Conf,
  type DeliveryCounts,
  type ServiceCounters,
  type DataDriver,
  type Logger,
  type TransportDriver,
} from '@zaqarjs/core';
import { type RequestApi } from '@zaqarjs/core/api';
import { RequestPipeline } from './dispatch/request-pipeline';
import { RouteTable } from './dispatch/route-table';
import type { Authorize } from './hooks/authorizer';
import { ConnectionDrain } from './http/connection-drain';
import { CorsPolicy } from './http/cors';
import { HttpMetrics } from './http/metrics';
import { allRoutes } from './routes';
import type { Route } from './routes/route';

/** `[drivers:transport:wsgi]`. */
interface WsgiConf {
  bind: string;
  port: number;
  metrics: boolean;
  metrics_top_queues: number;
}

/** Optional parts of the HTTP server; tests mostly pass `port: 0`. */
export interface HttpServerOptions {
  /**
   * Who requests are (the composition root passes the `[DEFAULT] auth_strategy`
   * plugin). Absent: noauth when that is what the configuration says, else
   * construction fails — never serving unauthenticated by omission.
   */
  authenticator?: Authenticator;
  /** Policy check; every rule allows when absent. */
  authorize?: Authorize;
  /** Overrides `[drivers:transport:wsgi] bind`. */
  host?: string;
  /** Overrides `[drivers:transport:wsgi] port` (0: any free port). */
  port?: number;
  /** Routes to serve instead of the full API (tests). */
  routes?: readonly Route[];
  /** The message store, read for queue depth when metrics are on. */
  data?: DataDriver;
  /** As a cluster worker: a scrape answers with the sum over every worker. */
  cluster?: ClusterMetrics;
  /** Websocket and garbage-collection counts, exposed when metrics are on. */
  counters?: ServiceCounters;
  /** Notification delivery counts, exposed when metrics are on. */
  deliveries?: Readonly<DeliveryCounts>;
}

/** The HTTP transport: a TransportDriver that also exposes its bound address. */
export class HttpTransport implements TransportDriver {
  readonly server: Server;
  private readonly drain: ConnectionDrain;
  private address?: { host: string; port: number };

  constructor(
    api: RequestApi,
    private readonly conf: Conf,
    logger: Logger,
    private readonly options: HttpServerOptions = {},
  ) {
    const wsgi = conf.group<WsgiConf>('drivers:transport:wsgi');
    const metrics = wsgi.metrics ? new HttpMetrics({ ...options, topQueues: wsgi.metrics_top_queues }, logger) : undefined;
    const routes = new RouteTable(options.routes ?? allRoutes, conf);
    const pipeline = new RequestPipeline({
      metrics,
      api,
      conf,
      logger,
      routes,
      authenticator: authenticatorFor(conf, options.authenticator),
      authorize: options.authorize,
      cors: corsPolicy(conf),
    });
    const app = expressShell(pipeline, metrics, logger);
    // Requests the route table knows go straight from node:http to the pipeline: Express costs a
    // large share of a request here and the pipeline uses only node:http. The bench sets
    // ZAQARJS_HTTP_VIA_EXPRESS=1 on a second server to measure that share.
    const direct = process.env.ZAQARJS_HTTP_VIA_EXPRESS !== '1';
    this.server = createServer((req, res) => {
      if (!this.drain.admit(req, res)) return;
      const match = direct ? routes.match(pathOf(req.url)) : undefined;
      if (match) void pipeline.handle(req, res, match);
      else app(req, res);
    });
    this.drain = new ConnectionDrain(this.server);
  }

  /** Starts listening; resolves with the bound address. */
  listen(): Promise<{ host: string; port: number }> {
    const wsgi = this.conf.group<WsgiConf>('drivers:transport:wsgi');
    const host = this.options.host ?? wsgi.bind;
    const port = this.options.port ?? wsgi.port;
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const bound = this.server.address() as AddressInfo;
        this.address = { host: bound.address, port: bound.port };
        resolve(this.address);
      });
    });
  }

  /** Base URL of the listening server, e.g. `http://127.0.0.1:34567`. */
  get url(): string {
    if (!this.address) throw new Error('The HTTP transport is not listening');
    const host = this.address.host.includes(':') ? `[${this.address.host}]` : this.address.host;
    return `http://${host}:${this.address.port}`;
  }

  /**
   * Stops accepting at once; in-flight requests finish (answered with `Connection: close`),
   * idle keep-alive connections are closed; after `graceMs` the remaining ones are dropped.
   */
  close(graceMs = 5000): Promise<void> {
    if (!this.server.listening && !this.address) return Promise.resolve();
    return this.drain.close(graceMs);
  }
}

/**
 * Express serves what the route table does not: `/metrics` and unmatched paths (whose 404 the
 * pipeline words, after authentication as the reference does). One handler each, no body
 * parser, no query parser, no etag.
 */
function expressShell(pipeline: RequestPipeline, metrics: HttpMetrics | undefined, logger: Logger): Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.set('query parser', false);
  // Before authentication: Prometheus scrapers carry no token (the option's help says to keep the port internal).
  app.use((req, res, next) => {
    if (!metrics || req.method !== 'GET' || req.url !== '/metrics') return next();
    metrics.serve(res).catch((error: unknown) => {
      logger.error({ err: error }, 'Metrics could not be collected');
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  app.use((req, res) => void pipeline.handle(req, res));
  return app;
}

function pathOf(url = '/'): string {
  const at = url.indexOf('?');
  return at < 0 ? url : url.slice(0, at);
}

function corsPolicy(conf: Conf): CorsPolicy | undefined {
  const policy = new CorsPolicy(conf);
  return policy.enabled ? policy : undefined;
}

/** Builds the HTTP transport over a request layer without the composition root (tests, embedding). */
export function createHttpServer(api: RequestApi, conf: Conf, logger: Logger, options?: HttpServerOptions): HttpTransport {
  return new HttpTransport(api, conf, logger, options);
}
