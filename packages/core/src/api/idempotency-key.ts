import { createHash } from 'node:crypto';
import stableStringify from 'fast-json-stable-stringify';
import { apiErrors } from '../errors/api-error';

/** Longest key accepted (Stripe's and the IETF draft's usual bound; keys are stored as they are). */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/** Printable ASCII without space, quote or backslash: what a UUID, ULID or base64 key uses. */
const KEY_PATTERN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/**
 * The key of an `Idempotency-Key` header (HTTP or websocket), or undefined when absent.
 * The IETF draft sends it as a structured-field string (`"…"`): one pair of quotes is taken off.
 * 400 when it is empty, too long, or has other characters.
 */
export function idempotencyKeyOf(header: unknown): string | undefined {
  if (header === undefined || header === null) return undefined;
  const raw = typeof header === 'string' ? header.trim() : undefined;
  const key = raw !== undefined && raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
  if (key === undefined || key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH || !KEY_PATTERN.test(key)) {
    throw apiErrors.badRequest(
      `The Idempotency-Key header must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} printable ASCII characters without spaces, quotes or backslashes (a UUID, for example).`,
    );
  }
  return key;
}

/** SHA-256 (hex) of the posted messages as canonical JSON (sorted keys, no spaces): same messages, same print. */
export function postFingerprint(messages: unknown): string {
  return createHash('sha256').update(stableStringify(messages)).digest('hex');
}
