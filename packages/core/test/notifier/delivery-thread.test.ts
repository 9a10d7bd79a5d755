/**
 * DeliveryThread with its real worker (the built delivery-worker.js) and a
 * notifier module written for the test: jobs are delivered in the thread and
 * counted back; a job that structured cloning refuses is dropped and counted
 * without losing the rest of its batch.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DeliveryThread } from '../../src/notifier/delivery-thread';
import type { ChangedStates, DeliveryCounts } from '../../src/notifier/deliveries';
import type { Notifier } from '../../src/notifier/notifier';
import type { Subscription } from '../../src/storage/types';
import type { Logger } from '../../src/util/logger';

const errors: Record<string, unknown>[] = [];
const logger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (obj) => void errors.push(obj as Record<string, unknown>),
  child: () => logger,
};

/** A notifier module for the thread: delivers by appending the message id to `file`. */
function notifierModule(dir: string): string {
  const module = path.join(dir, 'append-notifier.js');
  fs.writeFileSync(
    module,
    `const fs = require('node:fs');\nexports.createNotifier = (settings) => ({ notify: async (s, n) => fs.appendFileSync(settings.file, n.id + '\\n') });\n`,
  );
  return module;
}

const subscription = (id: string, options: Record<string, unknown> = {}): Subscription => ({
  id,
  source: 'q',
  subscriber: 'http://example.test/hook',
  ttl: 3600,
  age: 0,
  options,
  confirmed: true,
});

describe('DeliveryThread', () => {
  let thread: DeliveryThread | undefined;
  afterEach(async () => {
    await thread?.drain(0);
    thread = undefined;
  });

  it('delivers in the worker and reports counts and states; an uncopyable job is dropped and counted, the rest of its batch delivered', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zaqar-delivery-thread-'));
    const file = path.join(dir, 'delivered');
    const notifier: Notifier = { notify: () => Promise.reject(new Error('not here')), offThread: { module: notifierModule(dir), settings: { file } } };
    const totals: DeliveryCounts = { delivered: 0, failed: 0, retried: 0, dropped: 0 };
    const states = new Map<string, unknown>();
    thread = new DeliveryThread({ workers: 2, maxQueued: 100, niceness: 10 }, logger);
    thread.onReport((counts, changed: ChangedStates) => {
      for (const key of ['delivered', 'failed', 'retried', 'dropped'] as const) totals[key] += counts[key];
      for (const [id, state] of changed) states.set(id, state);
    });
    const job = (id: string, s: Subscription) => ({
      notifier,
      subscription: s,
      notification: { id, ttl: 300, body: id, Message_Type: 'Notification' as const, queue_name: 'q' },
      project: 'p',
      schedule: [],
    });
    expect(thread.submit(job('m1', subscription('s1')))).toBe('taken');
    expect(thread.submit(job('m2', subscription('s2', { post_data: () => 'no copy' })))).toBe('taken');
    expect(thread.submit(job('m3', subscription('s1')))).toBe('taken');
    const deadline = Date.now() + 10_000;
    while (totals.delivered < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(totals).toEqual({ delivered: 2, failed: 0, retried: 0, dropped: 1 });
    expect(fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).sort()).toEqual(['m1', 'm3']);
    expect(states.get('s1')).toEqual({ delivered: 2, failed: 0 });
    expect(errors.find((e) => e.event === 'notification_dropped')).toMatchObject({ dropped_since_last_warning: 1 });
  });

  it('refuses jobs once maxQueued are on their way or held by the thread', () => {
    thread = new DeliveryThread({ workers: 1, maxQueued: 2, niceness: 10 }, logger);
    const notifier: Notifier = { notify: async () => undefined, offThread: { module: '/nonexistent.js', settings: {} } };
    const job = {
      notifier,
      subscription: subscription('s'),
      notification: { ttl: 1, body: 1, Message_Type: 'Notification' as const, queue_name: 'q' },
      project: 'p',
      schedule: [],
    };
    expect([thread.submit(job), thread.submit(job), thread.submit(job)]).toEqual(['taken', 'taken', 'full']);
  });

  // Linux: the thread runs in SCHED_IDLE (policy 5, the 41st field of its /proc stat), so posts get the CPU first.
  (process.platform === 'linux' ? it : it.skip)('with idle, the thread runs in SCHED_IDLE; the request thread keeps its policy', async () => {
    const policyOf = (tid: string) => {
      const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[38]);
    };
    const policies = () => fs.readdirSync('/proc/self/task').map(policyOf);
    expect(policies().filter((p) => p === 5)).toEqual([]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zaqar-delivery-thread-'));
    const file = path.join(dir, 'delivered');
    const notifier: Notifier = { notify: () => Promise.reject(new Error('not here')), offThread: { module: notifierModule(dir), settings: { file } } };
    thread = new DeliveryThread({ workers: 1, maxQueued: 10, niceness: 10, idle: true }, logger);
    thread.submit({
      notifier,
      subscription: subscription('s'),
      notification: { id: 'm', ttl: 1, body: 1, Message_Type: 'Notification' as const, queue_name: 'q' },
      project: 'p',
      schedule: [],
    });
    const deadline = Date.now() + 10_000;
    while (!fs.existsSync(file) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fs.readFileSync(file, 'utf8')).toBe('m\n');
    expect(policies().filter((p) => p === 5)).toHaveLength(1);
    expect(policyOf(String(process.pid))).toBe(0); // the main thread: SCHED_OTHER
  });
});
