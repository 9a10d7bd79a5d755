import { wrapController } from '../src/pipeline/pipeline';

class Store {
  calls: string[] = [];
  async post(queue: string, n: number): Promise<string[]> {
    this.calls.push(`store:${queue}`);
    return Array.from({ length: n }, (_, i) => `${queue}-${i}`);
  }
  async other(): Promise<string> {
    return 'untouched';
  }
}

describe('wrapController', () => {
  it('runs stages in order around the store and lets a stage see the stored result', async () => {
    const store = new Store();
    const seen: string[] = [];
    const wrapped = wrapController(store, [
      {
        post: async (next: (q: string, n: number) => Promise<string[]>, q: string, n: number) => {
          seen.push('first');
          const ids = await next(q, n);
          seen.push(`after:${ids.join(',')}`);
          return ids;
        },
      },
      {
        post: async (next: (q: string, n: number) => Promise<string[]>, q: string, n: number) => {
          seen.push('second');
          return next(q.toUpperCase(), n);
        },
      },
    ] as never);
    await expect(wrapped.post('q', 2)).resolves.toEqual(['Q-0', 'Q-1']);
    expect(seen).toEqual(['first', 'second', 'after:Q-0,Q-1']);
    expect(store.calls).toEqual(['store:Q']);
    await expect(wrapped.other()).resolves.toBe('untouched');
  });

  it('lets a stage short-circuit without reaching the store', async () => {
    const store = new Store();
    const wrapped = wrapController(store, [{ post: async () => ['cached'] }] as never);
    await expect(wrapped.post('q', 1)).resolves.toEqual(['cached']);
    expect(store.calls).toEqual([]);
  });
});
