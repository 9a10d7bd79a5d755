import { expectCode } from '../harness';
import { ids, listAll, listOptions, ME, many, msg, OTHER, type MessageGate, type MessageHarness } from './fixtures';

/** post, get, list: stored values, FIFO order, listing filters and marker paging. */
export function postAndListContract(h: MessageHarness, gate: MessageGate): void {
  describe('post and get', () => {
    it('stores a batch and returns distinct, URL-safe ids in request order', async () => {
      const p = h.project();
      const bodies = [{ a: 1, nested: { b: [1, 2] } }, [1, 'x'], 'text', 42, 1.5, true, false, null];
      const posted = await h.driver.messages.post(
        p,
        'q',
        bodies.map((b) => msg(b)),
        ME,
      );
      expect(posted).toHaveLength(bodies.length);
      expect(new Set(posted).size).toBe(bodies.length);
      for (const [i, id] of posted.entries()) {
        expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
        const got = await h.driver.messages.get(p, 'q', id);
        expect(got).toMatchObject({ id, ttl: 3600, body: bodies[i], claimId: null, claimCount: 0, clientId: ME });
        expect(got.checksum).toBeUndefined();
      }
      expect(ids(await listAll(h.driver, p, 'q'))).toEqual(posted);
    });

    it('keeps the checksum it was given', async () => {
      const p = h.project();
      const [id] = await h.driver.messages.post(p, 'q', [msg({ event: 'x' }, { checksum: 'MD5:82eb2714b7c0237d373947c046cac78d' })], ME);
      expect((await h.driver.messages.get(p, 'q', id)).checksum).toBe('MD5:82eb2714b7c0237d373947c046cac78d');
    });

    gate.it('clock', 'records the creation time and reports age from it', async () => {
      const p = h.project();
      const created = h.clock.now();
      const [id] = await h.driver.messages.post(p, 'q', [msg('x', { ttl: 300 })], ME);
      expect(await h.driver.messages.get(p, 'q', id)).toMatchObject({ created, age: 0, ttl: 300 });
      h.clock.advance(7);
      expect(await h.driver.messages.get(p, 'q', id)).toMatchObject({ created, age: 7, ttl: 300 });
    });

    it('scopes ids to their queue and project', async () => {
      const p = h.project();
      const [id] = await h.driver.messages.post(p, 'q', [msg('x')], ME);
      await expectCode(h.driver.messages.get(p, 'other', id), 'ZAQAR_MESSAGE_DOES_NOT_EXIST');
      await expectCode(h.driver.messages.get(h.project(), 'q', id), 'ZAQAR_MESSAGE_DOES_NOT_EXIST');
      await expectCode(h.driver.messages.get(p, 'q', 'no-such-id'), 'ZAQAR_MESSAGE_DOES_NOT_EXIST');
      await expectCode(h.driver.messages.get(p, 'q', '%%% not an id'), 'ZAQAR_MESSAGE_DOES_NOT_EXIST');
    });

    it('bulkGet returns the listed messages that exist, whatever their state, skipping unknown and malformed ids', async () => {
      const p = h.project();
      const posted = await h.driver.messages.post(p, 'q', many(3), ME);
      const [foreign] = await h.driver.messages.post(p, 'other', [msg('x')], ME);
      await h.driver.claims.create(p, 'q', { ttl: 300, grace: 60, limit: 1 });
      const got = await h.driver.messages.bulkGet(p, 'q', [posted[0], 'unknown', '', '%%%', foreign, posted[2], posted[0]]);
      expect(ids(got).sort()).toEqual([posted[0], posted[2]].sort());
      expect(got.find((m) => m.id === posted[0])?.claimId).not.toBeNull();
      expect(await h.driver.messages.bulkGet(p, 'q', [])).toEqual([]);
    });
  });

  describe('FIFO', () => {
    it('lists oldest first; batches stay contiguous and in request order', async () => {
      const p = h.project();
      const a = await h.driver.messages.post(p, 'q', many(3, 'a'), ME);
      const b = await h.driver.messages.post(p, 'q', many(2, 'b'), ME);
      const c = await h.driver.messages.post(p, 'q', many(4, 'c'), ME);
      const listed = await listAll(h.driver, p, 'q', { limit: 4 });
      expect(ids(listed)).toEqual([...a, ...b, ...c]);
      expect(listed.map((m) => m.body)).toEqual(['a0', 'a1', 'a2', 'b0', 'b1', 'c0', 'c1', 'c2', 'c3']);
    });

    gate.it('concurrency', 'keeps each batch contiguous under concurrent posters', async () => {
      const p = h.project();
      const batches = await Promise.all(Array.from({ length: 10 }, (_, i) => h.driver.messages.post(p, 'q', many(5, `w${i}-`), `client-${i}`)));
      const listed = ids(await listAll(h.driver, p, 'q', { limit: 20 }));
      expect(listed).toHaveLength(50);
      for (const batch of batches) {
        const start = listed.indexOf(batch[0]);
        expect(listed.slice(start, start + batch.length)).toEqual(batch);
      }
    });
  });

  describe('listing filters', () => {
    it("hides the caller's own messages unless echo, filtering before the limit", async () => {
      const p = h.project();
      await h.driver.messages.post(p, 'q', many(25, 'mine'), ME);
      const [theirs] = await h.driver.messages.post(p, 'q', [msg('theirs')], OTHER);
      const page = await h.driver.messages.list(p, 'q', listOptions({ echo: false, limit: 5 }));
      expect(ids(page.items)).toEqual([theirs]);
      expect((await h.driver.messages.list(p, 'q', listOptions({ echo: true, limit: 5 }))).items).toHaveLength(5);
    });

    it('compares client ids as UUIDs (case-insensitive) for echo', async () => {
      const p = h.project();
      await h.driver.messages.post(p, 'q', [msg('upper')], ME.toUpperCase());
      expect((await h.driver.messages.list(p, 'q', listOptions({ echo: false }))).items).toEqual([]);
    });

    it('hides claimed messages unless includeClaimed, which shows their claim id', async () => {
      const p = h.project();
      const posted = await h.driver.messages.post(p, 'q', many(4), ME);
      const claim = await h.driver.claims.create(p, 'q', { ttl: 300, grace: 60, limit: 2 });
      expect(ids((await h.driver.messages.list(p, 'q', listOptions())).items)).toEqual(posted.slice(2));
      const all = (await h.driver.messages.list(p, 'q', listOptions({ includeClaimed: true }))).items;
      expect(ids(all)).toEqual(posted);
      expect(all.map((m) => m.claimId)).toEqual([claim!.id, claim!.id, null, null]);
    });

    gate.it(['delay', 'clock'], 'hides delayed messages unless includeDelayed, until the delay ends', async () => {
      const p = h.project();
      const [late] = await h.driver.messages.post(p, 'q', [msg('late', { delay: 30 })], ME);
      const [now] = await h.driver.messages.post(p, 'q', [msg('now')], ME);
      expect(ids((await h.driver.messages.list(p, 'q', listOptions())).items)).toEqual([now]);
      expect(ids((await h.driver.messages.list(p, 'q', listOptions({ includeDelayed: true }))).items)).toEqual([late, now]);
      expect((await h.driver.messages.get(p, 'q', late)).body).toBe('late');
      h.clock.advance(29);
      expect(ids((await h.driver.messages.list(p, 'q', listOptions())).items)).toEqual([now]);
      h.clock.advance(1);
      expect(ids((await h.driver.messages.list(p, 'q', listOptions())).items)).toEqual([late, now]);
    });
  });

  describe('paging with markers', () => {
    it('pages through 25 messages as 10, 10, 5, then an empty page without marker', async () => {
      const p = h.project();
      const posted = await h.driver.messages.post(p, 'q', many(25), ME);
      const sizes: number[] = [];
      const seen: string[] = [];
      let marker: string | undefined;
      for (;;) {
        const page = await h.driver.messages.list(p, 'q', listOptions({ marker }));
        sizes.push(page.items.length);
        if (page.items.length === 0) {
          expect(page.marker).toBeUndefined();
          break;
        }
        expect(typeof page.marker).toBe('string');
        seen.push(...ids(page.items));
        marker = page.marker;
      }
      expect(sizes).toEqual([10, 10, 5, 0]);
      expect(seen).toEqual(posted);
    });

    it('continues after a marker whose message was deleted', async () => {
      const p = h.project();
      const posted = await h.driver.messages.post(p, 'q', many(6), ME);
      const first = await h.driver.messages.list(p, 'q', listOptions({ limit: 3 }));
      await h.driver.messages.delete(p, 'q', posted[2]);
      await h.driver.messages.delete(p, 'q', posted[3]);
      const next = await h.driver.messages.list(p, 'q', listOptions({ limit: 3, marker: first.marker }));
      expect(ids(next.items)).toEqual(posted.slice(4));
    });

    it('shows messages posted after the marker on the next page', async () => {
      const p = h.project();
      await h.driver.messages.post(p, 'q', many(5), ME);
      const first = await h.driver.messages.list(p, 'q', listOptions());
      const later = await h.driver.messages.post(p, 'q', many(3, 'later'), ME);
      expect(ids((await h.driver.messages.list(p, 'q', listOptions({ marker: first.marker }))).items)).toEqual(later);
    });

    it('answers an unknown or garbage marker with an empty page', async () => {
      const p = h.project();
      await h.driver.messages.post(p, 'q', many(3), ME);
      for (const marker of ['garbage', '-1', '1.5', 'ffffffff-ffff-4fff-8fff-ffffffffffff']) {
        expect((await h.driver.messages.list(p, 'q', listOptions({ marker }))).items).toEqual([]);
      }
    });

    it('lists an empty or missing queue as an empty page', async () => {
      const page = await h.driver.messages.list(h.project(), 'nothing-here', listOptions());
      expect(page.items).toEqual([]);
      expect(page.marker).toBeUndefined();
    });
  });
}
