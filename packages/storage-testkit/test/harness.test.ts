import { StorageUnavailable } from '@zaqarjs/core';
import { expectCode, FeatureGate, TestClock } from '../src';

describe('TestClock', () => {
  it('starts at the given second and only moves when advanced', () => {
    const clock = new TestClock(1_000);
    const { now } = clock;
    expect(now()).toBe(1_000);
    clock.advance(61);
    expect(now()).toBe(1_061);
    expect(() => clock.advance(-1)).toThrow();
    expect(() => clock.advance(0.5)).toThrow();
  });

  it('defaults to the current second', () => {
    expect(Math.abs(new TestClock().now() - Date.now() / 1000)).toBeLessThan(2);
  });
});

describe('FeatureGate', () => {
  const gate = new FeatureGate<'clock' | 'topics'>({ topics: 'no topic controller' });

  it('knows why a feature is skipped', () => {
    expect(gate.reason('topics')).toBe('no topic controller');
    expect(gate.reason('clock')).toBeUndefined();
  });

  gate.it('clock', 'runs tests whose features are present', async () => {
    expect(true).toBe(true);
  });

  it('registers a test needing a missing feature as skipped, with the reason in its title', () => {
    const registered: string[] = [];
    const recorder = new FeatureGate<'clock' | 'topics'>(
      { topics: 'no topic controller' },
      {
        it: (title) => registered.push(`run: ${title}`),
        skip: (title) => registered.push(`skip: ${title}`),
      },
    );
    recorder.it(['clock', 'topics'], 'needs both', async () => undefined);
    recorder.it('clock', 'needs the clock', async () => undefined);
    expect(registered).toEqual(['skip: needs both [skipped: topics: no topic controller]', 'run: needs the clock']);
  });
});

describe('expectCode', () => {
  it('matches storage errors by code', async () => {
    await expectCode(Promise.reject(new StorageUnavailable()), 'ZAQAR_STORAGE_UNAVAILABLE');
    await expect(expectCode(Promise.resolve(1), 'ZAQAR_STORAGE_UNAVAILABLE')).rejects.toThrow();
  });
});
