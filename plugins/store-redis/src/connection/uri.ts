/**
 * The `[drivers:*:redis] uri` syntax of the reference:
 *
 *   redis://[[username]:password@]host[:port][?options]                      TCP (port 6379)
 *   redis://[[username]:password@]host1[:port1][,host2[:port2]...]?master=m  Sentinel (port 26379)
 *   redis://[[username]:password@]/path/to/redis.sock[?options]              Unix socket
 *
 * Query options: `dbid`, `socket_timeout` (seconds), `master`, `sentinel_username`,
 * `sentinel_password`, and this implementation's `key_prefix`. Error texts are the
 * reference's; none of them repeats the URI, which may hold a password.
 */

/** Where and how to connect, as the URI says. */
export interface RedisTarget {
  readonly strategy: 'tcp' | 'unix' | 'sentinel';
  /** TCP host (strategy `tcp`). */
  readonly host?: string;
  readonly port?: number;
  /** Socket path (strategy `unix`). */
  readonly path?: string;
  /** Sentinel hosts and the master's name (strategy `sentinel`). */
  readonly sentinels?: readonly { host: string; port: number }[];
  readonly master?: string;
  readonly username?: string;
  readonly password?: string;
  readonly sentinelUsername?: string;
  readonly sentinelPassword?: string;
  readonly db: number;
  /** Seconds; the reference's per-socket-operation timeout. */
  readonly socketTimeout: number;
  /** Prepended to every key (and the pub/sub channel) this store uses. */
  readonly keyPrefix: string;
}

/** A malformed `uri`: startup stops with this message. */
export class RedisUriError extends Error {
  override readonly name = 'RedisUriError';
}

export const REDIS_DEFAULT_PORT = 6379;
export const SENTINEL_DEFAULT_PORT = 26379;
export const DEFAULT_SOCKET_TIMEOUT = 0.1;
export const DEFAULT_KEY_PREFIX = 'zaqar:';

const MULTIPLE_HOSTS_WITHOUT_MASTER =
  'The Redis URI specifies multiple sentinel hosts, but is missing the "master" query string parameter. ' +
  'Please set "master" to the name of the Redis master server as specified in the sentinel configuration file.';
const INVALID_PORT = 'The Redis configuration URI contains an invalid port';

/** The parts of a URI as Python's urllib.parse.urlsplit cuts them. */
interface UriParts {
  scheme: string;
  netloc: string;
  path: string;
  query: string;
}

function splitUri(uri: string): UriParts {
  const schemeMatch = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/s.exec(uri.trim());
  if (!schemeMatch) throw new RedisUriError('Invalid scheme in Redis URI');
  let rest = schemeMatch[2];
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  let netloc = '';
  if (rest.startsWith('//')) {
    const end = rest.slice(2).search(/[/?]/);
    netloc = end < 0 ? rest.slice(2) : rest.slice(2, end + 2);
    rest = end < 0 ? '' : rest.slice(end + 2);
  }
  if ((netloc.includes('[') && !netloc.includes(']')) || (netloc.includes(']') && !netloc.includes('['))) {
    throw new RedisUriError('Malformed Redis URI');
  }
  const q = rest.indexOf('?');
  return { scheme: schemeMatch[1].toLowerCase(), netloc, path: q < 0 ? rest : rest.slice(0, q), query: q < 0 ? '' : rest.slice(q + 1) };
}

/** `user:password@` → credentials; a user without a password is refused (as the reference does). */
function splitCredentials(netloc: string): { hosts: string; username?: string; password?: string } {
  const at = netloc.lastIndexOf('@');
  if (at < 0) return { hosts: netloc };
  const userinfo = netloc.slice(0, at);
  const colon = userinfo.indexOf(':');
  if (colon < 0) throw new RedisUriError('Password should be set when username is set');
  const username = decodeURIComponent(userinfo.slice(0, colon)) || undefined;
  const password = decodeURIComponent(userinfo.slice(colon + 1));
  if (username && !password) throw new RedisUriError('Password should be set when username is set');
  return { hosts: netloc.slice(at + 1), username, password: password || undefined };
}

function parsePort(text: string, fallback: number): number {
  if (text === '') return fallback;
  if (!/^\d+$/.test(text) || Number(text) > 65535) throw new RedisUriError(INVALID_PORT);
  return Number(text);
}

/** `host[:port]` or `[v6addr][:port]`. */
function splitHostPort(hostport: string, defaultPort: number): { host: string; port: number } {
  const v6 = /^\[([^\]]*)\](?::(.*))?$/.exec(hostport);
  if (v6) return { host: v6[1], port: parsePort(v6[2] ?? '', defaultPort) };
  const colon = hostport.indexOf(':');
  if (colon < 0) return { host: hostport, port: defaultPort };
  return { host: hostport.slice(0, colon), port: parsePort(hostport.slice(colon + 1), defaultPort) };
}

function numberOption(params: URLSearchParams, name: string, fallback: number, integer: boolean): number {
  const text = params.get(name);
  if (text === null || text === '') return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
    throw new RedisUriError(`The Redis configuration URI contains an invalid ${name}`);
  }
  return value;
}

/** Parses a Redis store URI; throws RedisUriError with the reference's texts. */
export function parseRedisUri(uri: string): RedisTarget {
  const parts = splitUri(uri);
  if (parts.scheme !== 'redis') throw new RedisUriError('Invalid scheme in Redis URI');
  const params = new URLSearchParams(parts.query);
  const { hosts, username, password } = splitCredentials(parts.netloc);
  const common = {
    username,
    password,
    sentinelUsername: params.get('sentinel_username') || undefined,
    sentinelPassword: params.get('sentinel_password') || undefined,
    db: numberOption(params, 'dbid', 0, true),
    socketTimeout: numberOption(params, 'socket_timeout', DEFAULT_SOCKET_TIMEOUT, false),
    keyPrefix: params.get('key_prefix') ?? DEFAULT_KEY_PREFIX,
  };
  const master = params.get('master');
  if (master !== null) {
    const sentinels = hosts
      .split(',')
      .filter((h) => h !== '')
      .map((h) => splitHostPort(h, SENTINEL_DEFAULT_PORT));
    if (sentinels.length === 0) throw new RedisUriError('The Redis configuration URI does not define any sentinel hosts');
    return { strategy: 'sentinel', sentinels, master, ...common };
  }
  if (hosts !== '') {
    if (hosts.includes(',')) throw new RedisUriError(MULTIPLE_HOSTS_WITHOUT_MASTER);
    const { host, port } = splitHostPort(hosts, REDIS_DEFAULT_PORT);
    if (host === '') throw new RedisUriError('Missing host name in Redis URI');
    return { strategy: 'tcp', host, port, ...common };
  }
  if (parts.path === '') throw new RedisUriError('Missing path in Redis URI');
  return { strategy: 'unix', path: decodeURIComponent(parts.path), ...common };
}
