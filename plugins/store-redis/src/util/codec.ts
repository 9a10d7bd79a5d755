/** JSON text of a stored document; `undefined` (a body the client omitted) is stored as null. */
export function encodeJson(value: unknown): string {
  return JSON.stringify(value === undefined ? null : value);
}

export function decodeJson<T = unknown>(text: string): T {
  return JSON.parse(text) as T;
}

/** Redis replies integers as numbers and hash fields as strings. */
export function int(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}

const UUID_TEXT = /^(?:urn:uuid:)?\{?([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})\}?$/i;

/**
 * Client ids are compared in canonical UUID form when they parse as UUIDs (as the
 * reference does); other ids (allowed with client_id_uuid_safe=off) compare verbatim.
 */
export function canonicalClientId(clientId: string): string {
  const m = UUID_TEXT.exec(clientId);
  return m ? `${m[1]}-${m[2]}-${m[3]}-${m[4]}-${m[5]}`.toLowerCase() : clientId;
}

/** Integer UNIX seconds now. */
export function systemNow(): number {
  return Math.floor(Date.now() / 1000);
}

/** Byte-order comparison (Redis sorts equal-score members with memcmp). */
export function byteCompare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
