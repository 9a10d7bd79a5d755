import { createHmac, timingSafeEqual } from 'node:crypto';
import { isZaqarError } from '../errors/error-codes';
import { formatUtcDateTime, isAfter, parseIsoDateTime, utcNow, type UtcDateTime } from './iso-date';
import { pyRepr, pyTruthy } from './py-repr';

/**
 * Pre-signed URLs: the signature
 * algorithm must be bit-exact with the reference so signatures stay portable.
 */

/** What `POST /v2/queues/{q}/share` returns and a signed request presents. */
export interface SignedUrl {
  paths: string[];
  methods: string[];
  project: string | null;
  expires: string;
  signature: string;
}

/** Invalid input for a signed URL; `message` is the reference's client-visible text. */
export class SignedUrlError extends Error {
  readonly code = 'ZAQAR_SIGNED_URL_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'SignedUrlError';
  }
}

export interface SignedUrlOptions {
  /** Absent (undefined) renders as `None` in the signed text, like the reference. */
  project?: string;
  /** ISO-8601 text; undefined or null means now + 1 day. */
  expires?: unknown;
  /** Falsy (absent, `[]`, `null`...) means `["GET"]`. */
  methods?: unknown;
  /** Clock override for tests (ms since the epoch). */
  nowMs?: number;
}

const ONE_DAY_SECONDS = 86400;
const INTEGER_TEXT = /^\s*[+-]?[0-9]+(?:_[0-9]+)*\s*$/;

/** Python's `sorted()` of str: code point order, which is UTF-8 byte order. */
function pySorted(values: readonly string[]): string[] {
  return [...values].sort((a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
}

/** `int(value)` of the reference, or undefined where Python's int() raises ValueError/TypeError. */
function pythonInt(value: unknown): bigint | undefined {
  if (typeof value === 'boolean') return value ? 1n : 0n;
  if (typeof value === 'number') return Number.isFinite(value) ? BigInt(Math.trunc(value)) : undefined;
  if (typeof value === 'string' && INTEGER_TEXT.test(value)) return BigInt(value.trim().replace(/_/g, ''));
  return undefined;
}

/** Parses `expires` like the reference: integer-like values are refused, ISO dates normalised to UTC. */
export function parseExpires(value: unknown): UtcDateTime {
  const asInteger = pythonInt(value);
  if (asInteger !== undefined && asInteger !== 0n) {
    throw new SignedUrlError(`\`expires\` should be date format, for example 2016-01-01T00:00:00, not integer value: ${asInteger}`);
  }
  if (typeof value !== 'string') throw new SignedUrlError('expected string or bytes-like object');
  try {
    return parseIsoDateTime(value, pyRepr);
  } catch (error) {
    if (isZaqarError(error, 'ZAQAR_DATE_INVALID')) throw new SignedUrlError(error.message);
    throw error;
  }
}

/** Lowercase hex HMAC-SHA256 over `paths\nmethods\nproject\nexpires`, with `\n` the two characters `\` and `n`. */
export function computeSignature(key: string, paths: readonly string[], methods: readonly string[], project: string | undefined, expires: string): string {
  const text = `${pySorted(paths).join(',')}\\n${pySorted(methods).join(',')}\\n${project ?? 'None'}\\n${expires}`;
  return createHmac('sha256', Buffer.from(key, 'utf8')).update(Buffer.from(text, 'utf8')).digest('hex');
}

function checkMethods(methods: unknown): string[] {
  if (!pyTruthy(methods)) return ['GET'];
  // Non-string entries crash the reference (500); refuse them with its list text instead.
  if (!Array.isArray(methods) || methods.some((m) => typeof m !== 'string')) throw new SignedUrlError('`methods` should be a list');
  return methods as string[];
}

/**
 * The reference's `create_signed_url`: checks in its order (key, paths,
 * methods, expires) and throws SignedUrlError with its texts.
 */
export function createSignedUrl(key: string | undefined, paths: unknown, options: SignedUrlOptions = {}): SignedUrl {
  if (key === undefined || key === null) throw new SignedUrlError("The `key` can't be None");
  if (!Array.isArray(paths) || paths.length === 0 || paths.some((p) => typeof p !== 'string')) {
    throw new SignedUrlError('`paths` must be a non-empty list');
  }
  const methods = checkMethods(options.methods);
  const now = utcNow(options.nowMs);
  const expires =
    options.expires === undefined || options.expires === null ? { seconds: now.seconds + ONE_DAY_SECONDS, micros: now.micros } : parseExpires(options.expires);
  if (!isAfter(expires, now)) throw new SignedUrlError('`expires` is lower than the current time');
  const expiresText = formatUtcDateTime(expires);
  return {
    paths: pySorted(paths),
    methods: pySorted(methods),
    project: options.project ?? null,
    expires: expiresText,
    signature: computeSignature(key, paths, methods, options.project, expiresText),
  };
}

/**
 * Whether a signed path authorises `requestPath`: equal, or a prefix ending at
 * a segment boundary. (The reference runs the signed path as a regex search,
 * so `/v2/queues/q` also matched `/v2/queues/qX/...`; we do not.)
 */
export function pathAuthorises(signedPath: string, requestPath: string): boolean {
  if (signedPath === '') return false;
  if (requestPath === signedPath) return true;
  const prefix = signedPath.endsWith('/') ? signedPath : `${signedPath}/`;
  return requestPath.startsWith(prefix);
}

/** Constant-time comparison of two signatures (different lengths are simply unequal). */
export function signaturesEqual(expected: string, presented: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(presented, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
