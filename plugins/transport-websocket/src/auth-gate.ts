import { type Authenticator, credentialsOf, type Identity, isApiError } from '@zaqarjs/core';
import { type RequestApi } from '@zaqarjs/core/api';
import type { Requester } from './actions/action';
import { type ActionResult, envelopeError } from './envelope';

/** Actions a pre-signed URL may grant, with the HTTP method each maps to. */
const SIGNED_METHODS: Readonly<Record<string, string>> = {
  message_list: 'GET',
  message_get: 'GET',
  message_get_many: 'GET',
  message_post: 'POST',
  message_delete: 'DELETE',
  message_delete_many: 'DELETE',
};

const AUTHENTIFIED: ActionResult = { status: 200, body: { message: 'Authentified.' } };

/** Who a frame acts as, or the answer that stops it. */
export type GateOutcome = { identity: Identity; refusal?: undefined } | { identity?: undefined; refusal: ActionResult };

const refused = (status: number, text: string): GateOutcome => ({ refusal: envelopeError(status, text) });

function stringArray(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : undefined;
}

/**
 * The authentication step of the reference's frame processing (after schema validation, before the
 * action), over the `[DEFAULT] auth_strategy` authenticator.
 *
 * * An authenticator that trusts headers (`noauth`): every frame's identity
 *   comes from its own headers; `authenticate` is a no-op answered
 *   `Authentified.` (the reference hangs there).
 * * A verifying one: `authenticate` hands the frame's headers to it and, on
 *   success, binds the identity to the connection until it expires (a failed
 *   re-authentication drops the previous one: the reference keeps it).
 *   Other frames of an authenticated connection must name its project
 *   (403 `Not authenticated.`); an unauthenticated connection is
 *   served only message actions with a valid pre-signed URL for that queue
 *   (unlike the reference), as the signature's project with no roles;
 *   anything else is 403 `Not authentified.`.
 */
export class AuthGate {
  private readonly sessions = new WeakMap<Requester, Identity>();

  constructor(
    private readonly api: RequestApi,
    private readonly authenticator: Authenticator,
  ) {}

  /** The `authenticate` action. */
  async authenticate(headers: Readonly<Record<string, unknown>>, requester: Requester): Promise<ActionResult> {
    if (this.authenticator.trustsHeaders) return AUTHENTIFIED;
    this.sessions.delete(requester);
    requester.expireAuthentication?.(undefined);
    const outcome = await this.authenticator.authenticate(credentialsOf(headers));
    if (outcome.refusal) return envelopeError(outcome.refusal.status, 'Authentication failed.');
    this.sessions.set(requester, outcome.identity);
    requester.expireAuthentication?.(outcome.identity.expiresAt);
    return AUTHENTIFIED;
  }

  /** The identity of any other frame, or the answer that stops it. */
  async identify(action: string, headers: Readonly<Record<string, unknown>>, body: unknown, requester: Requester): Promise<GateOutcome> {
    if (this.authenticator.trustsHeaders) {
      const outcome = await this.authenticator.authenticate(credentialsOf(headers));
      return outcome.refusal ? refused(outcome.refusal.status, 'Not authentified.') : { identity: outcome.identity };
    }
    const session = this.session(requester);
    if (session) {
      const project = headers['X-Project-ID'];
      return typeof project === 'string' && project !== '' && project === session.project ? { identity: session } : refused(403, 'Not authenticated.');
    }
    if (!this.validSignature(action, headers, body)) return refused(403, 'Not authentified.');
    return { identity: { project: headers['X-Project-ID'] as string, roles: [] } };
  }

  /** The connection's identity while it is valid. */
  private session(requester: Requester): Identity | undefined {
    const identity = this.sessions.get(requester);
    if (identity?.expiresAt !== undefined && identity.expiresAt <= Date.now()) {
      this.sessions.delete(requester);
      return undefined;
    }
    return identity;
  }

  private validSignature(action: string, headers: Readonly<Record<string, unknown>>, body: unknown): boolean {
    const method = SIGNED_METHODS[action];
    const methods = stringArray(headers['URL-Methods']);
    const paths = stringArray(headers['URL-Paths']);
    if (!method || !methods || !paths || typeof headers['URL-Signature'] !== 'string' || typeof headers['X-Project-ID'] !== 'string') return false;
    const fields = (body ?? {}) as Record<string, unknown>;
    const base = `/v2/queues/${String(fields.queue_name)}/messages`;
    const path = typeof fields.message_id === 'string' ? `${base}/${fields.message_id}` : base;
    const signed = {
      'url-signature': headers['URL-Signature'],
      'url-methods': methods.join(','),
      'url-paths': paths.join(','),
      'url-expires': typeof headers['URL-Expires'] === 'string' ? headers['URL-Expires'] : undefined,
      'x-project-id': headers['X-Project-ID'],
    };
    try {
      return this.api.share.verifySignedRequest({ method, path, headers: signed }) === 'valid';
    } catch (error) {
      if (isApiError(error)) return false;
      throw error;
    }
  }
}
