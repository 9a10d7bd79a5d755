import { randomUUID } from 'node:crypto';
import { expectCode } from '../harness';
import { claimOptions, ids, listAll, ME, many, msg, type MessageGate, type MessageHarness } from './fixtures';

/** delete rules, bulk delete, pop, stats and purge (deleteAll). */
export function deletePopStatsContract(h: MessageHarness, gate: MessageGate): void {
  const exists = async (project: string, queue: string, id: string) => (await h.driver.messages.bulkGet(project, queue, [id])).length === 1;

  describe('delete rules', () => {
    it('is idempotent for missing messages and queues, with or without a claim id', async () => {
      const p = h.project();
      await expect(h.driver.messages.delete(p, 'q', randomUUID())).resolves.toBeUndefined();
      await expect(h.driver.messages.delete(p, 'q', randomUUID(), randomUUID())).resolves.toBeUndefined();
      await expect(h.driver.messages.delete(p, 'q', 'garbage', 'garbage')).resolves.toBeUndefined();
    });

    it('deletes a free message without a claim id', async () => {
      const p = h.project();
      const [id] = await h.driver.messages.post(p, 'q', [msg('x')], ME);
      await h.driver.messages.delete(p, 'q', id);
      await expectCode(h.driver.messages.get(p, 'q', id), 'ZAQAR_MESSAGE_DOES_NOT_EXIST');
    });

    it('refuses a claimed message without a claim id (MessageIsClaimed)', async () => {
      const p = h.project();
      const [id] = await h.driver.messages.post(p, 'q', [msg('x')], ME);
      await h.driver.claims.create(p, 'q', claimOptions());
      await expectCode(h.driver.messages.delete(p, 'q', id), 'ZAQAR_MESSAGE_IS_CLAIMED');
      expect(await exists(p, 'q', id)).toBe(true);
    });

    it('refuses a claim id on a free message (MessageNotClaimed), also after release', async () => {
      const p = h.project();
      // A claim id of this store's own form (ids differ between stores), whose claim is gone.
      await h.driver.messages.post(p, 'other', [msg('o')], ME);
      const released = (await h.driver.claims.create(p, 'other', claimOptions()))!.id;
      await h.driver.claims.delete(p, 'other', released);
      const [id] = await h.driver.messages.post(p, 'q', [msg('x')], ME);
      await expectCode(h.driver.messages.delete(p, 'q', id, released), 'ZAQAR_MESSAGE_NOT_CLAIMED');
      const claim = await h.driver.claims.create(p, 'q', claimOptions());
      await h.driver.claims.delete(p, 'q', claim!.id);
      await expectCode(h.driver.messages.delete(p, 'q', id, claim!.id), 'ZAQAR_MESSAGE_NOT_CLAIMED');
      expect(await exists(p, 'q', id)).toBe(true);
    });

    it('refuses a malformed claim id on a free message (ClaimDoesNotExist, as the reference checks the form first)', async () => {
      const p = h.project();
      const [id] = await h.driver.messages.post(p, 'q', [msg('x')], ME);
      await expectCode(h.driver.messages.delete(p, 'q', id, 'not-a-claim-id'), 'ZAQAR_CLAIM_DOES_NOT_EXIST');
      expect(await exists(p, 'q', id)).toBe(true);
    });

    gate.it('clock', 'refuses the id of an expired claim (MessageNotClaimed)', async () => {
      const p = h.project();
      const [id] = await h.driver.messages.post(p, 'q', [msg('x')], ME);
      const claim = await h.driver.claims.create(p, 'q', claimOptions({ ttl: 60 }));
      h.clock.advance(60);
      await expectCode(h.driver.messages.delete(p, 'q', id, claim!.id), 'ZAQAR_MESSAGE_NOT_CLAIMED');
      await h.driver.messages.delete(p, 'q', id);
      expect(await exists(p, 'q', id)).toBe(false);
    });

    it("deletes with the holding claim's id and drops the message from the claim", async () => {
      const p = h.project();
      const posted = await h.driver.messages.post(p, 'q', many(2), ME);
      const claim = await h.driver.claims.create(p, 'q', claimOptions());
      await h.driver.messages.delete(p, 'q', posted[0], claim!.id);
      expect(await exists(p, 'q', posted[0])).toBe(false);
      expect(ids((await h.driver.claims.get(p, 'q', claim!.id)).messages)).toEqual([posted[1]]);
    });

    it("refuses another live claim's id (MessageNotClaimedBy)", async () => {
      const p = h.project();
      const posted = await h.driver.messages.post(p, 'q', many(2), ME);
      const first = await h.driver.claims.create(p, 'q', claimOptions({ limit: 1 }));
      const second = await h.driver.claims.create(p, 'q', claimOptions({ limit: 1 }));
      await expectCode(h.driver.messages.delete(p, 'q', posted[0], second!.id), 'ZAQAR_MESSAGE_NOT_CLAIMED_BY');
      expect(await exists(p, 'q', posted[0])).toBe(true);
      expect(first).not.toBeNull();
    });

    it('refuses an unknown or malformed claim id on a claimed message (ClaimDoesNotExist)', async () => {
      const p = h.project();
      const [id] = await h.driver.messages.post(p, 'q', [msg('x')], ME);
      await h.driver.claims.create(p, 'q', claimOptions());
      await expectCode(h.driver.messages.delete(p, 'q', id, randomUUID()), 'ZAQAR_CLAIM_DOES_NOT_EXIST');
      await expectCode(h.driver.messages.delete(p, 'q', id, 'not-a-claim-id'), 'ZAQAR_CLAIM_DOES_NOT_EXIST');
      expect(await exists(p, 'q', id)).toBe(true);
    });
  });

  describe('bulk delete', () => {
    it('without claim ids deletes the listed messages, claimed ones too, ignoring unknown ids', async () => {
      const p = h.project();
      const posted = await h.driver.messages.post(p, 'q', many(4), ME);
      await h.driver.claims.create(p, 'q', claimOptions({ limit: 1 }));
      await h.driver.messages.bulkDelete(p, 'q', [posted[0], posted[1], 'unknown', randomUUID()]);
      expect(ids(await listAll(h.driver, p, 'q', { includeClaimed: true }))).toEqual(posted.slice(2));
      await h.driver.messages.bulkDelete(h.project(), 'q', posted);
      expect(await exists(p, 'q', posted[2])).toBe(true);
    });

    it('with claim ids deletes when every listed message is held by one of them', async () => {
      const p = h.project();
      const posted = await h.driver.messages.post(p, 'q', many(3), ME);
      const a = await h.driver.claims.create(p, 'q', claimOptions({ limit: 1 }));
      const b = await h.driver.claims.create(p, 'q', claimOptions({ limit: 1 }));
      await h.driver.messages.bulkDelete(p, 'q', [posted[0], posted[1], 'unknown'], [a!.id, b!.id]);
      expect(ids(await listAll(h.driver, p, 'q', { includeClaimed: true }))).toEqual([posted[2]]);
    });

    it('with claim ids deletes nothing when one message is free (MessageNotClaimed)', async () => {
      const p = h.project();
      const posted = await h.driver.messages.post(p, 'q', many(2), ME);
      const a = await h.driver.claims.create(p, 'q', claimOptions({ limit: 1 }));
      await expectCode(h.driver.messages.bulkDelete(p, 'q', posted, [a!.id]), 'ZAQAR_MESSAGE_NOT_CLAIMED');
      expect(await listAll(h.driver, p, 'q', { includeClaimed: true })).toHaveLength(2);
    });

    it('with claim ids deletes nothing when one message is held by another claim (MessageNotClaimedBy)', async () => {
      const p = h.project();
      const posted = await h.driver.messages.post(p, 'q', many(2), ME);
      const a = await h.driver.claims.create(p, 'q', claimOptions({ limit: 1 }));
      await h.driver.claims.create(p, 'q', claimOptions({ limit: 1 }));
      await expectCode(h.driver.messages.bulkDelete(p, 'q', posted, [a!.id]), 'ZAQAR_MESSAGE_NOT_CLAIMED_BY');
      expect(await listAll(h.driver, p, 'q', { includeClaimed: true })).toHaveLength(2);
    });
  });

  describe('pop', () => {
    it('removes and returns free messages oldest first, skipping claimed ones', async () => {
      const p = h.project();
      const posted = await h.driver.messages.post(p, 'q', many(5), ME);
      await h.driver.claims.create(p, 'q', claimOptions({ limit: 1 }));
      const popped = await h.driver.messages.pop(p, 'q', 2);
      expect(ids(popped)).toEqual(posted.slice(1, 3));
      expect(popped[0]).toMatchObject({ body: 'm1', claimId: null, claimCount: 0, ttl: 3600 });
      expect(await exists(p, 'q', posted[1])).toBe(false);
      expect(ids(await h.driver.messages.pop(p, 'q', 10))).toEqual(posted.slice(3));
      expect(await h.driver.messages.pop(p, 'q', 10)).toEqual([]);
      expect((await h.driver.messages.stats(p, 'q')).total).toBe(1);
    });

    it('returns nothing for a missing queue', async () => {
      expect(await h.driver.messages.pop(h.project(), 'q', 5)).toEqual([]);
    });

    gate.it('delay', 'skips delayed messages', async () => {
      const p = h.project();
      await h.driver.messages.post(p, 'q', [msg('late', { delay: 60 })], ME);
      const [ready] = await h.driver.messages.post(p, 'q', [msg('ready')], ME);
      expect(ids(await h.driver.messages.pop(p, 'q', 5))).toEqual([ready]);
    });
  });

  describe('stats', () => {
    it('is all zero for a missing or empty queue', async () => {
      expect(await h.driver.messages.stats(h.project(), 'q')).toEqual({ claimed: 0, free: 0, delayed: 0, total: 0 });
    });

    it('counts claimed and free messages; oldest and newest include claimed ones', async () => {
      const p = h.project();
      const posted = await h.driver.messages.post(p, 'q', many(5), ME);
      await h.driver.claims.create(p, 'q', claimOptions({ limit: 2 }));
      const stats = await h.driver.messages.stats(p, 'q');
      expect(stats).toMatchObject({ claimed: 2, free: 3, delayed: 0, total: 5 });
      expect(stats.oldest?.id).toBe(posted[0]);
      expect(stats.newest?.id).toBe(posted[4]);
    });

    gate.it(['delay', 'clock'], 'counts delayed messages in total and free', async () => {
      const p = h.project();
      await h.driver.messages.post(p, 'q', [msg('late', { delay: 60 }), msg('late2', { delay: 60 })], ME);
      await h.driver.messages.post(p, 'q', [msg('now')], ME);
      await h.driver.claims.create(p, 'q', claimOptions());
      expect(await h.driver.messages.stats(p, 'q')).toMatchObject({ claimed: 1, free: 2, delayed: 2, total: 3 });
      h.clock.advance(60);
      expect(await h.driver.messages.stats(p, 'q')).toMatchObject({ claimed: 1, free: 2, delayed: 0, total: 3 });
    });

    gate.it('clock', 'reports age and creation time of oldest and newest; expired messages are not counted', async () => {
      const p = h.project();
      const t0 = h.clock.now();
      const [old] = await h.driver.messages.post(p, 'q', [msg('old', { ttl: 60 })], ME);
      h.clock.advance(10);
      const [young] = await h.driver.messages.post(p, 'q', [msg('young', { ttl: 3600 })], ME);
      expect((await h.driver.messages.stats(p, 'q')).oldest).toEqual({ id: old, age: 10, created: t0 });
      expect((await h.driver.messages.stats(p, 'q')).newest).toEqual({ id: young, age: 0, created: t0 + 10 });
      h.clock.advance(50);
      const stats = await h.driver.messages.stats(p, 'q');
      expect(stats).toMatchObject({ total: 1, free: 1, claimed: 0 });
      expect(stats.oldest?.id).toBe(young);
    });
  });

  describe('deleteAll (purge / queue delete)', () => {
    it('removes every message and claim of the queue only', async () => {
      const p = h.project();
      const other = h.project();
      await h.driver.messages.post(p, 'q', many(3), ME);
      const claim = await h.driver.claims.create(p, 'q', claimOptions({ limit: 1 }));
      await h.driver.messages.post(p, 'q', [msg('late', { delay: 60 })], ME);
      const [kept] = await h.driver.messages.post(p, 'q2', [msg('kept')], ME);
      const [keptElsewhere] = await h.driver.messages.post(other, 'q', [msg('kept')], ME);
      await h.driver.messages.deleteAll(p, 'q');
      expect(await h.driver.messages.stats(p, 'q')).toEqual({ claimed: 0, free: 0, delayed: 0, total: 0 });
      await expectCode(h.driver.claims.get(p, 'q', claim!.id), 'ZAQAR_CLAIM_DOES_NOT_EXIST');
      expect(await exists(p, 'q2', kept)).toBe(true);
      expect(await exists(other, 'q', keptElsewhere)).toBe(true);
      await expect(h.driver.messages.deleteAll(h.project(), 'missing')).resolves.toBeUndefined();
    });
  });
}
