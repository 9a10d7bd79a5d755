import { randomUUID } from 'node:crypto';
import { expectCode } from '../harness';
import { claimOptions, ids, listAll, listOptions, ME, many, msg, type MessageGate, type MessageHarness } from './fixtures';

/** Project isolation, message expiry at read time and garbage collection. */
export function isolationExpiryContract(h: MessageHarness, gate: MessageGate): void {
  it('never mixes the same queue name in two projects', async () => {
    const [p1, p2] = [h.project(), h.project()];
    const a = await h.driver.messages.post(p1, 'shared', many(3, 'a'), ME);
    const b = await h.driver.messages.post(p2, 'shared', many(2, 'b'), ME);
    expect(ids(await listAll(h.driver, p1, 'shared'))).toEqual(a);
    expect((await h.driver.messages.stats(p2, 'shared')).total).toBe(2);
    expect(await h.driver.messages.bulkGet(p2, 'shared', a)).toEqual([]);
    await h.driver.messages.delete(p2, 'shared', a[0]);
    await h.driver.messages.bulkDelete(p2, 'shared', a);
    expect(await h.driver.messages.bulkGet(p1, 'shared', a)).toHaveLength(3);
    const claim = await h.driver.claims.create(p1, 'shared', claimOptions());
    expect(ids(claim!.messages)).toEqual(a);
    await expectCode(h.driver.claims.get(p2, 'shared', claim!.id), 'ZAQAR_CLAIM_DOES_NOT_EXIST');
    expect(ids(await h.driver.messages.pop(p2, 'shared', 10))).toEqual(b);
    await h.driver.messages.deleteAll(p2, 'shared');
    expect((await h.driver.messages.stats(p1, 'shared')).total).toBe(3);
  });

  gate.describe('clock', 'expiry at read time', () => {
    it('never returns a message once its ttl has passed, whether or not it was collected', async () => {
      const p = h.project();
      const [id] = await h.driver.messages.post(p, 'q', [msg('x', { ttl: 60 })], ME);
      h.clock.advance(59);
      expect((await h.driver.messages.get(p, 'q', id)).id).toBe(id);
      h.clock.advance(1);
      await expectCode(h.driver.messages.get(p, 'q', id), 'ZAQAR_MESSAGE_DOES_NOT_EXIST');
      expect((await h.driver.messages.list(p, 'q', listOptions({ includeClaimed: true, includeDelayed: true }))).items).toEqual([]);
      expect(await h.driver.messages.bulkGet(p, 'q', [id])).toEqual([]);
      expect(await h.driver.claims.create(p, 'q', claimOptions())).toBeNull();
      expect(await h.driver.messages.pop(p, 'q', 5)).toEqual([]);
      expect((await h.driver.messages.stats(p, 'q')).total).toBe(0);
      await expect(h.driver.messages.delete(p, 'q', id)).resolves.toBeUndefined();
    });
  });

  gate.describe('garbageCollection', 'collectGarbage', () => {
    gate.it('clock', 'removes expired messages, claims and subscriptions and releases what the claims held', async () => {
      const p = h.project();
      const [gone] = await h.driver.messages.post(p, 'q', [msg('gone', { ttl: 60 })], ME);
      const [kept] = await h.driver.messages.post(p, 'q', [msg('kept', { ttl: 3600 })], ME);
      await h.driver.claims.create(p, 'q', claimOptions({ ttl: 60, grace: 60, limit: 1 }));
      const claim = await h.driver.claims.create(p, 'q', claimOptions({ ttl: 60 }));
      const hasSubscriptions = !gate.reason('subscriptions');
      if (hasSubscriptions) await h.driver.subscriptions.create(p, 'q', `http://example.com/${randomUUID()}`, 60, {});
      h.clock.advance(121);
      const removed = await h.driver.messages.collectGarbage();
      // At least this test's expired message, both claims and the subscription (other tests share the
      // store and the clock), each under its kind; a store may also answer a plain total.
      if (typeof removed === 'number') expect(removed).toBeGreaterThanOrEqual(hasSubscriptions ? 4 : 3);
      else {
        expect(removed.messages).toBeGreaterThanOrEqual(1);
        expect(removed.claims).toBeGreaterThanOrEqual(2);
        expect(removed.subscriptions).toBeGreaterThanOrEqual(hasSubscriptions ? 1 : 0);
      }
      expect(await h.driver.messages.bulkGet(p, 'q', [gone])).toEqual([]);
      expect(await h.driver.messages.get(p, 'q', kept)).toMatchObject({ claimId: null });
      await expectCode(h.driver.claims.get(p, 'q', claim!.id), 'ZAQAR_CLAIM_DOES_NOT_EXIST');
      expect(ids((await h.driver.claims.create(p, 'q', claimOptions()))!.messages)).toEqual([kept]);
      if (hasSubscriptions) expect(await h.driver.subscriptions.listAll(p, 'q')).toEqual([]);
    });

    it('leaves live data alone', async () => {
      const p = h.project();
      const posted = await h.driver.messages.post(p, 'q', many(3), ME);
      const claim = await h.driver.claims.create(p, 'q', claimOptions({ limit: 1 }));
      await h.driver.messages.collectGarbage();
      expect(ids(await listAll(h.driver, p, 'q', { includeClaimed: true }))).toEqual(posted);
      expect((await h.driver.claims.get(p, 'q', claim!.id)).messages).toHaveLength(1);
    });
  });
}
