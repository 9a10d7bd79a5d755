import { isLoopbackHost } from '@zaqarjs/core';
import type { RedisTarget } from './uri';

/**
 * Whether the target's Redis runs on this host: a Unix socket, or TCP to a loopback address
 * (the URI parser keeps the host's case; names are case-insensitive). Sentinel targets say no:
 * the master the sentinels name may be anywhere.
 */
export function serverOnThisHost(target: RedisTarget): boolean {
  if (target.strategy === 'unix') return true;
  return target.strategy === 'tcp' && target.host !== undefined && isLoopbackHost(target.host.toLowerCase());
}
