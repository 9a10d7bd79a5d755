import { Deliveries, type SetTimer } from '../../src/notifier/deliveries';
import { NotificationFailed } from '../../src/notifier/delivery-error';
import { retrySchedule, selectRetryPolicy } from '../../src/notifier/backoff';
import { TaskPool } from '../../src/notifier/task-pool';
import type { Notification, Notifier } from '../../src/notifier/notifier';
import type { Subscription } from '../../src/storage/types';
import type { Logger } from '../../src/util/logger';

const warnings: Record<string, unknown>[] = [];
const logger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: (obj) => void warnings.push(obj as Record<string, unknown>),
  error: () => undefined,
  child: () => logger,
};

/** A fake clock: timers fire only when the test advances it. */
class FakeClock {
  now = 0;
  private timers: { at: number; callback: () => void }[] = [];
  readonly delays: number[] = [];
  readonly setTimer: SetTimer = (callback, ms) => {
    this.delays.push(ms / 1000);
    this.timers.push({ at: this.now + ms, callback });
  };
  /** Runs due timers (and the deliveries they start) until nothing is due within `ms`. */
  async advance(ms: number): Promise<void> {
    const end = this.now + ms;
    for (;;) {
      await settle();
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.now = next.at;
      next.callback();
    }
    this.now = end;
    await settle();
  }
  get pending(): number {
    return this.timers.length;
  }
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

const subscription = (id: string): Subscription => ({
  id,
  source: 'q',
  subscriber: 'http://user:pw@example.test/hook',
  ttl: 3600,
  age: 0,
  options: {},
  confirmed: true,
});
const notification = (id: string): Notification => ({ id, ttl: 300, body: { n: id }, Message_Type: 'Notification', queue_name: 'q' });

/** A notifier whose answers follow `plan(messageId, attempt)`; records attempts with the fake time. */
function scripted(clock: FakeClock, plan: (id: string, attempt: number) => 'ok' | 'retry' | 'final') {
  const attempts: { id: string; at: number }[] = [];
  const notifier: Notifier = {
    notify: async (_s, n) => {
      const id = n.id!;
      const attempt = attempts.filter((a) => a.id === id).length;
      attempts.push({ id, at: clock.now / 1000 });
      const outcome = plan(id, attempt);
      if (outcome === 'retry') throw new NotificationFailed('HTTP 500', true);
      if (outcome === 'final') throw new NotificationFailed('HTTP 404', false);
    },
  };
  return { notifier, attempts };
}

beforeEach(() => void (warnings.length = 0));

describe('Deliveries', () => {
  it.each(['linear', 'arithmetic', 'geometric', 'exponential'] as const)(
    'a subscriber that always fails is retried on the %s schedule, then logged and counted',
    async (fn) => {
      const clock = new FakeClock();
      const deliveries = new Deliveries(new TaskPool(2, logger), logger, clock.setTimer);
      const { notifier, attempts } = scripted(clock, () => 'retry');
      const schedule = retrySchedule(selectRetryPolicy({ retry_backoff_function: fn }, undefined));
      deliveries.submit({ notifier, subscription: subscription('s1'), notification: notification('m1'), project: 'p', schedule });
      await clock.advance(10 * 60 * 1000);
      const backoff = { linear: [5, 10, 15, 20, 25], arithmetic: [5, 7, 12, 20, 30], geometric: [5, 7, 12, 19, 30], exponential: [5, 7, 12, 19, 30] }[fn];
      expect(clock.delays).toEqual([5, 5, 5, ...backoff, 30, 30, 30]);
      // Attempt times: 4 at 0 s (first + 3 immediate), then each after its delay.
      const times = attempts.map((a) => a.at);
      const expected = [0, 0, 0, 0];
      for (const delay of clock.delays) expected.push(expected.at(-1)! + delay);
      expect(times).toEqual(expected);
      expect(deliveries.counts).toMatchObject({ delivered: 0, failed: 1, retried: 14, dropped: 0 });
      // Every attempt (1 + 14 retries) is timed as failed.
      expect(deliveries.counts.latency.get('failed')?.count).toBe(15);
      expect(deliveries.counts.latency.has('delivered')).toBe(false);
      expect(deliveries.stateOf('s1')).toMatchObject({ delivered: 0, failed: 1, last_error: 'HTTP 500' });
      const logged = warnings.find((w) => w.event === 'notification_undelivered')!;
      expect(logged).toMatchObject({ subscription_id: 's1', message_id: 'm1', queue: 'q', attempts: 15, subscriber: 'http://***@example.test/hook' });
    },
  );

  it('a non-retryable failure (4xx) is not retried; the next message is still sent', async () => {
    const clock = new FakeClock();
    const deliveries = new Deliveries(new TaskPool(1, logger), logger, clock.setTimer);
    const { notifier, attempts } = scripted(clock, (id) => (id === 'm1' ? 'final' : 'ok'));
    const schedule = retrySchedule(selectRetryPolicy(undefined, undefined));
    for (const id of ['m1', 'm2']) deliveries.submit({ notifier, subscription: subscription('s1'), notification: notification(id), project: 'p', schedule });
    await clock.advance(0);
    expect(attempts.map((a) => a.id)).toEqual(['m1', 'm2']);
    expect(deliveries.counts).toMatchObject({ delivered: 1, failed: 1, retried: 0, dropped: 0 });
    expect([...deliveries.counts.latency].map(([outcome, { count }]) => [outcome, count]).sort()).toEqual([
      ['delivered', 1],
      ['failed', 1],
    ]);
  });

  it('a waiting retry holds no worker: later messages go first, the retried one arrives after its delay', async () => {
    const clock = new FakeClock();
    const deliveries = new Deliveries(new TaskPool(1, logger), logger, clock.setTimer);
    const { notifier, attempts } = scripted(clock, (id, attempt) => (id === 'm1' && attempt < 4 ? 'retry' : 'ok'));
    const schedule = retrySchedule(selectRetryPolicy(undefined, undefined));
    for (const id of ['m1', 'm2', 'm3'])
      deliveries.submit({ notifier, subscription: subscription('s1'), notification: notification(id), project: 'p', schedule });
    await clock.advance(0);
    expect(attempts.filter((a) => a.id !== 'm1')).toHaveLength(2);
    expect(clock.pending).toBe(1);
    await clock.advance(5000);
    expect(attempts.filter((a) => a.id === 'm1').map((a) => a.at)).toEqual([0, 0, 0, 0, 5]);
    expect(deliveries.counts).toMatchObject({ delivered: 3, failed: 0 });
    expect(deliveries.stateOf('s1')).toEqual({ delivered: 3, failed: 0 });
  });

  it('a full queue drops (logged and counted), never blocks', async () => {
    const clock = new FakeClock();
    const pool = new TaskPool(1, logger, 2);
    const deliveries = new Deliveries(pool, logger, clock.setTimer);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const notifier: Notifier = { notify: () => gate };
    for (let i = 0; i < 5; i++)
      deliveries.submit({ notifier, subscription: subscription('s1'), notification: notification(`m${i}`), project: 'p', schedule: [] });
    expect(deliveries.counts.dropped).toBe(2);
    expect(pool.dropped).toBe(2);
    // The pool's line and the delivery's for the first drop; the second is counted, its line comes with the next second's summary.
    expect(warnings.filter((w) => w.event === 'notification_dropped')).toHaveLength(2);
    release();
    await clock.advance(0);
    expect(deliveries.counts.delivered).toBe(3);
  });

  it('drain: queued deliveries run within the grace, those left (running, queued, on a retry timer) are counted and logged; later jobs are dropped', async () => {
    const clock = new FakeClock();
    const deliveries = new Deliveries(new TaskPool(1, logger), logger, clock.setTimer);
    // Quick: three queued behind each other all finish within the grace.
    const quick: Notifier = { notify: () => new Promise((resolve) => setTimeout(resolve, 5)) };
    for (let i = 0; i < 3; i++)
      deliveries.submit({ notifier: quick, subscription: subscription('s1'), notification: notification(`q${i}`), project: 'p', schedule: [] });
    expect(await deliveries.drain(2000)).toBe(0);
    expect(deliveries.counts.delivered).toBe(3);

    const stuck = new Deliveries(new TaskPool(1, logger), logger, clock.setTimer);
    const never: Notifier = { notify: () => new Promise(() => undefined) };
    const failing = scripted(clock, () => 'retry').notifier;
    stuck.submit({ notifier: failing, subscription: subscription('s2'), notification: notification('r'), project: 'p', schedule: [60] });
    await settle();
    for (let i = 0; i < 2; i++)
      stuck.submit({ notifier: never, subscription: subscription('s3'), notification: notification(`n${i}`), project: 'p', schedule: [] });
    // One retry on its (fake) timer, one hanging, one queued behind it.
    expect(await stuck.drain(50)).toBe(3);
    expect(warnings.find((w) => w.event === 'notifications_abandoned')).toMatchObject({ abandoned: 3 });
    stuck.submit({ notifier: never, subscription: subscription('s3'), notification: notification('late'), project: 'p', schedule: [] });
    expect(stuck.counts.dropped).toBe(1);
  });
});
