/**
 * Prometheus metrics of the HTTP transport (`[drivers:transport:wsgi] metrics`),
 * served at `GET /metrics` on the wsgi port. Per request the cost is a map
 * lookup and two increments on cached label children (no allocation); queue
 * depth is read from the store only when scraped, for the largest
 * `metrics_top_queues` of the queues this process served recently (bounded
 * label cardinality: route patterns, not paths; at most N queues). As a
 * cluster worker a scrape gathers every worker's registry (as JSON, through the
 * primary) and answers with prom-client's aggregation: counters summed, queue
 * depth the largest value seen (every worker reads the same store).
 */
import type { ServerResponse } from 'node:http';
import type { ClusterMetrics, DataDriver, DeliveryCounts, Logger, ServiceCounters } from '@zaqarjs/core';
import { AggregatorRegistry, Counter, Gauge, Histogram, Registry, collectDefaultMetrics, type MetricObjectWithValues, type MetricValue } from 'prom-client';
import type { Outcome } from './error-response';
import { registerLatencyHistogram } from './latency-metric';

/** How many recently served queues are remembered as depth candidates. */
const TRACKED_QUEUES = 256;

type Child = { inc(n?: number): void };
type Timer = { observe(v: number): void };

/** What the metrics read besides the requests they observe. */
export interface HttpMetricsSources {
  /** The message store, read for queue depth at scrape time. */
  data?: DataDriver;
  /** How many of the largest tracked queues get a depth series. */
  topQueues: number;
  /** As a cluster worker: every worker's snapshot, gathered at scrape time. */
  cluster?: ClusterMetrics;
  /** Websocket and garbage-collection counts of this process, read at scrape time. */
  counters?: ServiceCounters;
  /** Notification delivery counts of this process, read at scrape time. */
  deliveries?: Readonly<DeliveryCounts>;
}

