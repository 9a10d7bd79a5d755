import type { QueueController, QueueListOptions } from '@zaqarjs/core';
import { expectCode } from '../harness';
import { byteSorted, type ControlGate, type ControlHarness } from './fixtures';

/** How the queue contract addresses queues or topics. */
export interface CatalogUnderTest {
  /** Plural noun for titles ("queues", "topics"). */
  noun: string;
  controller(h: ControlHarness): QueueController;
  /** Code of the error for a missing entry. */
  missingCode: string;
}

const opts = (o: Partial<QueueListOptions> = {}): QueueListOptions => ({ limit: 10, detailed: false, ...o });

/** The QueueController contract, for queues and (with another error code) topics. */
export function queueCatalogContract(h: ControlHarness, gate: ControlGate, c: CatalogUnderTest): void {
  const names = async (project: string, o: Partial<QueueListOptions> = {}) => {
    const all: string[] = [];
    let marker: string | undefined;
    for (;;) {
      const page = await c.controller(h).list(project, opts({ ...o, marker }));
      if (page.items.length === 0) return all;
      all.push(...page.items.map((q) => q.name));
      marker = page.marker;
    }
  };

  it(`creates ${c.noun} once and leaves metadata untouched on re-create`, async () => {
    const p = h.project();
    const ctl = c.controller(h);
    expect(await ctl.create(p, 'q', { a: 1, _default_message_ttl: 300 })).toBe(true);
    expect(await ctl.create(p, 'q', { b: 2 })).toBe(false);
    expect(await ctl.getMetadata(p, 'q')).toEqual({ a: 1, _default_message_ttl: 300 });
    expect(await ctl.get(p, 'q')).toEqual({ a: 1, _default_message_ttl: 300 });
    expect(await ctl.exists(p, 'q')).toBe(true);
    expect(await ctl.exists(p, 'Q')).toBe(false);
    expect(await ctl.exists(h.project(), 'q')).toBe(false);
  });

  it('answers {} from get and the typed error from getMetadata/setMetadata for a missing one', async () => {
    const p = h.project();
    const ctl = c.controller(h);
    expect(await ctl.get(p, 'missing')).toEqual({});
    await expectCode(ctl.getMetadata(p, 'missing'), c.missingCode);
    await expectCode(ctl.setMetadata(p, 'missing', { a: 1 }), c.missingCode);
    expect(await ctl.exists(p, 'missing')).toBe(false);
  });

  it('replaces metadata with setMetadata', async () => {
    const p = h.project();
    const ctl = c.controller(h);
    await ctl.create(p, 'q', { a: 1, keep: 'no' });
    await ctl.setMetadata(p, 'q', { b: [1, { c: null }], unicode: 'é✓' });
    expect(await ctl.getMetadata(p, 'q')).toEqual({ b: [1, { c: null }], unicode: 'é✓' });
  });

  it('deletes idempotently and counts per project', async () => {
    const p = h.project();
    const ctl = c.controller(h);
    for (const name of ['a', 'b', 'c']) await ctl.create(p, name, {});
    await ctl.create(h.project(), 'a', {});
    expect(await ctl.count(p)).toBe(3);
    await ctl.delete(p, 'b');
    await ctl.delete(p, 'b');
    await ctl.delete(p, 'never');
    expect(await ctl.exists(p, 'b')).toBe(false);
    expect(await ctl.count(p)).toBe(2);
    expect(await ctl.count(h.project())).toBe(0);
  });

  it('lists in byte order of name, strictly after the marker, across pages', async () => {
    const p = h.project();
    const created = ['b', 'B', 'a', 'A', '_x', '-y', '9', 'a.b', 'a-b', 'a_b', 'aa', 'Z'];
    for (const name of created) await c.controller(h).create(p, name, { n: name });
    await c.controller(h).create(h.project(), 'zz-other-project', {});
    expect(await names(p, { limit: 3 })).toEqual(byteSorted(created));
    const page = await c.controller(h).list(p, opts({ marker: 'a', limit: 2 }));
    expect(page.items.map((q) => q.name)).toEqual(
      byteSorted(created)
        .filter((n) => Buffer.compare(Buffer.from(n), Buffer.from('a')) > 0)
        .slice(0, 2),
    );
    expect(page.marker).toBe(page.items[1].name);
  });

  it('includes metadata only when detailed', async () => {
    const p = h.project();
    await c.controller(h).create(p, 'q', { a: 1 });
    expect((await c.controller(h).list(p, opts())).items).toEqual([{ name: 'q' }]);
    expect((await c.controller(h).list(p, opts({ detailed: true }))).items).toEqual([{ name: 'q', metadata: { a: 1 } }]);
    expect(await c.controller(h).list(h.project(), opts())).toEqual({ items: [] });
  });

  gate.it('queueFilters', 'filters by a case-sensitive name substring, LIKE wildcards taken literally', async () => {
    const p = h.project();
    for (const name of ['alpha', 'Alpha', 'beta', 'al%x', 'al_x', 'alax', 'xal']) await c.controller(h).create(p, name, {});
    expect(await names(p, { name: 'al' })).toEqual(byteSorted(['alpha', 'al%x', 'al_x', 'alax', 'xal']));
    expect(await names(p, { name: '%' })).toEqual(['al%x']);
    expect(await names(p, { name: '_' })).toEqual(['al_x']);
    expect(await names(p, { name: 'AL' })).toEqual([]);
  });

  gate.it('queueFilters', 'filters by metadata equality before applying the limit', async () => {
    const p = h.project();
    const ctl = c.controller(h);
    for (let i = 0; i < 30; i++) await ctl.create(p, `q${String(i).padStart(2, '0')}`, { color: 'blue', n: i });
    await ctl.create(p, 'r1', { color: 'red', n: 1, flag: true, nested: { a: [1] } });
    await ctl.create(p, 'r2', { color: 'red', n: '1' });
    const first = await ctl.list(p, opts({ filters: { color: 'red' }, limit: 1 }));
    expect(first.items.map((q) => q.name)).toEqual(['r1']);
    expect((await ctl.list(p, opts({ filters: { color: 'red' }, limit: 1, marker: first.marker }))).items.map((q) => q.name)).toEqual(['r2']);
    expect(await names(p, { filters: { n: 1 } })).toEqual(['q01', 'r1']);
    expect(await names(p, { filters: { n: '1' } })).toEqual(['r2']);
    expect(await names(p, { filters: { flag: true, nested: { a: [1] } } })).toEqual(['r1']);
    expect(await names(p, { filters: { color: 'red' }, name: '2' })).toEqual(['r2']);
    expect(await names(p, { filters: { missing: null } })).toEqual([]);
  });
}
