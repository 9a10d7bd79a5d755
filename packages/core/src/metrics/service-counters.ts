/**
 * Counts kept with plain increments by parts that do not serve metrics (the
 * websocket transport, the garbage collector), read by the transport that
 * does at scrape time. Core and those plugins thus need no metrics library,
 * and the hot path pays one map update at most.
 */
import type { GarbageTally } from '../storage/garbage';
import { token, type Token } from '../tokens';

export interface ServiceCounters {
  /** Websocket connections open now. */
  websocketConnections: number;
  /** Websocket requests answered, keyed `action status` (`invalid` for an action name that is not one). */
  readonly websocketRequests: Map<string, number>;
  /** Websocket request latency, keyed `family status` (family: the action's first word, e.g. `message` for `message_post`). */
  readonly websocketLatency: Map<string, LatencyCounts>;
  /** Rows removed by this process's garbage collector, by kind (expired messages, claims, subscriptions, idempotency keys). */
  readonly expiredRemoved: GarbageTally;
  /** Store failures outside requests, keyed `source operation` (e.g. `gc collect_garbage`): logged, and counted here. */
  readonly backgroundStoreErrors: Map<string, number>;
}

/** Upper bounds (seconds) of the latency buckets; the same as the HTTP request histogram's. */
export const LATENCY_BUCKETS: readonly number[] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** A latency histogram as plain counts: `buckets[i]` counts observations in (LATENCY_BUCKETS[i-1], LATENCY_BUCKETS[i]]; above the last, only `count`. */
export interface LatencyCounts {
  readonly buckets: number[];
  sum: number;
  count: number;
}

/** Adds one observation of `seconds` under `key`. */
export function observeLatency(histograms: Map<string, LatencyCounts>, key: string, seconds: number): void {
  let counts = histograms.get(key);
  if (!counts) histograms.set(key, (counts = { buckets: LATENCY_BUCKETS.map(() => 0), sum: 0, count: 0 }));
  const i = LATENCY_BUCKETS.findIndex((bound) => seconds <= bound);
  if (i >= 0) counts.buckets[i]++;
  counts.sum += seconds;
  counts.count++;
}

/** Adds a whole histogram (`counts`, e.g. one another thread kept) into `histograms[key]`. */
export function addLatency(histograms: Map<string, LatencyCounts>, key: string, counts: LatencyCounts): void {
  const mine = histograms.get(key);
  if (!mine) return void histograms.set(key, { buckets: [...counts.buckets], sum: counts.sum, count: counts.count });
  counts.buckets.forEach((n, i) => (mine.buckets[i] += n));
  mine.sum += counts.sum;
  mine.count += counts.count;
}

/** Fresh counters, all zero. */
export function createServiceCounters(): ServiceCounters {
  return { websocketConnections: 0, websocketRequests: new Map(), websocketLatency: new Map(), expiredRemoved: {}, backgroundStoreErrors: new Map() };
}

/** Counts one answered websocket request and, when given, its latency (by action family and status). */
export function countWebsocketRequest(counters: ServiceCounters, action: string, status: number, seconds?: number): void {
  const key = `${action} ${status}`;
  counters.websocketRequests.set(key, (counters.websocketRequests.get(key) ?? 0) + 1);
  if (seconds !== undefined) observeLatency(counters.websocketLatency, `${action.split('_')[0]} ${status}`, seconds);
}

/** DI key; the composition root registers one per process. */
export const SERVICE_COUNTERS: Token<ServiceCounters> = token<ServiceCounters>('zaqar.service_counters');
