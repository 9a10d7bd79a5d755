/**
 * The `zaqar.notification.notifier` stage with notifier plugins: after a post,
 * each non-push subscription gets one delivery per message from the notifier
 * of its scheme; push subscriptions are left to PushSubscribers; unconfirmed
 * subscriptions are skipped when confirmation is required.
 */
import { type MessageEvents, NotificationFanout, type Notification, type Notifier, PushSubscribers, type Subscription } from '@zaqarjs/core';
import { pipelineDataDriver } from '@zaqarjs/server';
import { recordingLogger } from '../support/server';
import { quietPeriod, waitFor } from '../support/wait-for';
import { openStores, prepareStores, selectedStore, storeOptionGroups, type TestStores } from '../support/stores';
import { coreOptionGroups, OptionRegistry, TypedConf } from '@zaqarjs/core';

class RecordingNotifier implements Notifier {
  readonly calls: { subscriber: string; notification: Notification; project: string }[] = [];
  async notify(subscription: Subscription, notification: Notification, project: string): Promise<void> {
    this.calls.push({ subscriber: subscription.subscriber, notification, project });
  }
}

describe('notifier stage with notifier plugins', () => {
  let stores: TestStores;
  const errors: unknown[] = [];
  const logger = recordingLogger(errors);

  beforeAll(async () => {
    const kind = selectedStore();
    const prepared = await prepareStores(kind);
    const conf = new TypedConf(new OptionRegistry().register(...coreOptionGroups, ...storeOptionGroups(kind)), prepared.sections);
    stores = await openStores(kind, conf, logger, prepared);
  });
  afterAll(async () => stores.close());

  function served(options: { requireConfirmation?: boolean; events?: MessageEvents }) {
    const data = options.events ? Object.assign(Object.create(stores.data), { events: options.events }) : stores.data;
    const notifier = new RecordingNotifier();
    const push = new PushSubscribers({ data, logger, requireConfirmation: options.requireConfirmation ?? false });
    const fanout = new NotificationFanout({
      data,
      logger,
      notifiers: () =>
        new Map([
          ['http', notifier],
          ['mailto', notifier],
        ]),
      push: () => push,
      workers: 2,
      requireConfirmation: options.requireConfirmation ?? false,
    });
    const messages = pipelineDataDriver(data, { queue: [], claim: [], subscription: [], topic: [], message: [fanout.stage()] }).messages;
    return { notifier, messages };
  }

  it('delivers each message to each subscription through the notifier of its scheme', async () => {
    const { notifier, messages } = served({});
    await stores.data.subscriptions.create('p1', 'q', 'http://hooks.test/a', 600, {});
    await stores.data.subscriptions.create('p1', 'q', 'mailto:ops@example.test', 600, {});
    await stores.data.subscriptions.create('p1', 'q', 'ftp://nobody.test/', 600, {});
    const ids = await messages.post(
      'p1',
      'q',
      [
        { body: { n: 1 }, ttl: 60, delay: 0 },
        { body: 'two', ttl: 120, delay: 0 },
      ],
      'client',
    );
    await waitFor(() => notifier.calls.length >= 4, { what: 'four deliveries' });
    const seen = notifier.calls.map((c) => `${c.subscriber} ${c.notification.id} ${JSON.stringify(c.notification.body)}`).sort();
    expect(seen).toEqual(
      [
        `http://hooks.test/a ${ids[0]} {"n":1}`,
        `http://hooks.test/a ${ids[1]} "two"`,
        `mailto:ops@example.test ${ids[0]} {"n":1}`,
        `mailto:ops@example.test ${ids[1]} "two"`,
      ].sort(),
    );
    expect(notifier.calls[0].notification).toMatchObject({ Message_Type: 'Notification', queue_name: 'q' });
    expect(notifier.calls.every((c) => c.project === 'p1')).toBe(true);
  });

  it('skips unconfirmed subscriptions when confirmation is required', async () => {
    const { notifier, messages } = served({ requireConfirmation: true });
    const confirmed = (await stores.data.subscriptions.create('p2', 'q', 'http://hooks.test/yes', 600, {})) as string;
    await stores.data.subscriptions.confirm('p2', 'q', confirmed, true);
    await stores.data.subscriptions.create('p2', 'q', 'http://hooks.test/no', 600, {});
    await messages.post('p2', 'q', [{ body: 1, ttl: 60, delay: 0 }], 'client');
    await waitFor(() => notifier.calls.length >= 1, { what: 'the confirmed delivery' });
    await quietPeriod(50); // asserting the unconfirmed subscription is NOT called: nothing to wait for
    expect(notifier.calls.map((c) => c.subscriber)).toEqual(['http://hooks.test/yes']);
  });

  it('leaves websocket subscribers of other processes to the events channel when the store has one', async () => {
    const events: MessageEvents = { publish: async () => undefined, subscribe: async () => async () => undefined };
    const { notifier, messages } = served({ events });
    await stores.data.subscriptions.create('p3', 'q', 'http://10.0.0.1:4000/zaqar-ws-0f8fad5b-d9cb-469f-a165-70867728950e', 600, {});
    await messages.post('p3', 'q', [{ body: 1, ttl: 60, delay: 0 }], 'client');
    await quietPeriod(50); // asserting the notifier is NOT called: nothing to wait for
    expect(notifier.calls).toEqual([]);
    const { notifier: webhook, messages: withoutEvents } = served({});
    await withoutEvents.post('p3', 'q', [{ body: 2, ttl: 60, delay: 0 }], 'client');
    await waitFor(() => webhook.calls.length >= 1, { what: 'the webhook delivery' });
    // Without events, only the webhook to that process's listener can reach it.
    expect(webhook.calls.map((c) => c.notification.body)).toEqual([2]);
  });

  it('never fails a post when a notifier fails', async () => {
    const { messages } = served({});
    await stores.data.subscriptions.create('p4', 'q', 'http://hooks.test/a', 600, {});
    const failing = new PushSubscribers({ data: stores.data, logger, requireConfirmation: false });
    const fanout = new NotificationFanout({
      data: stores.data,
      logger,
      notifiers: () => new Map([['http', { notify: async () => Promise.reject(new Error('down')) }]]),
      push: () => failing,
      workers: 1,
      requireConfirmation: false,
    });
    const broken = pipelineDataDriver(stores.data, { queue: [], claim: [], subscription: [], topic: [], message: [fanout.stage()] }).messages;
    expect(await broken.post('p4', 'q', [{ body: 1, ttl: 60, delay: 0 }], 'client')).toHaveLength(1);
    expect(await messages.post('p4', 'q', [{ body: 2, ttl: 60, delay: 0 }], 'client')).toHaveLength(1);
  });
});
