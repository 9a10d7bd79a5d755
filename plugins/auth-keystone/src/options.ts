/**
 * `[keystone_authtoken]`: the keystonemiddleware auth_token options this
 * plugin reads, under their reference names so an
 * existing zaqar.conf works unchanged. Checked at startup by `settingsOf`:
 * a section that cannot authenticate anyone stops the server, naming the option.
 */
import { ConfigError, type Conf, type OptionGroup } from '@zaqarjs/core';

export const OWNER = '@zaqarjs/auth-keystone';
export const GROUP = 'keystone_authtoken';

export const OPTIONS: readonly OptionGroup[] = [
  {
    group: GROUP,
    owner: OWNER,
    options: [
      {
        name: 'www_authenticate_uri',
        type: 'string',
        help: 'Public Keystone URL advertised in the `WWW-Authenticate: Keystone uri="..."` header of 401 answers. Defaults to auth_url.',
        deprecatedNames: [{ group: GROUP, name: 'auth_uri' }],
      },
      { name: 'auth_type', type: 'string', help: 'Authentication plugin of the service user. Only "password" (alias "v3password") is supported.' },
      {
        name: 'auth_url',
        type: 'string',
        help: 'Keystone URL the service user authenticates against and tokens are validated with, with or without the "/v3" suffix (the version document is read when it is absent). Required with auth_strategy = keystone.',
      },
      { name: 'username', type: 'string', help: 'Service user name (or give user_id).' },
      { name: 'user_id', type: 'string', help: 'Service user id (instead of username).' },
      { name: 'password', type: 'string', secret: true, help: "Service user's password." },
      { name: 'user_domain_name', type: 'string', help: 'Domain name of the service user (with username).' },
      { name: 'user_domain_id', type: 'string', help: 'Domain id of the service user (with username).' },
      { name: 'project_name', type: 'string', help: 'Project the service token is scoped to (or give project_id).' },
      { name: 'project_id', type: 'string', help: 'Project id the service token is scoped to.' },
      { name: 'project_domain_name', type: 'string', help: 'Domain name of project_name.' },
      { name: 'project_domain_id', type: 'string', help: 'Domain id of project_name.' },
      { name: 'region_name', type: 'string', help: 'Accepted for compatibility; the identity endpoint is auth_url.' },
      { name: 'interface', type: 'string', default: 'internal', help: 'Accepted for compatibility; the identity endpoint is auth_url.' },
      {
        name: 'token_cache_time',
        type: 'int',
        default: 300,
        help: 'Seconds a validated (or rejected) token is remembered in memory, so the hot path costs no Keystone round trip; never longer than the token lives. A revoked token keeps working at most this long. -1 disables the cache.',
      },
      { name: 'memcached_servers', type: 'list', help: 'Not supported: tokens are cached in process memory. A non-empty value is logged and ignored.' },
      {
        name: 'http_connect_timeout',
        type: 'float',
        help: 'Seconds to wait for an answer from Keystone before answering 503 (default 5).',
        min: 0,
      },
      {
        name: 'http_request_max_retries',
        type: 'int',
        default: 3,
        min: 0,
        help: 'Immediate retries of a Keystone request whose connection failed (refused or reset) before answering 503.',
      },
      {
        name: 'delay_auth_decision',
        type: 'bool',
        default: false,
        help: 'Not supported: must stay false (requests without a valid token are always refused).',
      },
      { name: 'include_service_catalog', type: 'bool', default: true, help: 'Accepted for compatibility; the catalog is not used.' },
      {
        name: 'service_token_roles',
        type: 'list',
        default: ['service'],
        help: 'Roles a service token (X-Service-Token) must have; accepted for compatibility.',
      },
      { name: 'service_token_roles_required', type: 'bool', default: false, help: 'Accepted for compatibility.' },
      { name: 'service_type', type: 'string', help: 'Accepted for compatibility.' },
      {
        name: 'insecure',
        type: 'bool',
        default: false,
        help: 'Not supported: TLS certificates of Keystone are always verified (use NODE_EXTRA_CA_CERTS for a private CA).',
      },
      { name: 'cafile', type: 'string', help: 'Not read: give a private CA to Node with NODE_EXTRA_CA_CERTS.' },
    ],
  },
];

