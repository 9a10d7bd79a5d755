/**
 * The request and response envelopes of the reference's websocket API.
 */

/** A decoded request envelope (any of its parts may be missing or of the wrong type until validated). */
export interface RequestEnvelope {
  action?: unknown;
  headers?: unknown;
  body?: unknown;
}

/** What an action answers: the HTTP-style status and the body (object, string or list). */
export interface ActionResult {
  status: number;
  body: unknown;
}

/** The `request` echo: the request as parsed, `body`/`headers` defaulting to `{}`. */
export interface RequestEcho {
  action: unknown;
  body: unknown;
  headers: unknown;
  api: 'v2';
}

/** The echo of an envelope (`null` action when there is none, e.g. an undecodable frame). */
export function echoOf(envelope: RequestEnvelope = {}): RequestEcho {
  return { action: envelope.action ?? null, body: envelope.body ?? {}, headers: envelope.headers || {}, api: 'v2' };
}

/** The response envelope. */
export function responseOf(echo: RequestEcho, result: ActionResult): { request: RequestEcho; body: unknown; headers: { status: number } } {
  return { request: echo, body: result.body, headers: { status: result.status } };
}

/** An envelope-level error (`{"error": text}`). */
export function envelopeError(status: number, text: string): ActionResult {
  return { status, body: { error: text } };
}
