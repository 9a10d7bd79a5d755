/**
 * Counts kept with plain increments by parts that do not serve metrics (the
 * websocket transport, the garbage collector), read by the transport that
 * does at scrape time. Core and those plugins thus need no metrics library,
 * and the hot path pays one map update at most.
 */
import { token, type Token } from '../tokens';

export interface ServiceCounters {
  /** Websocket connections open now. */
  websocketConnections: number;
  /** Websocket requests answered, keyed `action status` (`invalid` for an action name that is not one). */
  readonly websocketRequests: Map<string, number>;
  /** Rows (expired messages and claims) removed by this process's garbage collector. */
  expiredRemoved: number;
}

/** Fresh counters, all zero. */
export function createServiceCounters(): ServiceCounters {
  return { websocketConnections: 0, websocketRequests: new Map(), expiredRemoved: 0 };
}

/** Counts one answered websocket request. */
export function countWebsocketRequest(counters: ServiceCounters, action: string, status: number): void {
  const key = `${action} ${status}`;
  counters.websocketRequests.set(key, (counters.websocketRequests.get(key) ?? 0) + 1);
}

/** DI key; the composition root registers one per process. */
export const SERVICE_COUNTERS: Token<ServiceCounters> = token<ServiceCounters>('zaqar.service_counters');
