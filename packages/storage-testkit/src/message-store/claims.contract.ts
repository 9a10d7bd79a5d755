import { randomUUID } from 'node:crypto';
import { expectCode } from '../harness';
import { claimOptions, ids, listAll, listOptions, ME, many, msg, type MessageGate, type MessageHarness } from './fixtures';

/** Claim create/get/update/delete, TTL extension and claim expiry. */
export function claimsContract(h: MessageHarness, gate: MessageGate): void {
  describe('claims', () => {
    it('claims free messages oldest first up to the limit, then null when none is left', async () => {
      const p = h.project();
      const posted = await h.driver.messages.post(p, 'q', many(5), ME);
      const first = await h.driver.claims.create(p, 'q', claimOptions({ limit: 3 }));
      expect(first!.id).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(ids(first!.messages)).toEqual(posted.slice(0, 3));
      expect(first!.messages.every((m) => m.claimId === first!.id)).toBe(true);
      const second = await h.driver.claims.create(p, 'q', claimOptions({ limit: 3 }));
      expect(ids(second!.messages)).toEqual(posted.slice(3));
      expect(second!.id).not.toBe(first!.id);
      expect(await h.driver.claims.create(p, 'q', claimOptions())).toBeNull();
    });

    it('returns null for an empty or missing queue', async () => {
      expect(await h.driver.claims.create(h.project(), 'q', claimOptions())).toBeNull();
    });

    it("claims the caller's own messages (no echo filter) and hides them from default listings", async () => {
      const p = h.project();
      const posted = await h.driver.messages.post(p, 'q', many(3), ME);
      await h.driver.claims.create(p, 'q', claimOptions({ limit: 1 }));
      expect(ids(await listAll(h.driver, p, 'q', { echo: true }))).toEqual(posted.slice(1));
      expect((await h.driver.messages.get(p, 'q', posted[0])).claimId).not.toBeNull();
    });

    gate.it('delay', 'never claims delayed messages', async () => {
      const p = h.project();
      await h.driver.messages.post(p, 'q', [msg('late', { delay: 60 })], ME);
      expect(await h.driver.claims.create(p, 'q', claimOptions())).toBeNull();
      const [ready] = await h.driver.messages.post(p, 'q', [msg('ready')], ME);
      expect(ids((await h.driver.claims.create(p, 'q', claimOptions()))!.messages)).toEqual([ready]);
    });

    it('does not count claims without a dead-letter policy', async () => {
      const p = h.project();
      const [id] = await h.driver.messages.post(p, 'q', [msg('x')], ME);
      for (let i = 0; i < 2; i++) {
        const claim = await h.driver.claims.create(p, 'q', claimOptions());
        await h.driver.claims.delete(p, 'q', claim!.id);
      }
      expect((await h.driver.messages.get(p, 'q', id)).claimCount).toBe(0);
    });

    it('get returns ttl, age and the messages still held; deleted ones are gone', async () => {
      const p = h.project();
      const posted = await h.driver.messages.post(p, 'q', many(3), ME);
      const claim = await h.driver.claims.create(p, 'q', claimOptions({ ttl: 120, limit: 3 }));
      await h.driver.messages.delete(p, 'q', posted[1], claim!.id);
      const info = await h.driver.claims.get(p, 'q', claim!.id);
      expect(info).toMatchObject({ id: claim!.id, ttl: 120, age: 0 });
      expect(ids(info.messages)).toEqual([posted[0], posted[2]]);
      expect(info.messages.every((m) => m.claimId === claim!.id)).toBe(true);
    });

    it('get/update reject unknown ids and claims of another queue or project (ClaimDoesNotExist)', async () => {
      const p = h.project();
      await h.driver.messages.post(p, 'q', many(1), ME);
      const claim = await h.driver.claims.create(p, 'q', claimOptions());
      for (const [project, queue, id] of [
        [p, 'q', randomUUID()],
        [p, 'q', 'garbage'],
        [p, 'other', claim!.id],
        [h.project(), 'q', claim!.id],
      ]) {
        await expectCode(h.driver.claims.get(project, queue, id), 'ZAQAR_CLAIM_DOES_NOT_EXIST');
        await expectCode(h.driver.claims.update(project, queue, id, { ttl: 60, grace: 60 }), 'ZAQAR_CLAIM_DOES_NOT_EXIST');
      }
    });

    it('delete releases the messages at once and is idempotent', async () => {
      const p = h.project();
      const posted = await h.driver.messages.post(p, 'q', many(2), ME);
      const claim = await h.driver.claims.create(p, 'q', claimOptions());
      await h.driver.claims.delete(p, 'q', claim!.id);
      const listed = await listAll(h.driver, p, 'q');
      expect(ids(listed)).toEqual(posted);
      expect(listed.every((m) => m.claimId === null)).toBe(true);
      await expectCode(h.driver.claims.get(p, 'q', claim!.id), 'ZAQAR_CLAIM_DOES_NOT_EXIST');
      await h.driver.claims.delete(p, 'q', claim!.id);
      await h.driver.claims.delete(p, 'q', randomUUID());
      await h.driver.claims.delete(h.project(), 'missing', 'garbage');
      expect(ids((await h.driver.claims.create(p, 'q', claimOptions()))!.messages)).toEqual(posted);
    });

    it('delete through another queue or project does not release the claim', async () => {
      const p = h.project();
      await h.driver.messages.post(p, 'q', many(1), ME);
      const claim = await h.driver.claims.create(p, 'q', claimOptions());
      await h.driver.claims.delete(p, 'other', claim!.id);
      await h.driver.claims.delete(h.project(), 'q', claim!.id);
      expect(ids((await h.driver.claims.get(p, 'q', claim!.id)).messages)).toHaveLength(1);
    });
  });

  describe('ttl extension (grace)', () => {
    it('raises ttl to claim ttl + grace for messages that would expire first; update re-applies it', async () => {
      const p = h.project();
      const [short] = await h.driver.messages.post(p, 'q', [msg('short', { ttl: 60 })], ME);
      const [long] = await h.driver.messages.post(p, 'q', [msg('long', { ttl: 3600 })], ME);
      const claim = await h.driver.claims.create(p, 'q', claimOptions({ ttl: 100, grace: 60 }));
      expect(claim!.messages.map((m) => m.ttl)).toEqual([160, 3600]);
      expect((await h.driver.messages.get(p, 'q', short)).ttl).toBe(160);
      await h.driver.claims.update(p, 'q', claim!.id, { ttl: 300, grace: 120 });
      expect((await h.driver.messages.get(p, 'q', short)).ttl).toBe(420);
      expect((await h.driver.messages.get(p, 'q', long)).ttl).toBe(3600);
      expect((await h.driver.claims.get(p, 'q', claim!.id)).ttl).toBe(300);
    });

    gate.it('clock', 'really extends the message: it outlives its original expiry, counting from the claim', async () => {
      const p = h.project();
      const [id] = await h.driver.messages.post(p, 'q', [msg('x', { ttl: 60 })], ME);
      h.clock.advance(5);
      const claim = await h.driver.claims.create(p, 'q', claimOptions({ ttl: 60, grace: 60 }));
      expect(claim!.messages[0]).toMatchObject({ ttl: 120, age: 5 });
      h.clock.advance(65);
      expect(await h.driver.messages.get(p, 'q', id)).toMatchObject({ ttl: 120, age: 70, claimId: null });
      h.clock.advance(54);
      expect((await h.driver.messages.get(p, 'q', id)).age).toBe(124);
      h.clock.advance(1);
      await expectCode(h.driver.messages.get(p, 'q', id), 'ZAQAR_MESSAGE_DOES_NOT_EXIST');
    });

    it('keeps the extension after the claim is released', async () => {
      const p = h.project();
      const [id] = await h.driver.messages.post(p, 'q', [msg('x', { ttl: 60 })], ME);
      const claim = await h.driver.claims.create(p, 'q', claimOptions({ ttl: 100, grace: 60 }));
      await h.driver.claims.delete(p, 'q', claim!.id);
      expect(await h.driver.messages.get(p, 'q', id)).toMatchObject({ ttl: 160, claimId: null });
    });
  });

  describe('claim expiry', () => {
    gate.it('clock', 'reports age since creation or renewal', async () => {
      const p = h.project();
      await h.driver.messages.post(p, 'q', many(1), ME);
      const claim = await h.driver.claims.create(p, 'q', claimOptions({ ttl: 100 }));
      h.clock.advance(10);
      expect(await h.driver.claims.get(p, 'q', claim!.id)).toMatchObject({ ttl: 100, age: 10 });
      await h.driver.claims.update(p, 'q', claim!.id, { ttl: 200, grace: 60 });
      expect(await h.driver.claims.get(p, 'q', claim!.id)).toMatchObject({ ttl: 200, age: 0 });
      h.clock.advance(150);
      expect((await h.driver.claims.get(p, 'q', claim!.id)).messages).toHaveLength(1);
    });

    gate.it('clock', 'frees the messages when the claim lapses; the claim is then gone', async () => {
      const p = h.project();
      const posted = await h.driver.messages.post(p, 'q', many(2), ME);
      const claim = await h.driver.claims.create(p, 'q', claimOptions({ ttl: 60 }));
      h.clock.advance(59);
      expect((await h.driver.messages.list(p, 'q', listOptions())).items).toEqual([]);
      h.clock.advance(1);
      await expectCode(h.driver.claims.get(p, 'q', claim!.id), 'ZAQAR_CLAIM_DOES_NOT_EXIST');
      await expectCode(h.driver.claims.update(p, 'q', claim!.id, { ttl: 60, grace: 60 }), 'ZAQAR_CLAIM_DOES_NOT_EXIST');
      const listed = await listAll(h.driver, p, 'q');
      expect(ids(listed)).toEqual(posted);
      expect(listed.every((m) => m.claimId === null)).toBe(true);
      expect((await h.driver.messages.stats(p, 'q')).claimed).toBe(0);
      const again = await h.driver.claims.create(p, 'q', claimOptions());
      expect(ids(again!.messages)).toEqual(posted);
    });
  });
}
