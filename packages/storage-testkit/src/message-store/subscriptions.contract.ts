import { randomUUID } from 'node:crypto';
import { expectCode } from '../harness';
import type { MessageGate, MessageHarness } from './fixtures';

/** Subscriptions: uniqueness, paging, update rules, confirmation and ttl. */
export function subscriptionsContract(h: MessageHarness, gate: MessageGate): void {
  const url = () => `http://example.com/${randomUUID()}`;

  gate.describe('subscriptions', 'subscriptions', () => {
    it('creates unconfirmed subscriptions, unique per (project, queue, subscriber)', async () => {
      const p = h.project();
      const subscriber = url();
      const id = await h.driver.subscriptions.create(p, 'q', subscriber, 3600, { post_data: '"$zaqar_message$"' });
      expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(await h.driver.subscriptions.get(p, 'q', id!)).toMatchObject({
        id,
        source: 'q',
        subscriber,
        ttl: 3600,
        options: { post_data: '"$zaqar_message$"' },
        confirmed: false,
      });
      expect(await h.driver.subscriptions.create(p, 'q', subscriber, 60, {})).toBeNull();
      expect(await h.driver.subscriptions.create(p, 'other', subscriber, 60, {})).not.toBeNull();
      expect(await h.driver.subscriptions.create(h.project(), 'q', subscriber, 60, {})).not.toBeNull();
      expect((await h.driver.subscriptions.getWithSubscriber(p, 'q', subscriber))?.id).toBe(id);
      expect(await h.driver.subscriptions.getWithSubscriber(p, 'q', url())).toBeUndefined();
    });

    it('get is scoped to the queue and project', async () => {
      const p = h.project();
      const id = await h.driver.subscriptions.create(p, 'q', url(), 3600, {});
      await expectCode(h.driver.subscriptions.get(p, 'other', id!), 'ZAQAR_SUBSCRIPTION_DOES_NOT_EXIST');
      await expectCode(h.driver.subscriptions.get(h.project(), 'q', id!), 'ZAQAR_SUBSCRIPTION_DOES_NOT_EXIST');
      await expectCode(h.driver.subscriptions.get(p, 'q', 'garbage'), 'ZAQAR_SUBSCRIPTION_DOES_NOT_EXIST');
    });

    it('lists by id after the marker, and listAll returns every one', async () => {
      const p = h.project();
      const created: string[] = [];
      for (let i = 0; i < 5; i++) created.push((await h.driver.subscriptions.create(p, 'q', url(), 3600, {}))!);
      await h.driver.subscriptions.create(p, 'elsewhere', url(), 3600, {});
      const seen: string[] = [];
      let marker: string | undefined;
      for (;;) {
        const page = await h.driver.subscriptions.list(p, 'q', { marker, limit: 2 });
        if (page.items.length === 0) break;
        expect(page.items.every((s) => s.source === 'q')).toBe(true);
        seen.push(...page.items.map((s) => s.id));
        marker = page.marker;
      }
      expect(seen).toEqual([...created].sort());
      expect((await h.driver.subscriptions.listAll(p, 'q')).map((s) => s.id).sort()).toEqual([...created].sort());
      expect((await h.driver.subscriptions.list(h.project(), 'q', { limit: 10 })).items).toEqual([]);
    });

    it('updates subscriber and options; a subscriber used by another subscription conflicts', async () => {
      const p = h.project();
      const [a, b] = [url(), url()];
      const id = await h.driver.subscriptions.create(p, 'q', a, 3600, { x: 1 });
      await h.driver.subscriptions.create(p, 'q', b, 3600, {});
      await h.driver.subscriptions.update(p, 'q', id!, { options: { y: 2 } });
      await h.driver.subscriptions.update(p, 'q', id!, { subscriber: a });
      expect(await h.driver.subscriptions.get(p, 'q', id!)).toMatchObject({ subscriber: a, options: { y: 2 } });
      await expectCode(h.driver.subscriptions.update(p, 'q', id!, { subscriber: b }), 'ZAQAR_SUBSCRIPTION_ALREADY_EXISTS');
      const c = url();
      await h.driver.subscriptions.update(p, 'q', id!, { subscriber: c });
      expect((await h.driver.subscriptions.getWithSubscriber(p, 'q', c))?.id).toBe(id);
      expect(await h.driver.subscriptions.create(p, 'q', a, 3600, {})).not.toBeNull();
      await expectCode(h.driver.subscriptions.update(p, 'q', randomUUID(), { ttl: 60 }), 'ZAQAR_SUBSCRIPTION_DOES_NOT_EXIST');
    });

    it('confirms and un-confirms; a missing subscription cannot be confirmed', async () => {
      const p = h.project();
      const id = await h.driver.subscriptions.create(p, 'q', url(), 3600, {});
      await h.driver.subscriptions.confirm(p, 'q', id!, true);
      expect((await h.driver.subscriptions.get(p, 'q', id!)).confirmed).toBe(true);
      await h.driver.subscriptions.update(p, 'q', id!, { options: { z: 1 } });
      expect((await h.driver.subscriptions.get(p, 'q', id!)).confirmed).toBe(true);
      await h.driver.subscriptions.confirm(p, 'q', id!, false);
      expect((await h.driver.subscriptions.get(p, 'q', id!)).confirmed).toBe(false);
      await expectCode(h.driver.subscriptions.confirm(p, 'q', randomUUID(), true), 'ZAQAR_SUBSCRIPTION_DOES_NOT_EXIST');
    });

    it('delete is idempotent', async () => {
      const p = h.project();
      const id = await h.driver.subscriptions.create(p, 'q', url(), 3600, {});
      await h.driver.subscriptions.delete(p, 'other', id!);
      expect((await h.driver.subscriptions.get(p, 'q', id!)).id).toBe(id);
      await h.driver.subscriptions.delete(p, 'q', id!);
      await h.driver.subscriptions.delete(p, 'q', id!);
      await expectCode(h.driver.subscriptions.get(p, 'q', id!), 'ZAQAR_SUBSCRIPTION_DOES_NOT_EXIST');
    });

    gate.it('clock', 'reports age, restarts it on a ttl change and expires after the ttl', async () => {
      const p = h.project();
      const subscriber = url();
      const id = await h.driver.subscriptions.create(p, 'q', subscriber, 100, {});
      h.clock.advance(40);
      expect(await h.driver.subscriptions.get(p, 'q', id!)).toMatchObject({ ttl: 100, age: 40 });
      await h.driver.subscriptions.update(p, 'q', id!, { ttl: 200 });
      expect(await h.driver.subscriptions.get(p, 'q', id!)).toMatchObject({ ttl: 200, age: 0 });
      h.clock.advance(199);
      expect(await h.driver.subscriptions.get(p, 'q', id!)).toMatchObject({ ttl: 200, age: 199 });
      h.clock.advance(1);
      await expectCode(h.driver.subscriptions.get(p, 'q', id!), 'ZAQAR_SUBSCRIPTION_DOES_NOT_EXIST');
      expect((await h.driver.subscriptions.list(p, 'q', { limit: 10 })).items).toEqual([]);
      expect(await h.driver.subscriptions.listAll(p, 'q')).toEqual([]);
      expect(await h.driver.subscriptions.getWithSubscriber(p, 'q', subscriber)).toBeUndefined();
      await expectCode(h.driver.subscriptions.confirm(p, 'q', id!, true), 'ZAQAR_SUBSCRIPTION_DOES_NOT_EXIST');
      const again = await h.driver.subscriptions.create(p, 'q', subscriber, 60, {});
      expect(again).not.toBeNull();
      expect(again).not.toBe(id);
    });
  });
}
