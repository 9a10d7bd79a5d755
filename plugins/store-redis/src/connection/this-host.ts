import { isIPv4 } from 'node:net';
import type { RedisTarget } from './uri';

/**
 * Whether the target's Redis runs on this host: a Unix socket, or TCP to a loopback address.
 * Sentinel targets say no: the master the sentinels name may be anywhere.
 */
export function serverOnThisHost(target: RedisTarget): boolean {
  if (target.strategy === 'unix') return true;
  return target.strategy === 'tcp' && target.host !== undefined && isLoopback(target.host);
}

function isLoopback(host: string): boolean {
  const name = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return name === 'localhost' || name === '::1' || (isIPv4(name) && name.startsWith('127.'));
}
