import type { ApiResult, Query, RequestApi, RequestBody, RequestContext } from '@zaqarjs/core';

/** What a route handler receives once the common checks (headers, names, policy) passed. */
export interface RouteRequest {
  ctx: RequestContext;
  /** Path parameters, e.g. `queue_name`, `message_id`, `claim_id`, `subscription_id`. */
  params: Readonly<Record<string, string>>;
  query: Query;
  body: RequestBody;
  /** Lower-cased request headers. */
  headers: Readonly<Record<string, string | undefined>>;
  /** Request path without the query string. */
  path: string;
  method: string;
}

/** One endpoint of the HTTP API. */
export interface Route {
  method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';
  /** Express-style pattern, e.g. `/v2/queues/:queue_name/messages`. */
  path: string;
  /** Policy rule checked before the handler (e.g. `messages:create`); none for unchecked routes. */
  policy?: string;
  handle(req: RouteRequest, api: RequestApi): Promise<ApiResult>;
}
