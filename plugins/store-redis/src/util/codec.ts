import { parseExactJson, stringifyExactJson } from '@zaqarjs/core';

/** JSON text of a stored document (integers exact, see core's exact-json); `undefined` (a body the client omitted) is stored as null. */
export function encodeJson(value: unknown): string {
  return stringifyExactJson(value === undefined ? null : value);
}

export function decodeJson<T = unknown>(text: string): T {
  return parseExactJson(text) as T;
}

/** Redis replies integers as numbers and hash fields as strings. */
export function int(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}

export { canonicalClientId, systemNow } from '@zaqarjs/core';

/** Byte-order comparison (Redis sorts equal-score members with memcmp). */
export function byteCompare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
