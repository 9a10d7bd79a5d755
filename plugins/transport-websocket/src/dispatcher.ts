import {
  type ApiError,
  apiErrors,
  type Authenticator,
  authenticatorFor,
  authorizeOperation,
  type Authorize,
  type Conf,
  countWebsocketRequest,
  type Identity,
  isApiError,
  isZaqarError,
  type Logger,
  type ServiceCounters,
  stringifyExactJson,
} from '@zaqarjs/core';
import { checkProject, requestContextOf, type RequestApi, type RequestContext } from '@zaqarjs/core/api';
import { ACTION_OPERATIONS } from './action-operations';
import type { Action, Requester } from './actions/action';
import { claimActions } from './actions/claims';
import { messageActions } from './actions/messages';
import { queueActions } from './actions/queues';
import { subscriptionActions } from './actions/subscriptions';
import { poolActions } from './actions/pools';
import { systemActions } from './actions/system';
import { AuthGate } from './auth-gate';
import { type ActionResult, echoOf, envelopeError, type RequestEcho, type RequestEnvelope, responseOf } from './envelope';
import { errorResult } from './errors';
import { decodeFrame } from './frames';
import { validateEnvelope } from './schema';

const ACTIONS: Readonly<Record<string, Action>> = {
  ...queueActions,
  ...messageActions,
  ...claimActions,
  ...subscriptionActions,
  ...systemActions,
  ...poolActions,
};

/** Whether `name` is an action this transport answers (authenticate included). */
function isKnownAction(name: string): boolean {
  return name === 'authenticate' || Object.hasOwn(ACTIONS, name);
}

/** Python's `'{0}'.format(action)` for the "is not a valid action" text. */
function actionText(action: unknown): string {
  if (action === undefined || action === null) return 'None';
  return typeof action === 'string' ? action : stringifyExactJson(action);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** One answered frame: the response document and whether it goes back as MessagePack. */
export interface Answer {
  document: ReturnType<typeof responseOf>;
  binary: boolean;
  action: string | null;
  status: number;
}

/** Who authenticates and authorizes the frames. */
export interface DispatcherSecurity {
  /** Absent: noauth when the configuration says so, else construction fails (never unauthenticated by omission). */
  authenticator?: Authenticator;
  /** The policy check (core's operation table names the rule); absent: every rule allows. */
  authorize?: Authorize;
  /** Where answered requests are counted by action and status (the wsgi transport's metrics read them). */
  counters?: ServiceCounters;
}

/**
 * A refusal HTTP answers before its handler (empty project, policy), as an
 * action error carrying both HTTP texts: `exception` is HTTP's description,
 * `error` its title.
 */
function transportRefusal(error: ApiError): ActionResult {
  return { status: error.status, body: { exception: error.description ?? error.title, error: error.title } };
}

/**
 * Turns one frame into its answer, in the reference's order: decode,
 * envelope type, action name, schema, authentication, then — as HTTP does
 * before its handlers — the project header and the policy rule of the
 * action's operation, then the action over the shared request layer. Never
 * throws: anything unexpected is a 500.
 */
export class Dispatcher {
  private readonly gate: AuthGate;
  private readonly authorize?: Authorize;
  private readonly counters?: ServiceCounters;
  private sequence = 0;

  constructor(
    private readonly api: RequestApi,
    private readonly conf: Conf,
    private readonly logger: Logger,
    security: DispatcherSecurity = {},
  ) {
    this.gate = new AuthGate(api, authenticatorFor(conf, security.authenticator));
    this.authorize = security.authorize;
    this.counters = security.counters;
  }

  /** Answers one frame from `requester`. */
  async answer(data: Buffer, binary: boolean, requester: Requester): Promise<Answer> {
    const started = performance.now();
    let envelope: RequestEnvelope = {};
    let result: ActionResult;
    try {
      const decoded = decodeFrame(data, binary);
      if (!isObject(decoded)) result = envelopeError(400, 'Unexpected body type. Expected dict or dict like.');
      else {
        envelope = decoded;
        result = await this.run(envelope, binary, requester);
      }
    } catch (error) {
      if (isZaqarError(error, 'ZAQAR_WS_FRAME_UNDECODABLE')) result = envelopeError(400, error.message);
      else {
        this.logger.error({ err: error, action: envelope.action }, 'Unexpected error in a websocket request');
        result = errorResult(error);
      }
    }
    const action = typeof envelope.action === 'string' ? envelope.action : null;
    // Only known action names become labels: a client must not be able to mint series.
    if (this.counters) {
      const seconds = (performance.now() - started) / 1000;
      countWebsocketRequest(this.counters, action !== null && isKnownAction(action) ? action : 'invalid', result.status, seconds);
    }
    return { document: responseOf(this.echo(envelope), result), binary, action, status: result.status };
  }

  /** `authenticate` answers with a fresh echo, so a token is never reflected back. */
  private echo(envelope: RequestEnvelope): RequestEcho {
    return envelope.action === 'authenticate' ? echoOf({ action: 'authenticate' }) : echoOf(envelope);
  }

  private async run(envelope: RequestEnvelope, binary: boolean, requester: Requester): Promise<ActionResult> {
    const validity = validateEnvelope(envelope);
    if (validity === 'unknown-action') return envelopeError(400, `${actionText(envelope.action)} is not a valid action`);
    if (validity === 'invalid') return envelopeError(400, 'Schema validation failed.');
    const name = envelope.action as string;
    const headers = envelope.headers as Record<string, unknown>;
    if (name === 'authenticate') return this.gate.authenticate(headers, requester);
    const who = await this.gate.identify(name, headers, envelope.body, requester);
    if (who.refusal) return who.refusal;
    const action = ACTIONS[name];
    const body = isObject(envelope.body) ? envelope.body : {};
    const ctx = this.context(who.identity, headers);
    const unavailable = action.unavailable?.(this.conf);
    if (unavailable) return unavailable;
    try {
      await this.admit(name, headers, ctx);
    } catch (error) {
      if (isApiError(error)) return transportRefusal(error);
      throw error;
    }
    try {
      return await action.handle({
        ctx,
        clientIdHeader: headers['Client-ID'] as string | undefined,
        headers,
        body,
        binary,
        requester,
        api: this.api,
        conf: this.conf,
      });
    } catch (error) {
      if (!(error instanceof Error && 'status' in error)) this.logger.error({ err: error, action: name }, 'Unexpected error in a websocket action');
      return errorResult(error, action.summaries?.(body));
    }
  }

  /** HTTP's checks before a handler: a project header that is empty (400, HTTP's texts), then policy (403). */
  private async admit(name: string, headers: Record<string, unknown>, ctx: RequestContext): Promise<void> {
    if (headers['X-Project-ID'] !== undefined) checkProject(ctx.project);
    const operation = ACTION_OPERATIONS[name];
    if (operation === undefined) throw apiErrors.forbidden();
    await authorizeOperation(this.authorize, operation, ctx);
  }

  private context(identity: Identity, headers: Record<string, unknown>): RequestContext {
    return requestContextOf(identity, {
      project: identity.project ?? '',
      clientId: typeof headers['Client-ID'] === 'string' ? headers['Client-ID'] : '',
      requestId: `ws-${++this.sequence}`,
    });
  }
}
