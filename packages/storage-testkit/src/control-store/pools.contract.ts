import { randomUUID } from 'node:crypto';
import type { Pool } from '@zaqarjs/core';
import { expectCode } from '../harness';
import type { ControlGate, ControlHarness } from './fixtures';

/** Pools are global (not per project): every test uses names under its own random prefix. */
export function poolsContract(h: ControlHarness, gate: ControlGate): void {
  const prefix = () => `pool-${randomUUID()}`;
  const pool = (name: string, overrides: Partial<Pool> = {}): Pool => ({
    name,
    uri: `redis://${name}:6379`,
    weight: 100,
    flavor: null,
    options: {},
    ...overrides,
  });

  gate.describe('pools', 'pools', () => {
    it('creates (upserts), gets and checks existence', async () => {
      const name = prefix();
      await h.driver.pools.create(pool(name, { options: { max_reconnect_attempts: 3 } }));
      expect(await h.driver.pools.get(name)).toEqual(pool(name, { options: { max_reconnect_attempts: 3 } }));
      expect(await h.driver.pools.exists(name)).toBe(true);
      await h.driver.pools.create(pool(name, { weight: 5, uri: `redis://${name}:6380` }));
      expect(await h.driver.pools.get(name)).toMatchObject({ weight: 5, uri: `redis://${name}:6380`, options: {} });
      await expectCode(h.driver.pools.get(prefix()), 'ZAQAR_POOL_DOES_NOT_EXIST');
      expect(await h.driver.pools.exists(prefix())).toBe(false);
    });

    it('refuses a uri already used by another pool (PoolAlreadyExists)', async () => {
      const [a, b] = [prefix(), prefix()];
      await h.driver.pools.create(pool(a));
      await expectCode(h.driver.pools.create(pool(b, { uri: pool(a).uri })), 'ZAQAR_POOL_ALREADY_EXISTS');
      await h.driver.pools.create(pool(b));
      await expectCode(h.driver.pools.update(b, { uri: pool(a).uri }), 'ZAQAR_POOL_ALREADY_EXISTS');
      expect(await h.driver.pools.exists(b)).toBe(true);
    });

    it('lists by name after the marker; limit 0 lists all', async () => {
      const base = prefix();
      const names = ['c', 'a', 'b', 'd'].map((s) => `${base}-${s}`);
      for (const name of names) await h.driver.pools.create(pool(name));
      const page = await h.driver.pools.list({ marker: base, limit: 2, detailed: true });
      expect(page.items.map((p) => p.name)).toEqual([`${base}-a`, `${base}-b`]);
      expect(page.items[0]).toEqual(pool(`${base}-a`));
      const next = await h.driver.pools.list({ marker: page.marker, limit: 2, detailed: false });
      expect(next.items.map((p) => p.name)).toEqual([`${base}-c`, `${base}-d`]);
      const all = (await h.driver.pools.list({ limit: 0, detailed: false })).items.map((p) => p.name);
      expect(all.filter((n) => n.startsWith(base))).toEqual([...names].sort());
    });

    it('updates fields; an empty flavor unsets it; a missing pool is PoolDoesNotExist', async () => {
      const name = prefix();
      await h.driver.pools.create(pool(name));
      await h.driver.pools.update(name, { weight: 7, flavor: 'gold', options: { a: 1 } });
      expect(await h.driver.pools.get(name)).toMatchObject({ weight: 7, flavor: 'gold', options: { a: 1 } });
      await h.driver.pools.update(name, { flavor: '' });
      expect((await h.driver.pools.get(name)).flavor).toBeNull();
      await expectCode(h.driver.pools.update(prefix(), { weight: 1 }), 'ZAQAR_POOL_DOES_NOT_EXIST');
    });

    it('finds pools by flavor, null meaning pools without one', async () => {
      const base = prefix();
      const flavor = `fl-${randomUUID()}`;
      await h.driver.pools.create(pool(`${base}-1`, { flavor }));
      await h.driver.pools.create(pool(`${base}-2`, { flavor }));
      await h.driver.pools.create(pool(`${base}-3`));
      expect((await h.driver.pools.getByFlavor(flavor)).map((p) => p.name)).toEqual([`${base}-1`, `${base}-2`]);
      const flavorless = (await h.driver.pools.getByFlavor(null)).map((p) => p.name);
      expect(flavorless).toContain(`${base}-3`);
      expect(flavorless).not.toContain(`${base}-1`);
    });

    it('deletes idempotently but refuses the last pool of an existing flavor', async () => {
      const base = prefix();
      const flavor = `fl-${randomUUID()}`;
      await h.driver.pools.create(pool(`${base}-1`, { flavor }));
      await h.driver.pools.create(pool(`${base}-2`, { flavor }));
      await h.driver.pools.delete(`${base}-1`);
      expect(await h.driver.pools.exists(`${base}-1`)).toBe(false);
      await h.driver.pools.delete(`${base}-1`);
      const hasFlavors = !gate.reason('flavors');
      if (hasFlavors) {
        await h.driver.flavors.create({ name: flavor, project: h.project(), capabilities: {} });
        await expectCode(h.driver.pools.delete(`${base}-2`), 'ZAQAR_POOL_IN_USE_BY_FLAVOR');
        expect(await h.driver.pools.exists(`${base}-2`)).toBe(true);
      }
      await h.driver.pools.update(`${base}-2`, { flavor: null });
      await h.driver.pools.delete(`${base}-2`);
      expect(await h.driver.pools.exists(`${base}-2`)).toBe(false);
    });
  });
}
