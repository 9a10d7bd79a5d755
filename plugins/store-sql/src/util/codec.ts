/** JSON text of a stored document; `undefined` (a body the client omitted) is stored as null. */
export function encodeJson(value: unknown): string {
  return JSON.stringify(value === undefined ? null : value);
}

/** Parses a stored document; SQL drivers may hand text back as a Buffer. */
export function decodeJson<T = unknown>(text: string | Buffer): T {
  return JSON.parse(typeof text === 'string' ? text : text.toString('utf8')) as T;
}

/** Database integers may come back as bigint or numeric strings on some dialects. */
export function int(value: number | bigint | string): number {
  return typeof value === 'number' ? value : Number(value);
}

const UUID_TEXT = /^(?:urn:uuid:)?\{?([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})\}?$/i;

/**
 * Client ids are compared in canonical UUID form when they parse as UUIDs (as the
 * reference does), so `ABCD…` and `abcd…` are the same poster; other ids (allowed
 * with client_id_uuid_safe=off) compare verbatim.
 */
export function canonicalClientId(clientId: string): string {
  const m = UUID_TEXT.exec(clientId);
  return m ? `${m[1]}-${m[2]}-${m[3]}-${m[4]}-${m[5]}`.toLowerCase() : clientId;
}

/** Integer UNIX seconds now. */
export function systemNow(): number {
  return Math.floor(Date.now() / 1000);
}
