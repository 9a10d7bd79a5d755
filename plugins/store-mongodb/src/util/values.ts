/** Small value helpers shared by the controllers. */

export { jsonEquals, matchesFilters } from '@zaqarjs/core';

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
