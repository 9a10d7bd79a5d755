/** Integer UNIX seconds now: the time unit of every store (ttl, expiry, age). */
export function systemNow(): number {
  return Math.floor(Date.now() / 1000);
}
