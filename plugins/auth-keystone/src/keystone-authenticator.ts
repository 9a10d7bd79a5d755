/**
 * `auth_strategy = keystone`: what keystonemiddleware's auth_token does for
 * Zaqar. A request's `X-Auth-Token` is validated with Keystone (cached); the
 * token's project, user, roles and domains are the identity, whatever the
 * client sent in X-Project-ID / X-Roles / X-User-ID. No, invalid, expired or
 * revoked token: 401 with the middleware's body and
 * `WWW-Authenticate: Keystone uri="..."`; Keystone unreachable: 503, and the
 * next request tries again.
 */
import type { Authentication, Authenticator, AuthRefusal, CredentialSource, Identity, Logger, PublicEndpoints } from '@zaqarjs/core';
import { publicEndpointsOf } from './catalog';
import { KeystoneClient, KeystoneUnavailable, type TokenBody } from './keystone-client';
import type { KeystoneSettings } from './options';
import { TokenCache } from './token-cache';
import type { KeystoneTrusts } from './trusts';

const REQUIRES_AUTHENTICATION = 'The request you have made requires authentication.';
/** What a Keystone token can look like (Fernet and JWS tokens are printable ASCII); anything else is refused without asking Keystone. */
const TOKEN_SHAPE = /^[\x21-\x7e]{1,8192}$/;

/** A cached validation: the identity, or null for a token Keystone refused. */
type Validation = Identity | null;

export class KeystoneAuthenticator implements Authenticator {
  readonly trustsHeaders = false;
  readonly client: KeystoneClient;
  private readonly cache: TokenCache<Validation>;
  private readonly unauthorized: AuthRefusal;
  private readonly unavailable: AuthRefusal = { status: 503, title: 'Service Unavailable', description: 'The Keystone service is temporarily unavailable.' };
  private keystoneDown = false;

  constructor(
    settings: KeystoneSettings,
    private readonly logger?: Logger,
    /** `[trustee]`, when configured: identities can then create trusts (trust+ subscriptions). */
    readonly trusts?: KeystoneTrusts,
  ) {
    this.client = new KeystoneClient(settings);
    this.cache = new TokenCache<Validation>(settings.cacheMs);
    this.unauthorized = {
      status: 401,
      title: 'Unauthorized',
      description: REQUIRES_AUTHENTICATION,
      headers: { 'WWW-Authenticate': `Keystone uri="${settings.wwwAuthenticateUri}"` },
      body: { error: { code: 401, title: 'Unauthorized', message: REQUIRES_AUTHENTICATION } },
    };
  }

  /** Synchronous when the token is cached: the hot path awaits nothing. */
  authenticate(request: CredentialSource): Authentication | Promise<Authentication> {
    const token = request.header('X-Auth-Token')?.trim();
    if (!token || !TOKEN_SHAPE.test(token)) return { refusal: this.unauthorized };
    const key = TokenCache.keyOf(token);
    const cached = this.cache.get(key);
    if (cached !== undefined) return this.outcome(cached);
    return this.cache
      .load(
        key,
        () => this.validate(token),
        (v) => v?.expiresAt,
      )
      .then(
        (validation) => this.outcome(validation),
        (error: unknown) => {
          if (!(error instanceof KeystoneUnavailable)) throw error;
          if (!this.keystoneDown) this.logger?.error({ err: error }, 'Unable to validate token: Keystone is unavailable');
          this.keystoneDown = true;
          return { refusal: this.unavailable };
        },
      );
  }

  private outcome(validation: Validation): Authentication {
    if (validation === null) return { refusal: this.unauthorized };
    // A cached identity past the token's expiry is not served.
    if (validation.expiresAt !== undefined && validation.expiresAt <= Date.now()) return { refusal: this.unauthorized };
    return { identity: validation };
  }

  private async validate(token: string): Promise<Validation> {
    const body = await this.client.validate(token);
    if (this.keystoneDown) this.logger?.info('Keystone is reachable again');
    this.keystoneDown = false;
    const identity = body ? identityOf(body) : null;
    const { trusts } = this;
    if (!identity || !trusts || !identity.userId || !identity.project) return identity;
    const { userId, project, roles } = identity;
    return { ...identity, createTrust: ({ expiresAt }) => trusts.create({ token, userId, project, roles, expiresAt }) };
  }

  /** The `zaqar` and `zaqar-websocket` public endpoints of the service user's catalogue (for confirmation messages). */
  async publicEndpoints(): Promise<PublicEndpoints> {
    return publicEndpointsOf(await this.client.serviceCatalog());
  }

  /** A trust-scoped token for a stored trust id (for the notifier of trust+ subscriptions); needs `[trustee]`. */
  trustToken(trustId: string): Promise<string> {
    if (!this.trusts) return Promise.reject(new KeystoneUnavailable('[trustee] is not configured'));
    return this.trusts.token(trustId);
  }
}

/** The identity of a token body, as the middleware's X-Project-Id, X-User-Id, X-Roles... headers carry it. */
export function identityOf(token: TokenBody): Identity | null {
  const expiresAt = token.expires_at ? Date.parse(token.expires_at) : undefined;
  if (expiresAt !== undefined && (Number.isNaN(expiresAt) || expiresAt <= Date.now())) return null;
  return {
    project: token.project?.id,
    userId: token.user?.id,
    roles: (token.roles ?? []).map((role) => role.name).filter((name): name is string => typeof name === 'string'),
    domain: token.domain?.id,
    userDomain: token.user?.domain?.id,
    projectDomain: token.project?.domain?.id,
    expiresAt,
  };
}
