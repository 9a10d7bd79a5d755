import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import {
  ApiError,
  apiErrors,
  authorizeOperation,
  isZaqarError,
  type Authentication,
  type Authenticator,
  type CredentialSource,
  type Authorize,
  type Conf,
  type Identity,
  type Logger,
  type TransportConf,
} from '@zaqarjs/core';
import {
  checkClientId,
  checkProject,
  checkQueueIdentification,
  parseQueryString,
  checkTopicIdentification,
  requestContextOf,
  type Query,
  type RequestApi,
  type RequestContext,
} from '@zaqarjs/core/api';
import { type SignedState, signedUrlVerifier } from '../hooks/signed-url';
import { acceptsJson } from '../http/accept';
import { readBody } from '../http/body-reader';
import type { CorsPolicy } from '../http/cors';
import { type Outcome, outcomeOfError } from '../http/error-response';
import { newRequestId, REQUEST_ID_HEADER } from '../http/request-id';
import { requestLogger } from '../http/request-log';
import { writeOutcome } from '../http/respond';
import { whileConnected as whileClientConnected } from '../http/while-connected';
import type { Route } from '../routes/route';
import type { HttpMetrics } from '../http/metrics';
import type { RouteMatch, RouteTable } from './route-table';

/** Cap for bodies of routes without a `bodyLimit` (claims, purge, share, subscriptions...). */
const DEFAULT_BODY_CAP = 1024 * 1024;

const FORM_ENCODED = 'application/x-www-form-urlencoded';

/** Everything the pipeline needs, assembled once per server. */
export interface PipelineDeps {
  api: RequestApi;
  conf: Conf;
  logger: Logger;
  routes: RouteTable;
  /** Who a request is (`[DEFAULT] auth_strategy`). */
  authenticator: Authenticator;
  authorize?: Authorize;
  cors?: CorsPolicy;
  /** Prometheus metrics (`[drivers:transport:wsgi] metrics`); absent: nothing recorded. */
  metrics?: HttpMetrics;
}

/** What routing learnt about a request, for the metrics. */
interface Routed {
  route?: string;
  params?: Readonly<Record<string, string>>;
  project?: string;
}

/** Query parameters with the last occurrence winning; list parameters keep every occurrence. */
const parseQuery = (raw: string): Query => parseQueryString(raw);

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[value.length - 1] : value;
}

/**
 * The reference's common request handling, in its order: route lookup,
 * signed-URL check, authentication (the authenticator, except for `GET /`
 * and, with a verifying strategy, for validly signed requests, as the
 * reference's middleware does), form-encoding rejection, Accept, Client-ID,
 * project, queue/topic name, method dispatch, policy (core's operation
 * table); then the body and the handler.
 * Every outcome carries the request id; each request logs one line.
 */
export class RequestPipeline {
  private readonly verifySigned;
  private readonly logRequest;

  constructor(private readonly deps: PipelineDeps) {
    this.verifySigned = signedUrlVerifier(deps.api);
    this.logRequest = requestLogger(deps.logger);
  }

  /** Serves one request; never throws. `match`: the route already looked up for its path. */
  async handle(req: IncomingMessage, res: ServerResponse, match?: RouteMatch): Promise<void> {
    const started = performance.now();
    const requestId = newRequestId();
    const url = req.url ?? '/';
    const at = url.indexOf('?');
    const path = at < 0 ? url : url.slice(0, at);
    const rawQuery = at < 0 ? '' : url.slice(at + 1);
    const method = req.method ?? 'GET';
    let outcome: Outcome;
    const routed: Routed = {};
    try {
      outcome = await this.run(req, method, path, rawQuery, requestId, routed, match ?? this.deps.routes.match(path));
    } catch (error) {
      if (isZaqarError(error, 'ZAQAR_HTTP_BODY_ABORTED')) return;
      outcome = error instanceof RefusalAnswer ? error.outcome : outcomeOfError(error, this.deps.logger, requestId);
    }
    // OPTIONS is always answered 2xx, as the reference's CORS middleware does.
    if (method === 'OPTIONS' && (outcome.status < 200 || outcome.status >= 300)) outcome = { status: 200 };
    const base: Record<string, string> = { [REQUEST_ID_HEADER]: requestId };
    const cors = this.deps.cors?.headersFor(method, req.headers);
    if (cors) Object.assign(base, cors);
    try {
      writeOutcome(res, outcome, base);
    } catch (error) {
      this.deps.logger.error({ err: error, requestId }, 'Response could not be written');
      res.destroy();
    }
    this.logRequest({ method, path, status: outcome.status, started, requestId });
    this.deps.metrics?.observe(
      method,
      routed.route ?? 'unmatched',
      outcome.status,
      performance.now() - started,
      outcome,
      routed.params,
      routed.project,
      rawQuery,
    );
  }