export class HttpMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly duration: Histogram<'method' | 'route'>;
  private readonly messages: Counter<'event'>;
  private readonly claims: Counter<'outcome'>;
  private readonly counted = new Map<string, Child>();
  private readonly timed = new Map<string, Timer>();
  private readonly queues = new Map<string, { project: string; queue: string }>();
  private readonly posted: Child;
  private readonly claimed: Child;
  private readonly deleted: Child;
  private readonly data?: DataDriver;
  private readonly topQueues: number;
  private readonly cluster?: ClusterMetrics;
  /** HTTP 503s (store failures) by `METHOD route`; few keys, counted off the success path. */
  private readonly storeErrors = new Map<string, number>();

  constructor(sources: HttpMetricsSources, logger: Logger) {
    this.data = sources.data;
    this.topQueues = sources.topQueues;
    this.cluster = sources.cluster;
    this.cluster?.provide(() => this.registry.getMetricsAsJSON());
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'zaqar_' });
    this.requests = new Counter({
      name: 'zaqar_http_requests_total',
      help: 'HTTP requests by method, route pattern and status.',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.duration = new Histogram({
      name: 'zaqar_http_request_duration_seconds',
      help: 'HTTP request latency by method and route pattern.',
      labelNames: ['method', 'route'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.messages = new Counter({
      name: 'zaqar_messages_total',
      help: 'Messages posted, claimed and deleted through this transport.',
      labelNames: ['event'],
      registers,
    });
    this.claims = new Counter({
      name: 'zaqar_claims_total',
      help: 'Claim requests by outcome (messages: got some; empty: none available).',
      labelNames: ['outcome'],
      registers,
    });
    this.posted = this.messages.labels('posted');
    this.claimed = this.messages.labels('claimed');
    this.deleted = this.messages.labels('deleted');
    registerReadMetrics(registers, sources, this.storeErrors);
    const largest = () => this.largestQueues(logger);
    new Gauge({
      name: 'zaqar_queue_messages',
      help: 'Messages in the largest recently served queues, by state (total, claimed, free).',
      labelNames: ['project', 'queue', 'state'],
      registers,
      aggregator: 'max',
      async collect() {
        this.reset();
        for (const { project, queue, stats } of await largest()) {
          this.labels(project, queue, 'total').set(stats.total);
          this.labels(project, queue, 'claimed').set(stats.claimed);
          this.labels(project, queue, 'free').set(stats.free);
        }
      },
    });
  }

  /** Records one answered request; `route` is the matched pattern (`unmatched` for none). */
  observe(
    method: string,
    route: string,
    status: number,
    ms: number,
    outcome: Outcome,
    params?: Readonly<Record<string, string>>,
    project?: string,
    rawQuery = '',
  ): void {
    const key = `${method} ${route} ${status}`;
    let counter = this.counted.get(key);
    if (!counter) this.counted.set(key, (counter = this.requests.labels(method, route, String(status))));
    counter.inc();
    const timerKey = `${method} ${route}`;
    let timer = this.timed.get(timerKey);
    if (!timer) this.timed.set(timerKey, (timer = this.duration.labels(method, route)));
    timer.observe(ms / 1000);
    if (status === 503) this.storeErrors.set(timerKey, (this.storeErrors.get(timerKey) ?? 0) + 1);
    if (status >= 300 || !route.startsWith('/v2/queues/:queue_name')) return;
    const body = outcome.body as { resources?: unknown[]; messages?: unknown[] } | undefined;
    if (route === '/v2/queues/:queue_name/messages') {
      if (method === 'POST') this.posted.inc(body?.resources?.length ?? 0);
      // Pop answers with the messages; delete by ids answers 204, so the ids are counted.
      else if (method === 'DELETE') this.deleted.inc(body?.messages?.length ?? idsIn(rawQuery));
    } else if (route === '/v2/queues/:queue_name/messages/:message_id' && method === 'DELETE') {
      this.deleted.inc();
    } else if (route === '/v2/queues/:queue_name/claims' && method === 'POST') {
      const got = body?.messages?.length ?? 0;
      this.claimed.inc(got);
      this.claims.labels(got > 0 ? 'messages' : 'empty').inc();
    }
    if (project && params?.queue_name) this.track(project, params.queue_name);
  }

  /** Writes the exposition text. */
  async serve(res: ServerResponse): Promise<void> {
    const text = this.cluster ? await this.clusterText(this.cluster) : await this.registry.metrics();
    res.writeHead(200, { 'content-type': this.registry.contentType, 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  private async clusterText(cluster: ClusterMetrics): Promise<string> {
    const snapshots = (await cluster.gather()) as MetricObjectWithValues<MetricValue<string>>[][];
    // No worker answered (the primary is gone): this worker's own counts are better than nothing.
    if (snapshots.length === 0) return this.registry.metrics();
    return AggregatorRegistry.aggregate(snapshots).metrics();
  }

  private track(project: string, queue: string): void {
    const key = `${project}/${queue}`;
    if (this.queues.has(key)) this.queues.delete(key);
    else if (this.queues.size >= TRACKED_QUEUES) this.queues.delete(this.queues.keys().next().value as string);
    this.queues.set(key, { project, queue });
  }

  private async largestQueues(logger: Logger) {
    if (!this.data || this.topQueues === 0) return [];
    const found = await Promise.all(
      [...this.queues.values()].map(async ({ project, queue }) => {
        try {
          return { project, queue, stats: await this.data!.messages.stats(project, queue) };
        } catch (error) {
          logger.debug({ err: error, project, queue }, 'Queue depth not read');
          return undefined;
        }
      }),
    );
    return found
      .filter((entry) => entry !== undefined)
      .sort((a, b) => b.stats.total - a.stats.total)
      .slice(0, this.topQueues);
  }
}

/**
 * The series read from plain counts at scrape time (websocket, store errors,
 * notification deliveries, garbage collection): the parts that keep them pay
 * an increment and need no metrics library.
 */
function registerReadMetrics(registers: Registry[], sources: HttpMetricsSources, httpStoreErrors: ReadonlyMap<string, number>): void {
  const { counters, deliveries } = sources;
  new Gauge({
    name: 'zaqar_websocket_connections',
    help: 'Websocket connections open now.',
    registers,
    collect() {
      this.set(counters?.websocketConnections ?? 0);
    },
  });
  new Counter({
    name: 'zaqar_websocket_requests_total',
    help: 'Websocket requests answered, by action (invalid: not an action name) and status.',
    labelNames: ['action', 'status'],
    registers,
    collect() {
      this.reset();
      for (const [key, n] of counters?.websocketRequests ?? []) {
        const [action, status] = key.split(' ');
        this.labels(action, status).inc(n);
      }
    },
  });
  registerLatencyHistogram(
    registers,
    'zaqar_websocket_request_duration_seconds',
    'Websocket request latency (frame received to answer ready) by action family (queue, message, claim, subscription, pool, flavor...) and status.',
    ['family', 'status'],
    () => counters?.websocketLatency,
  );
  new Counter({
    name: 'zaqar_store_errors_total',
    help: 'Requests answered 503 (the store failed or could not be reached), by transport and operation; transport gc: failed garbage collections.',
    labelNames: ['transport', 'operation'],
    registers,
    collect() {
      this.reset();
      for (const [operation, n] of httpStoreErrors) this.labels('wsgi', operation).inc(n);
      for (const [key, n] of counters?.websocketRequests ?? []) {
        const [action, status] = key.split(' ');
        if (status === '503') this.labels('websocket', action).inc(n);
      }
      for (const [key, n] of counters?.backgroundStoreErrors ?? []) {
        const [source, operation] = key.split(' ');
        this.labels(source, operation).inc(n);
      }
    },
  });
  new Counter({
    name: 'zaqar_notifications_total',
    help: 'Notification deliveries by outcome (delivered; failed: undeliverable; dropped: queue full; retried: attempts retried).',
    labelNames: ['outcome'],
    registers,
    collect() {
      this.reset();
      for (const outcome of ['delivered', 'failed', 'dropped', 'retried'] as const) this.labels(outcome).inc(deliveries?.[outcome] ?? 0);
    },
  });
  registerLatencyHistogram(
    registers,
    'zaqar_notification_attempt_duration_seconds',
    'Notification delivery attempts: seconds from the hand-off to a delivery worker until the subscriber answered (or the attempt failed), by outcome.',
    ['outcome'],
    () => deliveries?.latency,
  );
  new Counter({
    name: 'zaqar_expired_removed_total',
    help: 'Expired rows removed by the garbage collector, by kind (messages, claims, subscriptions, idempotency_keys; unsplit: a store that reports one total).',
    labelNames: ['kind'],
    registers,
    collect() {
      this.reset();
      for (const [kind, n] of Object.entries(counters?.expiredRemoved ?? {})) this.labels(kind).inc(n ?? 0);
    },
  });
}

/** Number of ids in a `?ids=a,b,c` query (repeated `ids` parameters add up). */
function idsIn(rawQuery: string): number {
  let count = 0;
  for (const part of rawQuery.split('&')) {
    if (part.startsWith('ids='))
      count += decodeURIComponent(part.slice(4))
        .split(',')
        .filter((id) => id !== '').length;
  }
  return count;
}
