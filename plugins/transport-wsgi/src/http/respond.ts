import type { ServerResponse } from 'node:http';
import { stringifyExactJson } from '@zaqarjs/core';
import type { Outcome } from './error-response';

/**
 * Writes an outcome in one go: the JSON body is serialised once, with
 * content-type and content-length; 204 and body-less outcomes send no body.
 * Outcome headers (e.g. a route's own content-type) override the defaults.
 * The body stays a string: Node then sends head and body in one write, at
 * once (`res.end()` uncorks the socket fully, so a cork taken before it
 * cannot hold the response to the end of the turn). `headers` (this
 * response's own, e.g. the request id) is completed in place.
 */
export function writeOutcome(res: ServerResponse, outcome: Outcome, headers: Record<string, string | number>): void {
  let payload: string | undefined;
  if (outcome.body !== undefined && outcome.status !== 204) {
    payload = stringifyExactJson(outcome.body);
    headers['content-type'] = 'application/json';
  }
  if (outcome.headers) Object.assign(headers, mergeVary(headers.vary, outcome.headers));
  headers['content-length'] = payload === undefined ? 0 : Buffer.byteLength(payload, 'utf8');
  res.writeHead(outcome.status, headers);
  res.end(payload, 'utf8');
}

/** Outcome headers, with a `vary` combined with one already set instead of replacing it. */
function mergeVary(existing: string | number | undefined, headers: Record<string, string>): Record<string, string> {
  if (existing === undefined || headers.vary === undefined) return headers;
  return { ...headers, vary: `${existing},${headers.vary}` };
}
