import { type AccessLog, createAccessLog, type Logger } from '@zaqarjs/core';

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
export function requestLogger(logger: Logger): (entry: RequestLogEntry) => void {
  const log: AccessLog = createAccessLog(logger);
  return ({ method, path, status, started, requestId }) => {
    const ms = Math.round((performance.now() - started) * 1000) / 1000;
    log({ method, path, status, ms, requestId });
  };
}
