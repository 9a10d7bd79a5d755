import type { ServerResponse } from 'node:http';
import type { Outcome } from './error-response';

/**
 * Writes an outcome in one go: the JSON body is serialised once, with
 * content-type and content-length; 204 and body-less outcomes send no body.
 * Outcome headers (e.g. a route's own content-type) override the defaults.
 */
export function writeOutcome(res: ServerResponse, outcome: Outcome, baseHeaders: Record<string, string>): void {
  const headers: Record<string, string | number> = { ...baseHeaders };
  let payload: Buffer | undefined;
  if (outcome.body !== undefined && outcome.status !== 204) {
    payload = Buffer.from(JSON.stringify(outcome.body), 'utf8');
    headers['content-type'] = 'application/json';
  }
  if (outcome.headers) Object.assign(headers, mergeVary(headers.vary, outcome.headers));
  headers['content-length'] = payload?.length ?? 0;
  res.writeHead(outcome.status, headers);
  res.end(payload);
}

/** Outcome headers, with a `vary` combined with one already set instead of replacing it. */
function mergeVary(existing: string | number | undefined, headers: Record<string, string>): Record<string, string> {
  if (existing === undefined || headers.vary === undefined) return headers;
  return { ...headers, vary: `${existing},${headers.vary}` };
}
