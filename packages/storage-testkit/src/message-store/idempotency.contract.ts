import { randomUUID } from 'node:crypto';
import type { IdempotencyController } from '@zaqarjs/core';
import type { MessageGate, MessageHarness } from './fixtures';

const bid = (fingerprint = 'f1', leaseSeconds = 60) => ({ fingerprint, token: randomUUID(), leaseSeconds });

/**
 * Idempotency keys (`DataDriver.idempotency`): one holder per (project, queue, key), the
 * holder's ids shown to later bids, release and expiry freeing the key. Expiry is tested
 * with the injected clock advanced and real time passed, so stores that expire records by
 * the server's clock (Redis PX) pass too.
 */
export function idempotencyContract(h: MessageHarness, gate: MessageGate): void {
  const keys = (): IdempotencyController => {
    const controller = h.driver.idempotency;
    if (!controller) throw new Error('DataDriver.idempotency is missing: implement it or skip the idempotency feature with a reason');
    return controller;
  };

  gate.describe('idempotency', 'idempotency keys', () => {
    it('gives a key to the first bid, then shows later bids its fingerprint, and its ids once complete', async () => {
      const p = h.project();
      const first = bid('f1');
      expect(await keys().reserve(p, 'q', 'k', first)).toBeUndefined();
      expect(await keys().reserve(p, 'q', 'k', bid('f1'))).toEqual({ fingerprint: 'f1' });
      await keys().complete(p, 'q', 'k', first.token, ['a', 'b'], 300);
      expect(await keys().reserve(p, 'q', 'k', bid('f2'))).toEqual({ fingerprint: 'f1', ids: ['a', 'b'] });
    });

    it('scopes a key by project and queue', async () => {
      const [p1, p2] = [h.project(), h.project()];
      expect(await keys().reserve(p1, 'q', 'k', bid())).toBeUndefined();
      expect(await keys().reserve(p1, 'other', 'k', bid())).toBeUndefined();
      expect(await keys().reserve(p2, 'q', 'k', bid())).toBeUndefined();
    });

    it('frees a key its holder releases; a stranger token neither releases nor completes it', async () => {
      const p = h.project();
      const holder = bid();
      expect(await keys().reserve(p, 'q', 'k', holder)).toBeUndefined();
      await keys().release(p, 'q', 'k', randomUUID());
      await keys().complete(p, 'q', 'k', randomUUID(), ['x'], 300);
      expect(await keys().reserve(p, 'q', 'k', bid())).toEqual({ fingerprint: 'f1' });
      await keys().release(p, 'q', 'k', holder.token);
      expect(await keys().reserve(p, 'q', 'k', bid('f2'))).toBeUndefined();
    });

    it('never releases a completed key', async () => {
      const p = h.project();
      const holder = bid();
      await keys().reserve(p, 'q', 'k', holder);
      await keys().complete(p, 'q', 'k', holder.token, ['x'], 300);
      await keys().release(p, 'q', 'k', holder.token);
      expect(await keys().reserve(p, 'q', 'k', bid())).toEqual({ fingerprint: 'f1', ids: ['x'] });
    });

    it('gives one key to exactly one of 8 concurrent bids', async () => {
      const p = h.project();
      const results = await Promise.all(Array.from({ length: 8 }, () => keys().reserve(p, 'q', 'k', bid())));
      expect(results.filter((r) => r === undefined)).toHaveLength(1);
      expect(results.filter((r) => r !== undefined)).toEqual(Array(7).fill({ fingerprint: 'f1' }));
    });

    it('frees a key when its lease or its window has passed', async () => {
      const p = h.project();
      expect(await keys().reserve(p, 'q', 'lease', bid('f1', 1))).toBeUndefined();
      const done = bid('f1');
      expect(await keys().reserve(p, 'q', 'window', done)).toBeUndefined();
      await keys().complete(p, 'q', 'window', done.token, ['x'], 1);
      h.clock.advance(1);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect(await keys().reserve(p, 'q', 'lease', bid('f2'))).toBeUndefined();
      expect(await keys().reserve(p, 'q', 'window', bid('f2'))).toBeUndefined();
      await expect(keys().collectGarbage()).resolves.toEqual(expect.any(Number));
    });
  });
}
