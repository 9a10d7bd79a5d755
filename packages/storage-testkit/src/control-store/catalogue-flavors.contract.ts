import { expectCode } from '../harness';
import type { ControlGate, ControlHarness } from './fixtures';

/** The queue → pool catalogue and per-project flavors. */
export function catalogueAndFlavorsContract(h: ControlHarness, gate: ControlGate): void {
  gate.describe('catalogue', 'catalogue', () => {
    it('inserts (upserts), gets, lists per project, updates and deletes mappings', async () => {
      const p = h.project();
      await h.driver.catalogue.insert(p, 'q1', 'pool-a');
      await h.driver.catalogue.insert(p, 'q2', 'pool-a');
      await h.driver.catalogue.insert(p, 'q1', 'pool-b');
      await h.driver.catalogue.insert(h.project(), 'q1', 'pool-c');
      expect(await h.driver.catalogue.get(p, 'q1')).toEqual({ project: p, queue: 'q1', pool: 'pool-b' });
      expect(await h.driver.catalogue.exists(p, 'q2')).toBe(true);
      expect(await h.driver.catalogue.exists(p, 'q3')).toBe(false);
      const listed = await h.driver.catalogue.list(p);
      expect(listed.map((e) => [e.queue, e.pool]).sort()).toEqual([
        ['q1', 'pool-b'],
        ['q2', 'pool-a'],
      ]);
      await h.driver.catalogue.update(p, 'q2', 'pool-z');
      expect((await h.driver.catalogue.get(p, 'q2')).pool).toBe('pool-z');
      await h.driver.catalogue.delete(p, 'q2');
      await h.driver.catalogue.delete(p, 'q2');
      expect(await h.driver.catalogue.exists(p, 'q2')).toBe(false);
    });

    it('insertIfAbsent keeps the first mapping of a queue, also of concurrent calls, and answers it', async () => {
      const { catalogue } = h.driver;
      if (!catalogue.insertIfAbsent) return; // optional: placement then upserts
      const p = h.project();
      expect(await catalogue.insertIfAbsent(p, 'q1', 'pool-a')).toBe('pool-a');
      expect(await catalogue.insertIfAbsent(p, 'q1', 'pool-b')).toBe('pool-a');
      const raced = await Promise.all(['pool-x', 'pool-y', 'pool-z'].map((pool) => catalogue.insertIfAbsent!(p, 'q2', pool)));
      expect(new Set(raced).size).toBe(1);
      expect((await catalogue.get(p, 'q2')).pool).toBe(raced[0]);
      expect((await catalogue.get(p, 'q1')).pool).toBe('pool-a');
    });

    it('reports unmapped queues as QueueNotMapped', async () => {
      const p = h.project();
      await expectCode(h.driver.catalogue.get(p, 'q'), 'ZAQAR_QUEUE_NOT_MAPPED');
      await expectCode(h.driver.catalogue.update(p, 'q', 'pool'), 'ZAQAR_QUEUE_NOT_MAPPED');
      expect(await h.driver.catalogue.list(p)).toEqual([]);
    });
  });

  gate.describe('flavors', 'flavors', () => {
    it('creates (upserts), gets, checks existence and deletes, per project', async () => {
      const p = h.project();
      await h.driver.flavors.create({ name: 'gold', project: p, capabilities: { fifo: true } });
      await h.driver.flavors.create({ name: 'gold', project: p, capabilities: { durable: 1 } });
      expect(await h.driver.flavors.get(p, 'gold')).toEqual({ name: 'gold', project: p, capabilities: { durable: 1 } });
      expect(await h.driver.flavors.exists(p, 'gold')).toBe(true);
      const other = h.project();
      expect(await h.driver.flavors.exists(other, 'gold')).toBe(false);
      await expectCode(h.driver.flavors.get(other, 'gold'), 'ZAQAR_FLAVOR_DOES_NOT_EXIST');
      await h.driver.flavors.delete(p, 'gold');
      await h.driver.flavors.delete(p, 'gold');
      expect(await h.driver.flavors.exists(p, 'gold')).toBe(false);
    });

    it('lists by name after the marker', async () => {
      const p = h.project();
      for (const name of ['silver', 'bronze', 'gold']) await h.driver.flavors.create({ name, project: p, capabilities: {} });
      await h.driver.flavors.create({ name: 'alien', project: h.project(), capabilities: {} });
      const first = await h.driver.flavors.list(p, { limit: 2 });
      expect(first.items.map((f) => f.name)).toEqual(['bronze', 'gold']);
      const next = await h.driver.flavors.list(p, { limit: 2, marker: first.marker });
      expect(next.items).toEqual([{ name: 'silver', project: p, capabilities: {} }]);
      expect((await h.driver.flavors.list(p, { limit: 2, marker: next.marker })).items).toEqual([]);
    });
  });
}