  private async run(
    req: IncomingMessage,
    method: string,
    path: string,
    rawQuery: string,
    requestId: string,
    routed: Routed,
    match: RouteMatch | undefined,
  ): Promise<Outcome> {
    routed.route = match?.entry.pattern;
    if (!match) {
      // A verifying strategy comes before routing, as the reference's middleware wraps the whole app:
      // an unauthenticated caller learns nothing of which paths exist (401, then 404 with a valid token).
      if (!this.deps.authenticator.trustsHeaders) await this.identify(req.headers, 'unsigned');
      throw apiErrors.routeNotFound();
    }
    const headers = req.headers;
    const signed = this.verifySigned({ method, path, headers });
    const pending = match.entry.isPublic ? undefined : this.identify(headers, signed);
    const identity = pending instanceof Promise ? await pending : pending;
    this.checkContentType(headers);
    if (!acceptsJson(header(headers, 'accept'))) throw notAcceptable();
    const ctx = this.context(headers, requestId, identity);
    this.checkNames(match, ctx.project);
    routed.params = match.params;
    routed.project = ctx.project;
    if (method === 'OPTIONS') return { status: 200, headers: { allow: match.entry.allow } };
    const route = match.entry.methods.get(method);
    if (!route) throw new ApiError(405, '405 Method Not Allowed', undefined, { allow: match.entry.allow });
    await this.authorize(route, ctx);
    const body = await readBody(req, this.bodyCap(route));
    const query = parseQuery(rawQuery);
    const whileConnected = <T>(work: (signal: AbortSignal) => Promise<T>) => whileClientConnected(req, work);
    return route.handle(
      { ctx, params: match.params, query, body, headers: headers as Record<string, string | undefined>, path, method, whileConnected },
      this.deps.api,
    );
  }

  /** Step 4: a body sent form-encoded is refused. */
  private checkContentType(headers: IncomingHttpHeaders): void {
    if (headers['content-length'] === undefined) return;
    if (header(headers, 'content-type')?.toLowerCase() !== FORM_ENCODED) return;
    throw new ApiError(
      400,
      'Invalid Content-Type',
      'Endpoint does not accept `application/x-www-form-urlencoded` content; currently supported media type is `application/json`; ' +
        'specify proper client-side media type with the "Content-Type" header.',
    );
  }

  /**
   * Who the request is. A verifying strategy is skipped for a validly signed
   * request: the signature grants its project, with no roles (the reference
   * would trust the client's X-Roles there).
   */
  private identify(headers: IncomingHttpHeaders, signed: SignedState): Identity | Promise<Identity> {
    const { authenticator } = this.deps;
    const credentials: CredentialSource = { header: (name) => header(headers, name.toLowerCase()) };
    if (signed === 'valid' && !authenticator.trustsHeaders) return { project: credentials.header('X-Project-ID'), roles: [] };
    const outcome = authenticator.authenticate(credentials);
    // noauth answers synchronously: the common case costs no extra tick.
    return outcome instanceof Promise ? outcome.then(identityOf) : identityOf(outcome);
  }

  /** Steps 6-7: Client-ID, then the identity's project (noauth: X-Project-ID, or the legacy X-Tenant-Id / X-Tenant). */
  private context(headers: IncomingHttpHeaders, requestId: string, identity: Identity | undefined): RequestContext {
    if (!identity) return { roles: [], requestId, project: header(headers, 'x-project-id') ?? '', clientId: header(headers, 'client-id') ?? '' };
    const clientId = checkClientId(header(headers, 'client-id'), this.deps.conf.group<TransportConf>('transport'));
    return requestContextOf(identity, { requestId, clientId, project: checkProject(identity.project) });
  }

  /** Steps 8-9: names in the path. */
  private checkNames(match: RouteMatch, project: string): void {
    if (match.params.queue_name !== undefined) checkQueueIdentification(match.params.queue_name, project);
    if (match.params.topic_name !== undefined) checkTopicIdentification(match.params.topic_name, project);
  }

  /** Step 12. */
  private async authorize(route: Route, ctx: RequestContext): Promise<void> {
    if (route.operation) await authorizeOperation(this.deps.authorize, route.operation, ctx);
  }

  private bodyCap(route: Route): number {
    return route.bodyLimit ? this.deps.conf.group<TransportConf>('transport')[route.bodyLimit] : DEFAULT_BODY_CAP;
  }
}

/** The identity of an authentication, or its refusal as the error to answer. */
function identityOf(outcome: Authentication): Identity {
  const { refusal } = outcome;
  if (!refusal) return outcome.identity;
  if (refusal.body !== undefined) throw new RefusalAnswer({ status: refusal.status, body: refusal.body, headers: { ...refusal.headers } });
  throw new ApiError(refusal.status, refusal.title, refusal.description, refusal.headers);
}

/** A refusal the authenticator worded itself (keystonemiddleware's 401 body), answered as it is. */
class RefusalAnswer extends Error {
  constructor(readonly outcome: Outcome) {
    super('Authentication refused');
  }
}

function notAcceptable(): ApiError {
  return new ApiError(406, '406 Not Acceptable', 'Endpoint only serves `application/json`; specify client-side media type support with the "Accept" header.');
}
