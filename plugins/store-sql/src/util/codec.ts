import { parseExactJson, stringifyExactJson } from '@zaqarjs/core';

/** JSON text of a stored document (integers exact, see core's exact-json); `undefined` (a body the client omitted) is stored as null. */
export function encodeJson(value: unknown): string {
  return stringifyExactJson(value === undefined ? null : value);
}

/** Parses a stored document; SQL drivers may hand text back as a Buffer. */
export function decodeJson<T = unknown>(text: string | Buffer): T {
  return parseExactJson(typeof text === 'string' ? text : text.toString('utf8')) as T;
}

/** Database integers may come back as bigint or numeric strings on some dialects. */
export function int(value: number | bigint | string): number {
  return typeof value === 'number' ? value : Number(value);
}

export { canonicalClientId, systemNow } from '@zaqarjs/core';
