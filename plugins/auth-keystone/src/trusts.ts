/**
 * Keystone trusts for `trust+http(s)` subscriptions (semantics.md §19.9):
 * a trust from the caller (with the caller's own token) to the `[trustee]`
 * user, on the caller's project, with the caller's roles, impersonating; and
 * trust-scoped tokens for the notifier, authenticated as the trustee and kept
 * until shortly before they expire.
 */
import { ConfigError, type Conf, type OptionGroup } from '@zaqarjs/core';
import { KeystoneClient, KeystoneUnavailable, renewAtOf } from './keystone-client';
import { OWNER, type KeystoneSettings } from './options';

export const TRUSTEE_GROUP = 'trustee';

export const TRUSTEE_OPTIONS: OptionGroup = {
  group: TRUSTEE_GROUP,
  owner: OWNER,
  options: [
    { name: 'auth_type', type: 'string', help: 'Authentication plugin of the trustee. Only "password" is supported.' },
    { name: 'auth_url', type: 'string', help: 'Keystone URL of the trustee (default: [keystone_authtoken] auth_url).' },
    { name: 'username', type: 'string', help: 'Trustee user name: the Zaqar service user that receives trusts.' },
    { name: 'user_id', type: 'string', help: 'Trustee user id (instead of username).' },
    { name: 'password', type: 'string', secret: true, help: "Trustee's password." },
    { name: 'user_domain_id', type: 'string', help: 'Domain id of the trustee user.' },
    { name: 'user_domain_name', type: 'string', help: 'Domain name of the trustee user.' },
  ],
};

interface TrusteeSection {
  auth_type?: string;
  auth_url?: string;
  username?: string;
  user_id?: string;
  password?: string;
  user_domain_id?: string;
  user_domain_name?: string;
}

/** What a trust is created from: the caller's validated token and identity. */
export interface TrustRequest {
  /** The caller's own token (Keystone lets a trustor create trusts with it). */
  token: string;
  userId: string;
  project: string;
  roles: readonly string[];
  /** When the trust ends (ms since the epoch); none: never. */
  expiresAt?: number;
}

const given = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value.trim());
export class KeystoneTrusts {
  private trusteeId?: string;
  private readonly tokens = new Map<string, { id: string; renewAt: number }>();
  private readonly client: KeystoneClient;
  private readonly user: Record<string, unknown>;
  private readonly password: string;

  /** Undefined when `[trustee]` names no user: trust subscriptions then answer 503. */
  static fromConf(conf: Conf, settings: KeystoneSettings): KeystoneTrusts | undefined {
    const section = conf.group<TrusteeSection>(TRUSTEE_GROUP);
    const userId = given(section.user_id);
    const username = given(section.username);
    if (!userId && !username) return undefined;
    if (!section.password) throw new ConfigError(`[${TRUSTEE_GROUP}] password is required with [${TRUSTEE_GROUP}] ${userId ? 'user_id' : 'username'}`);
    const domainId = given(section.user_domain_id);
    const domainName = given(section.user_domain_name);
    if (!userId && !domainId && !domainName)
      throw new ConfigError(`[${TRUSTEE_GROUP}] user_domain_name or user_domain_id is required with [${TRUSTEE_GROUP}] username`);
    const user = userId ? { id: userId } : { name: username, domain: domainId ? { id: domainId } : { name: domainName } };
    const authUrl = given(section.auth_url)?.replace(/\/+$/, '') ?? settings.authUrl;
    return new KeystoneTrusts({ ...settings, authUrl, user, password: section.password, scope: undefined });
  }

  constructor(trustee: KeystoneSettings) {
    this.client = new KeystoneClient(trustee);
    this.user = trustee.user;
    this.password = trustee.password;
  }

  /** Creates the trust; returns its id. KeystoneUnavailable when Keystone refuses or cannot be reached. */
  async create(request: TrustRequest): Promise<string> {
    const trust = {
      trustor_user_id: request.userId,
      trustee_user_id: await this.trustee(),
      project_id: request.project,
      roles: request.roles.map((name) => ({ name })),
      impersonation: true,
      ...(request.expiresAt !== undefined ? { expires_at: new Date(request.expiresAt).toISOString() } : {}),
    };
    const response = await this.client.call(
      'POST',
      '/OS-TRUST/trusts',
      { 'X-Auth-Token': request.token, 'Content-Type': 'application/json' },
      JSON.stringify({ trust }),
    );
    if (response.status !== 201) throw new KeystoneUnavailable(`Keystone refused the trust (${response.status}): ${(await response.text()).slice(0, 200)}`);
    return ((await response.json()) as { trust: { id: string } }).trust.id;
  }

  /** A token scoped to the trust, as the trustee (for a notifier's `X-Auth-Token`); cached until shortly before it expires. */
  async token(trustId: string): Promise<string> {
    const cached = this.tokens.get(trustId);
    if (cached && cached.renewAt > Date.now()) return cached.id;
    const { id, body } = await this.client.issueToken({ ...this.passwordIdentity(), scope: { 'OS-TRUST:trust': { id: trustId } } });
    this.tokens.set(trustId, { id, renewAt: renewAtOf(body, 300_000) });
    return id;
  }

  private passwordIdentity(): Record<string, unknown> {
    return { identity: { methods: ['password'], password: { user: { ...this.user, password: this.password } } } };
  }

  /** The trustee's user id (from an unscoped token of the trustee when only its name is configured). */
  private async trustee(): Promise<string> {
    if (typeof this.user.id === 'string') return this.user.id;
    if (!this.trusteeId) {
      const { body } = await this.client.issueToken(this.passwordIdentity());
      if (!body.user?.id) throw new KeystoneUnavailable("Keystone's trustee token names no user");
      this.trusteeId = body.user.id;
    }
    return this.trusteeId;
  }
}
