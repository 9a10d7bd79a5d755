import { expectCode } from '../harness';
import { claimOptions, ids, listAll, ME, msg, type MessageGate, type MessageHarness } from './fixtures';

/** Max claim count and dead-letter moves. */
export function deadLetterContract(h: MessageHarness, gate: MessageGate): void {
  const policy = (maxClaimCount: number, messagesTtl?: number) => ({ maxClaimCount, queue: 'dlq', messagesTtl });
  const claimAndRelease = async (p: string, maxClaimCount: number, messagesTtl?: number) => {
    const claim = await h.driver.claims.create(p, 'q', { ...claimOptions(), deadLetter: policy(maxClaimCount, messagesTtl) });
    if (claim) await h.driver.claims.delete(p, 'q', claim.id);
    return claim;
  };

  gate.describe('deadLetter', 'dead-letter queues', () => {
    it('counts claims and moves a message on the claim after its last allowed one', async () => {
      const p = h.project();
      const [id] = await h.driver.messages.post(p, 'q', [msg('x', { ttl: 3600 })], ME);
      expect((await claimAndRelease(p, 2, 120))!.messages[0].claimCount).toBe(1);
      expect((await claimAndRelease(p, 2, 120))!.messages[0].claimCount).toBe(2);
      expect(await claimAndRelease(p, 2, 120)).toBeNull();
      await expectCode(h.driver.messages.get(p, 'q', id), 'ZAQAR_MESSAGE_DOES_NOT_EXIST');
      expect(await h.driver.messages.get(p, 'dlq', id)).toMatchObject({ id, body: 'x', ttl: 120, claimCount: 2, claimId: null });
      expect(ids(await listAll(h.driver, p, 'dlq'))).toEqual([id]);
      expect((await h.driver.messages.stats(p, 'q')).total).toBe(0);
    });

    gate.it('clock', 'gives moved messages the dead-letter ttl from the time of the move', async () => {
      const p = h.project();
      const [id] = await h.driver.messages.post(p, 'q', [msg('x', { ttl: 3600 })], ME);
      h.clock.advance(30);
      expect(await claimAndRelease(p, 0, 120)).toBeNull();
      expect(await h.driver.messages.get(p, 'dlq', id)).toMatchObject({ ttl: 120, age: 30 });
      h.clock.advance(119);
      expect((await h.driver.messages.get(p, 'dlq', id)).ttl).toBe(120);
      h.clock.advance(1);
      await expectCode(h.driver.messages.get(p, 'dlq', id), 'ZAQAR_MESSAGE_DOES_NOT_EXIST');
    });

    it('keeps the ttl when the policy gives none, and moves on the first claim when the maximum is 0', async () => {
      const p = h.project();
      const [id] = await h.driver.messages.post(p, 'q', [msg('x', { ttl: 600 })], ME);
      expect(await claimAndRelease(p, 0)).toBeNull();
      expect(await h.driver.messages.get(p, 'dlq', id)).toMatchObject({ ttl: 600, claimCount: 0, claimId: null });
    });

    it("appends moved messages at the dead-letter queue's tail, free at once", async () => {
      const p = h.project();
      const [before] = await h.driver.messages.post(p, 'dlq', [msg('before')], ME);
      const [moved] = await h.driver.messages.post(p, 'q', [msg('moved')], ME);
      await claimAndRelease(p, 0);
      const [after] = await h.driver.messages.post(p, 'dlq', [msg('after')], ME);
      expect(ids(await listAll(h.driver, p, 'dlq'))).toEqual([before, moved, after]);
      const claim = await h.driver.claims.create(p, 'dlq', claimOptions());
      expect(ids(claim!.messages)).toEqual([before, moved, after]);
    });

    it('claims the messages under the limit and moves only those over it', async () => {
      const p = h.project();
      const [veteran] = await h.driver.messages.post(p, 'q', [msg('veteran')], ME);
      await claimAndRelease(p, 1);
      const [fresh] = await h.driver.messages.post(p, 'q', [msg('fresh')], ME);
      const claim = await h.driver.claims.create(p, 'q', { ...claimOptions(), deadLetter: policy(1) });
      expect(ids(claim!.messages)).toEqual([fresh]);
      expect(claim!.messages[0].claimCount).toBe(1);
      expect((await h.driver.messages.get(p, 'dlq', veteran)).claimCount).toBe(1);
    });
  });
}
