/**
 * The confirmation flow (`require_confirmation`, semantics §19.7) through a
 * real server and a webhook receiver: the SubscriptionConfirmation message,
 * its signed URL used to confirm, deliveries only once confirmed, the
 * UnsubscribeConfirmation message.
 */
import type { RunningServer } from '@zaqarjs/server';
import { startReceiver, type Receiver } from '../../plugins/notifier-webhook/test/receiver';
import { quietPeriod, waitFor } from '../support/wait-for';
import { jsonClient, startNotifyingServer } from './support/notifying-server';

const call = jsonClient('confirming');

const start = (extra: string) => startNotifyingServer('zaqar-confirm-', `[notification]\nrequire_confirmation = true\n${extra}`);

describe('confirmation flow with a webhook subscriber', () => {
  let receiver: Receiver;
  let server: RunningServer | undefined;
  beforeEach(async () => (receiver = await startReceiver()));
  afterEach(async () => {
    await server?.stop(0);
    server = undefined;
    await receiver.close();
  });

  it('sends SubscriptionConfirmation; nothing is delivered until the signed PUT …/confirm; unconfirming sends UnsubscribeConfirmation', async () => {
    const started = await start('[signed_url]\nsecret_key = test-secret');
    server = started.server;
    const base = started.base;
    const created = await call('POST', `${base}/v2/queues/cq/subscriptions`, { subscriber: `${receiver.url}/hook`, ttl: 3600 });
    expect(created.status).toBe(201);
    const id = (created.body as { subscription_id: string }).subscription_id;
    await waitFor(() => receiver.received.length === 1, { what: 'the confirmation request' });
    const message = JSON.parse(receiver.received[0].body) as Record<string, string>;
    const path = `/v2/queues/cq/subscriptions/${id}/confirm`;
    expect(Object.keys(message)).toEqual([
      'Message_Type',
      'Message',
      'URL-Signature',
      'URL-Methods',
      'URL-Paths',
      'X-Project-ID',
      'URL-Expires',
      'SubscribeBody',
      'UnsubscribeBody',
      'queue_name',
    ]);
    expect(message).toMatchObject({
      Message_Type: 'SubscriptionConfirmation',
      Message: 'You have chosen to subscribe to the queue: cq',
      'URL-Methods': 'PUT',
      'URL-Paths': path,
      'X-Project-ID': 'confirming',
      SubscribeBody: { confirmed: true },
      UnsubscribeBody: { confirmed: false },
      queue_name: 'cq',
    });
    expect(message['URL-Signature']).toMatch(/^[0-9a-f]{64}$/);
    expect(message['URL-Expires']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    expect(receiver.received[0].body.startsWith('{"Message_Type": "SubscriptionConfirmation", "Message": ')).toBe(true);

    // Re-creating the unconfirmed subscription: 201 with the same id, and the request again.
    const again = await call('POST', `${base}/v2/queues/cq/subscriptions`, { subscriber: `${receiver.url}/hook`, ttl: 3600 });
    expect(again).toEqual({ status: 201, body: { subscription_id: id } });
    await waitFor(() => receiver.received.length === 2, { what: 'the second confirmation request' });

    // Unconfirmed: a post is not delivered.
    await call('POST', `${base}/v2/queues/cq/messages`, { messages: [{ ttl: 300, body: 'early' }] });
    await quietPeriod(300);
    expect(receiver.received).toHaveLength(2);

    // The subscriber confirms with the signed URL's headers (its own project header only).
    const signed = {
      'URL-Signature': message['URL-Signature'],
      'URL-Methods': message['URL-Methods'],
      'URL-Paths': message['URL-Paths'],
      'URL-Expires': message['URL-Expires'],
    };
    expect((await call('PUT', `${base}${path}`, message.SubscribeBody, signed)).status).toBe(204);
    expect(((await call('GET', `${base}/v2/queues/cq/subscriptions/${id}`)).body as { confirmed: boolean }).confirmed).toBe(true);
    await call('POST', `${base}/v2/queues/cq/messages`, { messages: [{ ttl: 300, body: 'late' }] });
    await waitFor(() => receiver.received.length === 3, { what: 'the delivery after confirmation' });
    expect(receiver.received[2].body).toBe('{"ttl": 300, "body": "late", "Message_Type": "Notification", "queue_name": "cq"}');

    // Unsubscribing: the UnsubscribeConfirmation message, then no more deliveries.
    expect((await call('PUT', `${base}${path}`, { confirmed: false }, signed)).status).toBe(204);
    await waitFor(() => receiver.received.length === 4, { what: 'the unsubscribe confirmation' });
    expect(JSON.parse(receiver.received[3].body)).toMatchObject({
      Message_Type: 'UnsubscribeConfirmation',
      Message: 'You have unsubscribed successfully to the queue: cq, you can resubscribe it by using confirmed=True.',
      'URL-Paths': path,
      queue_name: 'cq',
    });
    await call('POST', `${base}/v2/queues/cq/messages`, { messages: [{ ttl: 300, body: 'after' }] });
    await quietPeriod(300);
    expect(receiver.received).toHaveLength(4);
  });

  it('topic subscriptions get a confirm URL under /v2/topics', async () => {
    const started = await start('[signed_url]\nsecret_key = test-secret');
    server = started.server;
    const created = await call('POST', `${started.base}/v2/topics/tq/subscriptions`, { subscriber: `${receiver.url}/t`, ttl: 3600 });
    const id = (created.body as { subscription_id: string }).subscription_id;
    await waitFor(() => receiver.received.length === 1, { what: 'the confirmation request' });
    expect(JSON.parse(receiver.received[0].body)).toMatchObject({ 'URL-Paths': `/v2/topics/tq/subscriptions/${id}/confirm`, queue_name: 'tq' });
  });

  it('without [signed_url] secret_key nothing is sent (an error is logged)', async () => {
    const started = await start('');
    server = started.server;
    expect((await call('POST', `${started.base}/v2/queues/nq/subscriptions`, { subscriber: `${receiver.url}/n`, ttl: 3600 })).status).toBe(201);
    await quietPeriod(300);
    expect(receiver.received).toHaveLength(0);
  });
});
