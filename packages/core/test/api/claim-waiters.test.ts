/**
 * ClaimWaiters' rules, on the class itself (the real-server behaviour is in
 * test/http/long-poll-claims.test.ts): a notice of n messages wakes the n
 * oldest sleepers; a wake-up given to a claimer busy claiming is kept for its
 * next sleep; one left unspent passes to the next; the re-check wakes the
 * oldest; close ends every sleep.
 */
import { ClaimWaiters } from '../../src/api/claim-waiters';
import type { PostedEvent } from '../../src/storage/message-events';

const FAR = () => Date.now() + 60_000;
const posted = (n: number): PostedEvent => ({ project: 'p', queue: 'q', messageIds: Array.from({ length: n }, (_, i) => `m${i}`) });

/** Whether `promise` settled within a few turns, and with what. */
async function settled<T>(promise: Promise<T>): Promise<T | 'pending'> {
  return Promise.race([promise, new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), 20))]);
}

describe('ClaimWaiters', () => {
  it('wakes the n oldest sleepers for a post of n messages, in arrival order', async () => {
    const waiters = new ClaimWaiters(undefined);
    const line = await Promise.all([0, 1, 2].map(() => waiters.join('p', 'q')));
    const sleeps = line.map((w) => w.sleep(FAR()));
    waiters.posted(posted(2));
    expect(await Promise.all(sleeps.slice(0, 2).map(settled))).toEqual([true, true]);
    expect(await settled(sleeps[2])).toBe('pending');
    waiters.posted({ project: 'p', queue: 'other', messageIds: ['x'] });
    expect(await settled(sleeps[2])).toBe('pending');
    waiters.close();
    expect(await sleeps[2]).toBe(false);
  });

  it('keeps a wake-up given while the claimer was busy, and passes on one left unspent', async () => {
    const waiters = new ClaimWaiters(undefined);
    const [busy, next] = [await waiters.join('p', 'q'), await waiters.join('p', 'q')];
    const nextSleep = next.sleep(FAR());
    waiters.posted(posted(1)); // busy is not sleeping: it holds the wake-up
    expect(await settled(nextSleep)).toBe('pending');
    busy.leave(); // e.g. it claimed a message of its own: the wake-up goes on
    expect(await settled(nextSleep)).toBe(true);
    next.leave();
    const again = await waiters.join('p', 'q');
    waiters.posted(posted(1)); // again is claiming, not sleeping
    expect(await settled(again.sleep(FAR()))).toBe(true); // spent at once
    again.leave();
    expect(waiters.size).toBe(0);
  });

  it('ends a sleep at its deadline or on abort, and the re-check wakes the oldest', async () => {
    const waiters = new ClaimWaiters(undefined, 30);
    const [oldest, younger] = [await waiters.join('p', 'q'), await waiters.join('p', 'q')];
    const abort = new AbortController();
    const youngerSleep = younger.sleep(FAR(), abort.signal);
    expect(await oldest.sleep(FAR())).toBe(true); // the 30 ms re-check
    abort.abort();
    expect(await youngerSleep).toBe(false);
    expect(await oldest.sleep(Date.now() + 5)).toBe(false);
    oldest.leave();
    younger.leave();
  });

  it('subscribes to notices once, before the first waiter joins', async () => {
    const listeners: ((event: PostedEvent) => void)[] = [];
    const waiters = new ClaimWaiters({ hear: async (listener) => (listeners.push(listener), () => undefined) });
    const [a, b] = [await waiters.join('p', 'q'), await waiters.join('p', 'q')];
    expect(listeners).toHaveLength(1);
    const sleep = a.sleep(FAR());
    listeners[0](posted(1));
    expect(await sleep).toBe(true);
    a.leave();
    b.leave();
  });
});
