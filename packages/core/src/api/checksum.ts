import { createHash } from 'node:crypto';
import { pythonJsonDumps } from './python-json';

/**
 * The reference's message checksum: `MD5:` + hex MD5 of the body as
 * Python's `json.dumps` prints it. Undefined for a null body (no checksum).
 */
export function bodyChecksum(body: unknown): string | undefined {
  if (body === null || body === undefined) return undefined;
  return `MD5:${createHash('md5').update(pythonJsonDumps(body), 'utf8').digest('hex')}`;
}
