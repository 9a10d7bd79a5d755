/** Small value helpers shared by the controllers. */

export { jsonEquals, matchesFilters } from '@zaqarjs/core';

/** `text` as a regular expression that matches it literally (the reference inserted user input unescaped). */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

export { canonicalClientId, systemNow } from '@zaqarjs/core';

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
