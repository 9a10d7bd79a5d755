/**
 * Prometheus metrics of the HTTP transport (`[drivers:transport:wsgi] metrics`),
 * served at `GET /metrics` on the wsgi port. Per request the cost is two map
 * updates and a few increments of plain counts, turned into series only when
 * scraped (prom-client's label children hash their labels on every call); queue
 * depth is read from the store only when scraped, for the largest
 * `metrics_top_queues` of the queues this process served recently (bounded
 * label cardinality: route patterns, not paths; at most N queues). As a
 * cluster worker a scrape gathers every worker's registry (as JSON, through the
 * primary) and answers with prom-client's aggregation, counters summed; queue
 * depth is then read once, by that worker, for the queues any worker served.
 */
import type { ServerResponse } from 'node:http';
import {
  observeLatency,
  type ClusterMetrics,
  type DataDriver,
  type DeliveryCounts,
  type LatencyCounts,
  type Logger,
  type ServiceCounters,
} from '@zaqarjs/core';
import { AggregatorRegistry, Counter, Gauge, Registry, collectDefaultMetrics, type MetricObjectWithValues, type MetricValue } from 'prom-client';
import type { Outcome } from './error-response';
import { registerLatencyHistogram } from './latency-metric';

/** How many recently served queues are remembered as depth candidates. */
const TRACKED_QUEUES = 256;

interface TrackedQueue {
  project: string;
  queue: string;
}

/** What a cluster worker gives a scrape: its registry (queue depth left out) and the queues it served recently. */
interface WorkerSnapshot {
  metrics: MetricObjectWithValues<MetricValue<string>>[];
  queues: TrackedQueue[];
}

const DEPTH_NAME = 'zaqar_queue_messages';
/** Queue depth read in t ms is reused for this many times t (see largestQueues). */
const DEPTH_REUSE_FACTOR = 300;
const DEPTH_HELP = 'Messages in the largest recently served queues, by state (total, claimed, free).';

interface QueueDepth extends TrackedQueue {
  stats: { total: number; claimed: number; free: number };
}

