import type Redis from 'ioredis';

/**
 * Oldest redis-server this store runs on. The reference checks 2.6 (Lua scripting);
 * listings in byte order after a marker use ZRANGEBYLEX, which came with 2.8.9.
 */
export const MIN_REDIS_VERSION = '2.8.9';

/** Compares dotted version strings numerically (missing parts count as 0). */
export function compareVersions(a: string, b: string): number {
  const left = a.split('.').map((p) => parseInt(p, 10) || 0);
  const right = b.split('.').map((p) => parseInt(p, 10) || 0);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const diff = (left[i] ?? 0) - (right[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** `redis_version` from INFO text, or undefined. */
export function versionFromInfo(info: string): string | undefined {
  return /^redis_version:([^\r\n]+)/m.exec(info)?.[1].trim();
}

/** Throws the reference's startup error when the server is too old. */
export async function assertServerVersion(client: Redis): Promise<string> {
  const version = versionFromInfo(await client.info('server')) ?? '0';
  if (compareVersions(version, MIN_REDIS_VERSION) < 0) {
    throw new Error(`The Redis driver requires redis-server>=${MIN_REDIS_VERSION}, ${version} found`);
  }
  return version;
}
