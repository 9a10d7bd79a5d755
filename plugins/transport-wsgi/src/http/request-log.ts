import type { Logger } from '@zaqarjs/core';

/** What the access log records about one request. */
export interface RequestLogEntry {
  method: string;
  path: string;
  status: number;
  /** `performance.now()` when the request arrived. */
  started: number;
  requestId: string;
}

/** One info line per request: method, path, status, duration in ms and request id (no query string, no headers). */
export function logRequest(logger: Logger, entry: RequestLogEntry): void {
  const ms = Math.round((performance.now() - entry.started) * 1000) / 1000;
  logger.info({ method: entry.method, path: entry.path, status: entry.status, ms, requestId: entry.requestId }, 'request');
}
