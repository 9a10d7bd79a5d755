import type { Conf, Operation, TransportConf } from '@zaqarjs/core';
import type { ApiResult, Query, RequestApi, RequestBody, RequestContext } from '@zaqarjs/core/api';

/** What a route handler receives once the common checks (headers, names, policy) passed. */
export interface RouteRequest {
  ctx: RequestContext;
  /** Path parameters, e.g. `queue_name`, `message_id`, `claim_id`, `subscription_id` (percent-decoded). */
  params: Readonly<Record<string, string>>;
  query: Query;
  body: RequestBody;
  /** Lower-cased request headers. */
  headers: Readonly<Record<string, string | undefined>>;
  /** Request path without the query string. */
  path: string;
  method: string;
  /** Runs `work` with a signal aborted if the client disconnects meanwhile (long-poll waits); absent: never aborted. */
  whileConnected?<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T>;
}

/** The `[transport]` option that caps a route's request body; other routes get a fixed 1 MiB cap. */
export type BodyLimitOption = keyof Pick<TransportConf, 'max_messages_post_size' | 'max_queue_metadata'>;

/** One endpoint of the HTTP API. */
export interface Route {
  method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';
  /**
   * Pattern matched exactly against the request path, e.g.
   * `/v2/queues/:queue_name/messages` (no trailing-slash folding: `/v2` is not `/v2/`).
   * A `:queue_name` / `:topic_name` segment is validated before dispatch.
   * The path `/` alone skips the Client-ID and project checks.
   */
  path: string;
  /**
   * The operation it performs (e.g. `message_post`): its policy rule, from
   * core's operation table, is checked before the handler. None: unchecked.
   */
  operation?: Operation;
  /**
   * Bodies larger than this option are not buffered: the handler gets a body
   * whose `length` reports the size and whose `parse()` refuses it.
   */
  bodyLimit?: BodyLimitOption;
  /** Whether the route exists under this configuration (e.g. admin_mode routes); default always. */
  enabled?: (conf: Conf) => boolean;
  handle(req: RouteRequest, api: RequestApi): Promise<ApiResult>;
}
