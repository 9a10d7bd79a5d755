/**
 * The authentication contract (`zaqar.authentication` entry points, chosen by
 * `[DEFAULT] auth_strategy`): request credentials in, an identity or a refusal
 * out. Both transports call it; neither reads identity headers itself.
 */

/** Who a request acts as: what Keystone (or, without auth, the request's own headers) says. */
export interface Identity {
  /** Project (tenant) id; undefined when the request named none (the transport then answers its missing-project error). */
  readonly project?: string;
  /** User id (`user` in policy credentials). */
  readonly userId?: string;
  /** Roles for policy checks, as given (matching is case-insensitive). */
  readonly roles: readonly string[];
  readonly domain?: string;
  readonly userDomain?: string;
  readonly projectDomain?: string;
  /** When the identity stops being valid (ms since the epoch); a websocket session ends then. */
  readonly expiresAt?: number;
  /**
   * Creates a Keystone trust from this identity to the service's trustee
   * (`trust+http(s)` subscriptions); resolves to the trust id. Absent when
   * the strategy cannot (noauth, no `[trustee]`): such subscriptions answer 503.
   */
  readonly createTrust?: TrustCreator;
}

/** See Identity.createTrust; `expiresAt` (ms since the epoch) bounds the trust, none: it never expires. */
export type TrustCreator = (request: { expiresAt?: number }) => Promise<string>;

/** Why credentials were refused: the status to answer (401 bad token, 503 identity service down…) and its text. */
export interface AuthRefusal {
  readonly status: number;
  readonly title: string;
  readonly description?: string;
  /** Response headers the HTTP transport adds (e.g. `WWW-Authenticate` on a Keystone 401). */
  readonly headers?: Readonly<Record<string, string>>;
  /** The exact HTTP body to answer instead of `{"title","description"}` (keystonemiddleware's 401 body). */
  readonly body?: unknown;
}

/** The outcome of one authentication: exactly one of `identity` and `refusal`. */
export type Authentication = { identity: Identity; refusal?: undefined } | { identity?: undefined; refusal: AuthRefusal };

/** The credentials of one request: its headers, looked up case-insensitively; non-string values read as absent. */
export interface CredentialSource {
  header(name: string): string | undefined;
}

/** One authentication strategy. */
export interface Authenticator {
  /**
   * True when a request's identity is read from its own headers with nothing
   * to verify (`noauth`): the websocket transport then derives it for every
   * frame, and its `authenticate` action is a no-op. False when credentials
   * are verified: a websocket connection must `authenticate` first, and
   * unauthenticated requests pass only with a valid pre-signed URL.
   */
  readonly trustsHeaders: boolean;
  /**
   * The identity of the request, or a refusal; synchronously when nothing
   * is looked up (the HTTP hot path then awaits nothing). Throws only for
   * unexpected failures (answered 500); an unreachable identity service is a
   * refusal (503).
   */
  authenticate(request: CredentialSource): Authentication | Promise<Authentication>;
  /**
   * This service's public endpoints from the identity service's catalogue
   * (services named `zaqar` and `zaqar-websocket`), for the `WSGISubscribeURL`
   * and `WebSocketSubscribeURL` of confirmation messages (§19.7). Absent, or
   * an empty object, when there is no catalogue (noauth) or no such service.
   */
  publicEndpoints?(): Promise<PublicEndpoints>;
}

/** Public endpoint URLs by catalogue service name. */
export interface PublicEndpoints {
  zaqar?: string;
  'zaqar-websocket'?: string;
}

/** A CredentialSource over a plain header record (any case of name). */
export function credentialsOf(headers: Readonly<Record<string, unknown>>): CredentialSource {
  const byName = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === 'string') byName.set(name.toLowerCase(), value);
    else if (Array.isArray(value) && typeof value[value.length - 1] === 'string') byName.set(name.toLowerCase(), value[value.length - 1] as string);
  }
  return { header: (name) => byName.get(name.toLowerCase()) };
}
