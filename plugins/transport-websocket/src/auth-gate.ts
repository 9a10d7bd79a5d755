import { isApiError, type RequestApi } from '@zaqarjs/core';
import { type ActionResult, envelopeError } from './envelope';

/** Actions a pre-signed URL may grant, with the HTTP method each maps to (§10). */
const SIGNED_METHODS: Readonly<Record<string, string>> = {
  message_list: 'GET',
  message_get: 'GET',
  message_get_many: 'GET',
  message_post: 'POST',
  message_delete: 'DELETE',
  message_delete_many: 'DELETE',
};

const AUTHENTIFIED: ActionResult = { status: 200, body: { message: 'Authentified.' } };

function stringArray(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : undefined;
}

/**
 * The authentication step of §6 (after schema validation, before the action).
 * Without `[DEFAULT] auth_strategy` every request passes and `authenticate` is
 * a no-op answered `Authentified.` (the reference hangs there, §9.4). With
 * `keystone`, a request passes only with a valid pre-signed URL (checked
 * against the action's message path, unlike the reference); `authenticate`
 * answers `Authentication failed.` with 503, as the reference does when it
 * cannot reach Keystone: this server has no Keystone client yet.
 */
export class AuthGate {
  constructor(
    private readonly api: RequestApi,
    private readonly strategy: string,
  ) {}

  /** The answer that stops the request here, or undefined to run the action. */
  check(action: string, headers: Readonly<Record<string, unknown>>, body: unknown): ActionResult | undefined {
    if (action === 'authenticate') return this.strategy ? envelopeError(503, 'Authentication failed.') : AUTHENTIFIED;
    if (!this.strategy) return undefined;
    return this.validSignature(action, headers, body) ? undefined : envelopeError(403, 'Not authentified.');
  }

  private validSignature(action: string, headers: Readonly<Record<string, unknown>>, body: unknown): boolean {
    const method = SIGNED_METHODS[action];
    const methods = stringArray(headers['URL-Methods']);
    const paths = stringArray(headers['URL-Paths']);
    if (!method || !methods || !paths || typeof headers['URL-Signature'] !== 'string') return false;
    const fields = (body ?? {}) as Record<string, unknown>;
    const base = `/v2/queues/${String(fields.queue_name)}/messages`;
    const path = typeof fields.message_id === 'string' ? `${base}/${fields.message_id}` : base;
    const signed = {
      'url-signature': headers['URL-Signature'],
      'url-methods': methods.join(','),
      'url-paths': paths.join(','),
      'url-expires': typeof headers['URL-Expires'] === 'string' ? headers['URL-Expires'] : undefined,
      'x-project-id': typeof headers['X-Project-ID'] === 'string' ? headers['X-Project-ID'] : undefined,
    };
    try {
      return this.api.share.verifySignedRequest({ method, path, headers: signed }) === 'valid';
    } catch (error) {
      if (isApiError(error)) return false;
      throw error;
    }
  }
}
