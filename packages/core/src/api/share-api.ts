import { apiErrors } from '../errors/api-error';
import { isZaqarError } from '../errors/error-codes';
import type { ApiDeps, RequestBody, RequestContext } from './context';
import { formatUtcDateTime, isAfter, utcNow } from './iso-date';
import { pySetRepr, pyTruthy } from './py-repr';
import { objectBody } from './request-body';
import { computeSignature, createSignedUrl, parseExpires, pathAuthorises, type SignedUrl, signaturesEqual, SignedUrlError } from './signed-url';

/** What the transport knows about a request when it checks a pre-signed URL. */
export interface SignedRequest {
  /** Upper-case HTTP method. */
  method: string;
  /** Request path without the query string. */
  path: string;
  /** Request headers with lower-cased names (`url-signature`, `x-project-id`...). */
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
}

/** `'unsigned'`: no (or an empty) URL-Signature header, authenticate as usual; `'valid'`: signature checked. */
export type SignedRequestState = 'unsigned' | 'valid';

const KNOWN_KEYS: ReadonlySet<string> = new Set(['methods', 'expires', 'paths']);
const SHAREABLE_PATHS: ReadonlySet<unknown> = new Set(['messages', 'subscriptions', 'claims']);

interface SignedUrlConf {
  secret_key?: string;
}

/** Pre-signed URLs (operation queue_share) and verification of signed requests. */
export class ShareApi {
  constructor(protected readonly deps: ApiDeps) {}

  /** Signs access to the queue's paths; 400 Invalid API request on bad input. */
  create(ctx: RequestContext, queue: string, body: RequestBody): SignedUrl {
    const doc = objectBody(body);
    const unknown = Object.keys(doc).filter((key) => !KNOWN_KEYS.has(key));
    if (unknown.length > 0) throw apiErrors.badRequest(`Unknown keys: ${pySetRepr(unknown)}`);
    try {
      const paths = this.sharedPaths(queue, doc.paths);
      return createSignedUrl(this.secretKey(), paths, { project: ctx.project, expires: doc.expires, methods: doc.methods });
    } catch (error) {
      if (isZaqarError(error, 'ZAQAR_SIGNED_URL_INVALID')) throw apiErrors.badRequest(error.message);
      throw error;
    }
  }

  /**
   * Pre-signed URL check, third of the reference's request checks, before Client-ID checks.
   * Returns `'unsigned'` when URL-Signature is absent or empty (an empty
   * signature is not a signed request), `'valid'` when method, path, project,
   * expiry and signature all check. Throws ApiError 404 `{"title": "404 Not Found"}`
   * on any failure.
   */
  verifySignedRequest(request: SignedRequest): SignedRequestState {
    const signature = request.headers['url-signature'];
    if (signature === undefined || signature === '') return 'unsigned';
    if (!this.isValidSignature(request, signature)) throw apiErrors.routeNotFound();
    return 'valid';
  }

  private isValidSignature(request: SignedRequest, signature: string | readonly string[]): boolean {
    const header = (name: string): string | undefined => {
      const value = request.headers[name];
      return typeof value === 'string' ? value : undefined;
    };
    const key = this.secretKey();
    const project = header('x-project-id');
    const expiresText = header('url-expires');
    if (typeof signature !== 'string' || key === undefined || !project || expiresText === undefined) return false;
    const methods = (header('url-methods') ?? '').split(',');
    const paths = (header('url-paths') ?? '').split(',');
    if (!methods.includes(request.method)) return false;
    if (hasDotSegment(request.path) || !paths.some((p) => pathAuthorises(p, request.path))) return false;
    let expires;
    try {
      expires = parseExpires(expiresText);
    } catch {
      return false;
    }
    if (!isAfter(expires, utcNow())) return false;
    // Re-sign the canonical expiry text so an equivalent spelling (offset, `Z`) verifies too, like the reference.
    return signaturesEqual(computeSignature(key, paths, methods, project, formatUtcDateTime(expires)), signature);
  }

  /** Full paths to sign; `paths` falsy means `["messages"]`. */
  private sharedPaths(queue: string, paths: unknown): string[] {
    const base = `/v2/queues/${queue}`;
    const given = pyTruthy(paths) ? paths : ['messages'];
    if (!Array.isArray(given)) throw new SignedUrlError('`paths` must be a non-empty list');
    const invalid = given.filter((p) => !SHAREABLE_PATHS.has(p));
    if (invalid.length > 0) throw new SignedUrlError(`Invalid paths: ${pySetRepr(invalid)}`);
    return given.map((p) => `${base}/${p as string}`);
  }

  private secretKey(): string | undefined {
    return this.deps.conf.group<SignedUrlConf>('signed_url').secret_key ?? undefined;
  }
}

/** `.`/`..` segments (also percent-encoded) could make a prefix match reach outside the signed path. */
function hasDotSegment(path: string): boolean {
  return path.split('/').some((segment) => {
    const lower = segment.toLowerCase();
    return lower === '.' || lower === '..' || lower === '%2e' || lower === '%2e%2e' || lower === '.%2e' || lower === '%2e.';
  });
}