/** Fills the depth gauge with each queue's total, claimed and free counts. */
function setDepth(gauge: Gauge<'project' | 'queue' | 'state'>, queues: readonly QueueDepth[]): void {
  for (const { project, queue, stats } of queues) {
    gauge.labels(project, queue, 'total').set(stats.total);
    gauge.labels(project, queue, 'claimed').set(stats.claimed);
    gauge.labels(project, queue, 'free').set(stats.free);
  }
}

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
  /** Requests answered, keyed `METHOD route status`: plain increments, read at scrape time (prom-client's children hash their labels on every call). */
  private readonly requests = new Map<string, number>();
  /** Request latency, keyed `METHOD route`. */
  private readonly latency = new Map<string, LatencyCounts>();
  /** Messages posted, claimed and deleted; claim requests that got messages or none. */
  private readonly tally = { posted: 0, claimed: 0, deleted: 0, claimsWithMessages: 0, claimsEmpty: 0 };
  private readonly queues = new Map<string, TrackedQueue>();
  private readonly data?: DataDriver;
  private readonly topQueues: number;
  private readonly cluster?: ClusterMetrics;
  /** HTTP 503s (store failures) by `METHOD route`; few keys, counted off the success path. */
  private readonly storeErrors = new Map<string, number>();
  private readonly logger: Logger;
  /** The last depth read, reused until `until` (performance.now() ms). */
  private lastDepth?: { queues: QueueDepth[]; until: number };

  constructor(sources: HttpMetricsSources, logger: Logger) {
    this.data = sources.data;
    this.topQueues = sources.topQueues;
    this.cluster = sources.cluster;
    this.cluster?.provide(async (): Promise<WorkerSnapshot> => ({ metrics: await this.registry.getMetricsAsJSON(), queues: [...this.queues.values()] }));
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'zaqar_' });
    const { requests, tally } = this;
    new Counter({
      name: 'zaqar_http_requests_total',
      help: 'HTTP requests by method, route pattern and status.',
      labelNames: ['method', 'route', 'status'],
      registers,
      collect() {
        this.reset();
        for (const [key, n] of requests) {
          const [method, route, status] = key.split(' ');
          this.labels(method, route, status).inc(n);
        }
      },
    });
    registerLatencyHistogram(
      registers,
      'zaqar_http_request_duration_seconds',
      'HTTP request latency by method and route pattern.',
      ['method', 'route'],
      () => this.latency,
    );
    new Counter({
      name: 'zaqar_messages_total',
      help: 'Messages posted, claimed and deleted through this transport.',
      labelNames: ['event'],
      registers,
      collect() {
        this.reset();
        this.labels('posted').inc(tally.posted);
        this.labels('claimed').inc(tally.claimed);
        this.labels('deleted').inc(tally.deleted);
      },
    });
    new Counter({
      name: 'zaqar_claims_total',
      help: 'Claim requests by outcome (messages: got some; empty: none available).',
      labelNames: ['outcome'],
      registers,
      collect() {
        this.reset();
        if (tally.claimsWithMessages > 0) this.labels('messages').inc(tally.claimsWithMessages);
        if (tally.claimsEmpty > 0) this.labels('empty').inc(tally.claimsEmpty);
      },
    });
    registerReadMetrics(registers, sources, this.storeErrors);
    // In a cluster the worker answering the scrape reads the depth once, for every worker's queues (clusterText).
    const largest = () => (this.cluster ? Promise.resolve([]) : this.largestQueues(this.queues.values()));
    new Gauge({
      name: DEPTH_NAME,
      help: DEPTH_HELP,
      labelNames: ['project', 'queue', 'state'],
      registers,
      aggregator: 'max',
      async collect() {
        this.reset();
        setDepth(this, await largest());
      },
    });
    this.logger = logger;
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
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
    const timerKey = `${method} ${route}`;
    observeLatency(this.latency, timerKey, ms / 1000);
    if (status === 503) this.storeErrors.set(timerKey, (this.storeErrors.get(timerKey) ?? 0) + 1);
    if (status >= 300 || !route.startsWith('/v2/queues/:queue_name')) return;
    const body = outcome.body as { resources?: unknown[]; messages?: unknown[] } | undefined;
    const { tally } = this;
    if (route === '/v2/queues/:queue_name/messages') {
      if (method === 'POST') tally.posted += body?.resources?.length ?? 0;
      // Pop answers with the messages; delete by ids answers 204, so the ids are counted.
      else if (method === 'DELETE') tally.deleted += body?.messages?.length ?? idsIn(rawQuery);
    } else if (route === '/v2/queues/:queue_name/messages/:message_id' && method === 'DELETE') {
      tally.deleted++;
    } else if (route === '/v2/queues/:queue_name/claims' && method === 'POST') {
      const got = body?.messages?.length ?? 0;
      tally.claimed += got;
      if (got > 0) tally.claimsWithMessages++;
      else tally.claimsEmpty++;
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
    const snapshots = (await cluster.gather()) as WorkerSnapshot[];
    // No worker answered (the primary is gone): this worker's own counts are better than nothing.
    if (snapshots.length === 0) return this.registry.metrics();
    // Queue depth: read once here for the queues any worker served, not by every worker (they share the store).
    const candidates = new Map<string, TrackedQueue>();
    for (const { queues } of snapshots) for (const q of queues) candidates.set(`${q.project}/${q.queue}`, q);
    const depth = new Gauge({ name: DEPTH_NAME, help: DEPTH_HELP, labelNames: ['project', 'queue', 'state'], registers: [], aggregator: 'max' });
    setDepth(depth, await this.largestQueues(candidates.values()));
    return AggregatorRegistry.aggregate([...snapshots.map((s) => s.metrics), [await depth.get()]]).metrics();
  }

  private track(project: string, queue: string): void {
    const key = `${project}/${queue}`;
    if (this.queues.has(key)) this.queues.delete(key);
    else if (this.queues.size >= TRACKED_QUEUES) this.queues.delete(this.queues.keys().next().value as string);
    this.queues.set(key, { project, queue });
  }

  /**
   * The `topQueues` largest of `candidates`, with their stats. Counting a deep queue reads
   * every message (on SQLite under post load about 1.5 ms per 1,000, blocking this worker's
   * event loop meanwhile: 150 ms for 90,000), so the result is reused for DEPTH_REUSE_FACTOR
   * times as long as the read took: depth costs at most a third of a percent of a core however
   * often Prometheus scrapes, and is at most that old (0.3 s per ms of reading; 45 s there).
   * With a reuse of 100x, post1 with a scrape a second measured 93-94 % of its metrics-off twin.
   */
  private async largestQueues(candidates: Iterable<TrackedQueue>): Promise<QueueDepth[]> {
    if (!this.data || this.topQueues === 0) return [];
    const now = performance.now();
    if (this.lastDepth && now < this.lastDepth.until) return this.lastDepth.queues;
    const found = await Promise.all(
      [...candidates].map(async ({ project, queue }) => {
        try {
          return { project, queue, stats: await this.data!.messages.stats(project, queue) };
        } catch (error) {
          this.logger.debug({ err: error, project, queue }, 'Queue depth not read');
          return undefined;
        }
      }),
    );
    const queues = found
      .filter((entry) => entry !== undefined)
      .sort((a, b) => b.stats.total - a.stats.total)
      .slice(0, this.topQueues);
    const done = performance.now();
    this.lastDepth = { queues, until: done + DEPTH_REUSE_FACTOR * (done - now) };
    return queues;
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
