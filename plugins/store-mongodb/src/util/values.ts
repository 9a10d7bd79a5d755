/** Small value helpers shared by the controllers. */

/** Structural equality of two JSON values (object key order does not matter). */
export function jsonEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, i) => jsonEquals(item, other[i]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  return keys.length === Object.keys(right).length && keys.every((k) => Object.hasOwn(right, k) && jsonEquals(left[k], right[k]));
}

/**
 * Whether `metadata[key]` equals `value` for every filter. Matched here rather than in the
 * query: MongoDB's equality also matches array elements and compares sub-documents by key
 * order, neither of which is JSON equality.
 */
export function matchesFilters(metadata: Record<string, unknown>, filters: Record<string, unknown> | undefined): boolean {
  if (!filters) return true;
  return Object.entries(filters).every(([key, value]) => Object.hasOwn(metadata, key) && jsonEquals(metadata[key], value));
}

/** `text` as a regular expression that matches it literally (the reference inserted user input unescaped). */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

const UUID_TEXT = /^(?:urn:uuid:)?\{?([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})\}?$/i;

/** Client ids compare as canonical UUIDs when they parse as one (as the reference does), else verbatim. */
export function canonicalClientId(clientId: string): string {
  const m = UUID_TEXT.exec(clientId);
  return m ? `${m[1]}-${m[2]}-${m[3]}-${m[4]}-${m[5]}`.toLowerCase() : clientId;
}

/** Integer UNIX seconds now. */
export function systemNow(): number {
  return Math.floor(Date.now() / 1000);
}

/** A BSON date for integer UNIX seconds. */
export function toDate(seconds: number): Date {
  return new Date(seconds * 1000);
}

/**
 * A sort key that orders like the UTF-8 bytes of `text` under any string collation: the
 * bytes in hex. Names are listed in byte order (the contract); MongoDB compares strings
 * bytewise, but some wire-compatible servers compare with a locale.
 */
export function byteOrderKey(text: string): string {
  return Buffer.from(text, 'utf8').toString('hex');
}
