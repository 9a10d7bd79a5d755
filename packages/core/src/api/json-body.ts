import { apiErrors } from '../errors/api-error';

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);
const SAFE = 2 ** 53;
/** Strict UTF-8: bad bytes throw instead of becoming U+FFFD (one decoder serves every request). */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** True when some integer-valued number in the tree is too large to be trusted as exact. */
function hasHugeInteger(value: unknown): boolean {
  if (typeof value === 'number') return Number.isInteger(value) && Math.abs(value) >= SAFE;
  if (Array.isArray(value)) return value.some(hasHugeInteger);
  if (value !== null && typeof value === 'object') return Object.values(value).some(hasHugeInteger);
  return false;
}

/** Integer literals of the JSON text (outside strings), checked against the signed 64-bit range. */
function integerLiteralsFitInt64(text: string): boolean {
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') {
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    if (ch === '-' || (ch >= '0' && ch <= '9')) {
      const match = /^-?\d+([.eE][-+\d.eE]*)?/.exec(text.slice(i, i + 400));
      if (match) {
        if (!match[1]) {
          const n = BigInt(match[0]);
          if (n > INT64_MAX || n < INT64_MIN) return false;
        }
        i += match[0].length;
        continue;
      }
    }
    i++;
  }
  return true;
}

/**
 * Parses a request body the way the reference does: the top level must be an
 * object or array, integers must fit in 64 bits, bad UTF-8 or syntax is a 400.
 */
export function parseJsonDocument(bytes: Buffer | string): unknown {
  let text: string;
  if (typeof bytes === 'string') text = bytes;
  else {
    try {
      text = UTF8.decode(bytes);
    } catch {
      throw apiErrors.invalidBody('Request body could not be parsed.');
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw apiErrors.invalidBody('Request body could not be parsed.');
  }
  if (value === null || typeof value !== 'object') throw apiErrors.invalidBody('Request body could not be parsed.');
  if (hasHugeInteger(value) && !integerLiteralsFitInt64(text)) throw apiErrors.invalidBody('JSON contains integer that is too large.');
  return value;
}
