/**
 * The few Keystone v3 calls auth_token makes, over Node's built-in fetch:
 * version discovery (auth_url without `/v3`), the service user's password
 * token (kept until shortly before it expires, renewed once when Keystone
 * rejects it), and token validation (`GET /v3/auth/tokens` with
 * `X-Subject-Token`). Every failure to reach Keystone is a KeystoneUnavailable.
 */
import type { CatalogEntry } from './catalog';
import type { KeystoneSettings } from './options';

/** Keystone could not be reached, or answered in a way that says nothing about the token (the answer is 503). */
export class KeystoneUnavailable extends Error {
  readonly code = 'ZAQAR_KEYSTONE_UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KeystoneUnavailable';
  }
}

/** The parts of a v3 token body this plugin reads. */
export interface TokenBody {
  expires_at?: string;
  user?: { id?: string; domain?: { id?: string } };
  project?: { id?: string; domain?: { id?: string } };
  domain?: { id?: string };
  roles?: { id?: string; name?: string }[];
  /** Present on a project-scoped token issued without `?nocatalog`. */
  catalog?: CatalogEntry[];
}

/** A service token is renewed this long before it expires (at most half its life). */
const RENEW_MARGIN_MS = 60_000;

export class KeystoneClient {
  private identityUrl?: string;
  private serviceToken?: { id: string; renewAt: number; catalog?: CatalogEntry[] };
  private pendingServiceToken?: Promise<string>;

  constructor(private readonly settings: KeystoneSettings) {}

  /** The token's body, or undefined when Keystone says it is not valid (unknown, malformed, expired, revoked). */
  async validate(token: string): Promise<TokenBody | undefined> {
    for (let renewed = false; ; renewed = true) {
      const serviceToken = await this.getServiceToken();
      const response = await this.request('GET', '/auth/tokens', { 'X-Auth-Token': serviceToken, 'X-Subject-Token': token });
      if (response.status === 200) return ((await response.json()) as { token: TokenBody }).token;
      await response.body?.cancel();
      // 404 is how Keystone says "not a valid token"; 400 a token it cannot even parse.
      if (response.status === 404 || response.status === 400) return undefined;
      if (response.status === 401 && !renewed) {
        this.serviceToken = undefined;
        continue;
      }
      throw new KeystoneUnavailable(`Keystone answered ${response.status} to a token validation`);
    }
  }

  /** A token of `auth` (a v3 `auth` object); used for the service user and, later, trusts. */
  async issueToken(auth: Record<string, unknown>): Promise<{ id: string; body: TokenBody }> {
    const response = await this.request('POST', '/auth/tokens', { 'Content-Type': 'application/json' }, JSON.stringify({ auth }));
    if (response.status !== 201 && response.status !== 200) {
      const text = await response.text().catch(() => '');
      throw new KeystoneUnavailable(`Keystone refused the service user's credentials (${response.status}): ${text.slice(0, 200)}`);
    }
    const id = response.headers.get('x-subject-token');
    const body = ((await response.json()) as { token: TokenBody }).token;
    if (!id) throw new KeystoneUnavailable('Keystone issued a token without X-Subject-Token');
    return { id, body };
  }

  private getServiceToken(): Promise<string> {
    const current = this.serviceToken;
    if (current && current.renewAt > Date.now()) return Promise.resolve(current.id);
    this.pendingServiceToken ??= this.newServiceToken().finally(() => (this.pendingServiceToken = undefined));
    return this.pendingServiceToken;
  }

  private async newServiceToken(): Promise<string> {
    const { user, password, scope } = this.settings;
    const auth = { identity: { methods: ['password'], password: { user: { ...user, password } } }, ...(scope ? { scope } : {}) };
    const { id, body } = await this.issueToken(auth);
    this.serviceToken = { id, renewAt: renewAtOf(body, 3_600_000), catalog: body.catalog };
    return id;
  }

  /** The catalogue of the service user's token (fetched with it, so renewed with it); undefined for an unscoped token. */
  async serviceCatalog(): Promise<CatalogEntry[] | undefined> {
    await this.getServiceToken();
    return this.serviceToken?.catalog;
  }

  /** One call to the identity v3 API (path after `/v3`), as it is answered. */
  call(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Response> {
    return this.request(method, path, headers, body);
  }

  /** One call to the identity v3 API; network failures are retried at once, then KeystoneUnavailable. */
  private async request(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Response> {
    const base = await this.v3Url();
    for (let attempt = 0; ; attempt++) {
      try {
        return await fetch(base + path, {
          method,
          headers: { Accept: 'application/json', ...headers },
          body,
          signal: AbortSignal.timeout(this.settings.timeoutMs),
        });
      } catch (error) {
        if (attempt >= this.settings.retries || isTimeout(error))
          throw new KeystoneUnavailable(`Keystone at ${base} is unreachable: ${describe(error)}`, { cause: error });
      }
    }
  }

  /** The v3 API root: auth_url itself when it ends in /v3, else from its version document (not kept when discovery fails). */
  private async v3Url(): Promise<string> {
    if (this.identityUrl) return this.identityUrl;
    const { authUrl, timeoutMs } = this.settings;
    if (/\/v3$/.test(authUrl)) return (this.identityUrl = authUrl);
    let response: Response;
    try {
      response = await fetch(authUrl, { headers: { Accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw new KeystoneUnavailable(`Keystone at ${authUrl} is unreachable: ${describe(error)}`, { cause: error });
    }
    const document = (await response.json().catch(() => undefined)) as { versions?: { values?: VersionEntry[] }; version?: VersionEntry } | undefined;
    const versions = document?.versions?.values ?? (document?.version ? [document.version] : []);
    const v3 = versions.find((v) => typeof v.id === 'string' && v.id.startsWith('v3'));
    const href = v3?.links?.find((l) => l.rel === 'self')?.href;
    if (!href) {
      if (response.status >= 500 || !response.status) throw new KeystoneUnavailable(`Keystone at ${authUrl} answered ${response.status} to version discovery`);
      return (this.identityUrl = `${authUrl}/v3`);
    }
    return (this.identityUrl = href.replace(/\/+$/, ''));
  }
}

/** When to renew a token of `body`: RENEW_MARGIN_MS (at most half its life) before it expires; a body without a readable expiry counts as living `assumedLifeMs`. */
export function renewAtOf(body: TokenBody, assumedLifeMs: number): number {
  const now = Date.now();
  const parsed = body.expires_at ? Date.parse(body.expires_at) : NaN;
  const expiresAt = Number.isNaN(parsed) ? now + assumedLifeMs : parsed;
  return expiresAt - Math.min(RENEW_MARGIN_MS, (expiresAt - now) / 2);
}

interface VersionEntry {
  id?: string;
  links?: { rel?: string; href?: string }[];
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

function describe(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}
