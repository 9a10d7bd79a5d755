import { isZaqarError, type Conf, type DefaultConf, type Logger, type RequestApi, type RequestContext } from '@zaqarjs/core';
import type { Action, Requester } from './actions/action';
import { claimActions } from './actions/claims';
import { messageActions } from './actions/messages';
import { queueActions } from './actions/queues';
import { subscriptionActions } from './actions/subscriptions';
import { systemActions } from './actions/system';
import { AuthGate } from './auth-gate';
import { type ActionResult, echoOf, envelopeError, type RequestEcho, type RequestEnvelope, responseOf } from './envelope';
import { errorResult } from './errors';
import { decodeFrame } from './frames';
import { validateEnvelope } from './schema';

const ACTIONS: Readonly<Record<string, Action>> = { ...queueActions, ...messageActions, ...claimActions, ...subscriptionActions, ...systemActions };

/** Python's `'{0}'.format(action)` for the "is not a valid action" text. */
function actionText(action: unknown): string {
  if (action === undefined || action === null) return 'None';
  return typeof action === 'string' ? action : JSON.stringify(action);
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

/**
 * Turns one frame into its answer, in the reference's order (§6): decode,
 * envelope type, action name, schema, authentication, then the action over
 * the shared request layer. Never throws: anything unexpected is a 500.
 */
export class Dispatcher {
  private readonly gate: AuthGate;
  private sequence = 0;

  constructor(
    private readonly api: RequestApi,
    private readonly conf: Conf,
    private readonly logger: Logger,
  ) {
    this.gate = new AuthGate(api, conf.group<DefaultConf>('DEFAULT').auth_strategy);
  }

  /** Answers one frame from `requester`. */
  async answer(data: Buffer, binary: boolean, requester: Requester): Promise<Answer> {
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
    return { document: responseOf(this.echo(envelope), result), binary, action, status: result.status };
  }

  /** `authenticate` answers with a fresh echo, so a token is never reflected back (§5). */
  private echo(envelope: RequestEnvelope): RequestEcho {
    return envelope.action === 'authenticate' ? echoOf({ action: 'authenticate' }) : echoOf(envelope);
  }

  private async run(envelope: RequestEnvelope, binary: boolean, requester: Requester): Promise<ActionResult> {
    const validity = validateEnvelope(envelope);
    if (validity === 'unknown-action') return envelopeError(400, `${actionText(envelope.action)} is not a valid action`);
    if (validity === 'invalid') return envelopeError(400, 'Schema validation failed.');
    const name = envelope.action as string;
    const headers = envelope.headers as Record<string, unknown>;
    const refused = this.gate.check(name, headers, envelope.body);
    if (refused) return refused;
    const action = ACTIONS[name];
    const body = isObject(envelope.body) ? envelope.body : {};
    try {
      return await action.handle({ ctx: this.context(headers), clientIdHeader: headers['Client-ID'] as string | undefined, body, binary, requester, api: this.api, conf: this.conf });
    } catch (error) {
      if (!(error instanceof Error && 'status' in error)) this.logger.error({ err: error, action: name }, 'Unexpected error in a websocket action');
      return errorResult(error, action.summaries?.(body));
    }
  }

  private context(headers: Record<string, unknown>): RequestContext {
    const text = (name: string) => (typeof headers[name] === 'string' ? (headers[name] as string) : '');
    return { project: text('X-Project-ID'), clientId: text('Client-ID'), roles: [], requestId: `ws-${++this.sequence}` };
  }
}