/** The `[keystone_authtoken]` values as read. */
export interface KeystoneSection {
  www_authenticate_uri?: string;
  auth_type?: string;
  auth_url?: string;
  username?: string;
  user_id?: string;
  password?: string;
  user_domain_name?: string;
  user_domain_id?: string;
  project_name?: string;
  project_id?: string;
  project_domain_name?: string;
  project_domain_id?: string;
  token_cache_time: number;
  memcached_servers?: string[];
  http_connect_timeout?: number;
  http_request_max_retries: number;
  delay_auth_decision: boolean;
}

/** What the authenticator needs, checked. */
export interface KeystoneSettings {
  /** auth_url without a trailing slash. */
  authUrl: string;
  wwwAuthenticateUri: string;
  /** The `auth.identity.password.user` object of a v3 password authentication. */
  user: Record<string, unknown>;
  password: string;
  /** The `auth.scope` object, or undefined for an unscoped service token. */
  scope?: Record<string, unknown>;
  /** Milliseconds; 0 disables the cache. */
  cacheMs: number;
  timeoutMs: number;
  retries: number;
}

const setting = (name: string) => `[${GROUP}] ${name}`;
const given = (value: string | undefined): string | undefined => (value === undefined || value.trim() === '' ? undefined : value.trim());

function domainOf(section: KeystoneSection, kind: 'user' | 'project'): Record<string, string> {
  const id = given(section[`${kind}_domain_id`]);
  const name = given(section[`${kind}_domain_name`]);
  if (id) return { id };
  if (name) return { name };
  throw new ConfigError(
    `${setting(`${kind}_domain_name`)} or ${setting(`${kind}_domain_id`)} is required with ${setting(`${kind === 'user' ? 'username' : 'project_name'}`)} (auth_strategy = keystone)`,
  );
}

/** The checked settings; a ConfigError naming the option when the section cannot authenticate. */
export function settingsOf(conf: Conf): KeystoneSettings {
  const section = conf.group<KeystoneSection>(GROUP);
  const authUrl = given(section.auth_url);
  if (!authUrl) throw new ConfigError(`${setting('auth_url')} is required with [DEFAULT] auth_strategy = keystone`);
  if (!/^https?:\/\/[^/]/i.test(authUrl)) throw new ConfigError(`${setting('auth_url')} "${authUrl}" is not an http(s) URL`);
  const authType = given(section.auth_type);
  if (authType !== undefined && authType !== 'password' && authType !== 'v3password') {
    throw new ConfigError(`${setting('auth_type')} "${authType}" is not supported; use "password"`);
  }
  if (section.delay_auth_decision)
    throw new ConfigError(`${setting('delay_auth_decision')} = true is not supported: requests without a valid token would be served`);
  const password = section.password;
  if (password === undefined || password === '') throw new ConfigError(`${setting('password')} is required with [DEFAULT] auth_strategy = keystone`);
  const userId = given(section.user_id);
  const username = given(section.username);
  if (!userId && !username) throw new ConfigError(`${setting('username')} (or user_id) is required with [DEFAULT] auth_strategy = keystone`);
  const user = userId ? { id: userId } : { name: username, domain: domainOf(section, 'user') };
  const projectId = given(section.project_id);
  const projectName = given(section.project_name);
  const scope = projectId ? { project: { id: projectId } } : projectName ? { project: { name: projectName, domain: domainOf(section, 'project') } } : undefined;
  const trimmed = authUrl.replace(/\/+$/, '');
  return {
    authUrl: trimmed,
    wwwAuthenticateUri: given(section.www_authenticate_uri) ?? trimmed,
    user,
    password,
    scope,
    cacheMs: section.token_cache_time > 0 ? section.token_cache_time * 1000 : 0,
    timeoutMs: section.http_connect_timeout !== undefined && section.http_connect_timeout > 0 ? section.http_connect_timeout * 1000 : 5000,
    retries: section.http_request_max_retries,
  };
}
