import type { Conf } from '@zaqarjs/core';
import type { RequestApi, RequestContext } from '@zaqarjs/core/api';
import type { ClaimStreamOptions } from '../claim-stream';
import type { ActionResult } from '../envelope';
import type { Summaries } from '../errors';

/** What the connection that sent a request offers its actions. */
export interface Requester {
  /** Subscriber URI of this connection (`http://<listener>/<connection id>`). */
  readonly subscriberUri: string;
  /** Makes the connection the push subscriber of a stored subscription (cleaned up when it closes). */
  subscribe(subscription: { id: string; project: string; queue: string; ttl: number }, binary: boolean): Promise<void>;
  /** Closes the connection with 4003 `Authentication expired.` at `expiresAt` (ms since the epoch); undefined cancels it. */
  expireAuthentication?(expiresAt: number | undefined): void;
  /** Aborted when the connection closes (a long-poll `claim_create` stops waiting). */
  readonly closing?: AbortSignal;
  /** Starts pushing claimed messages of a queue to this connection (`claim_stream`); 400 when it streams that queue already. */
  streamClaims?(ctx: RequestContext, options: ClaimStreamOptions, binary: boolean): void;
}

/** One validated request, as an action sees it. */
export interface ActionRequest {
  ctx: RequestContext;
  /** The raw `Client-ID` header (validated only by the actions that use it). */
  clientIdHeader: string | undefined;
  /** The request's `headers` object, as sent (e.g. `Idempotency-Key` for message_post). */
  headers: Readonly<Record<string, unknown>>;
  body: Readonly<Record<string, unknown>>;
  /** Whether it came in a binary (MessagePack) frame. */
  binary: boolean;
  requester: Requester;
  api: RequestApi;
  conf: Conf;
}

/** One action of the websocket API. */
export interface Action {
  handle(request: ActionRequest): Promise<ActionResult>;
  /** The answer when the action does not exist under this configuration (checked before policy, like an HTTP route that is not served). */
  unavailable?(conf: Conf): ActionResult | undefined;
  /** The action's `error` summaries per status, from the request body. */
  summaries?(body: Readonly<Record<string, unknown>>): Summaries;
}

/** `body[name]` when it is a string, else undefined. */
export function str(body: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = body[name];
  return typeof value === 'string' ? value : undefined;
}

/** `body[name]` when it is a number, else undefined (the schemas already typed the listed fields). */
export function num(body: Readonly<Record<string, unknown>>, name: string): number | undefined {
  const value = body[name];
  return typeof value === 'number' ? value : undefined;
}

/** The object of the listed keys of `body` that are present (e.g. a claim's ttl and grace). */
export function pick(body: Readonly<Record<string, unknown>>, names: readonly string[]): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const name of names) if (body[name] !== undefined) picked[name] = body[name];
  return picked;
}

/** Actions that need no per-status summaries, from their handlers. */
export function plainActions(handlers: Record<string, Action['handle']>): Record<string, Action> {
  return Object.fromEntries(Object.entries(handlers).map(([name, handle]) => [name, { handle }]));
}
