/**
 * E-mail notifications end to end: a real server (`smtp_mode = third_part`
 * with a script standing in for sendmail), the confirmation e-mail linking to
 * `external_confirmation_url`, the signed confirm, then the notification e-mail.
 */
import type { RunningServer } from '@zaqarjs/server';
import { bodyOf, fakeSendmail, header } from '../../plugins/notifier-mailto/test/fake-sendmail';
import { quietPeriod, waitFor } from '../support/wait-for';
import { jsonClient, startNotifyingServer } from './support/notifying-server';

const request = jsonClient('mailing');

describe('mailto notifications through a real server', () => {
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.stop(0);
    server = undefined;
  });

  it('confirmation e-mail, signed confirm from its link, then one e-mail per posted message', async () => {
    const sendmail = fakeSendmail();
    const started = await startNotifyingServer(
      'zaqar-mailto-',
      `[signed_url]
secret_key = mail-secret
[notification]
smtp_mode = third_part
smtp_command = ${sendmail.command}
require_confirmation = true
external_confirmation_url = https://zaqar.example.com/confirm.html`,
    );
    server = started.server;
    const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
      request<Record<string, string>>(method, `${started.base}${path}`, body, headers);

    const created = await call('POST', '/v2/queues/mails/subscriptions', {
      subscriber: 'mailto:ops@example.com?subject=Alerts',
      options: { from: 'zaqar@example.com' },
      ttl: 3600,
    });
    expect(created.status).toBe(201);
    const [confirmation] = await waitFor(() => (sendmail.mails().length === 1 ? sendmail.mails() : undefined), { what: 'the confirmation e-mail' });
    expect(header(confirmation, 'Subject')).toBe('Zaqar Notification - Subscription Confirmation');
    expect(header(confirmation, 'To')).toBe('ops@example.com');
    const link = new URL(/https:\/\/zaqar\.example\.com\/confirm\.html\?\S+/.exec(bodyOf(confirmation).replace(/\r?\n/g, ''))![0]);
    const q = link.searchParams;
    expect(q.get('Paths')).toBe(`/v2/queues/mails/subscriptions/${created.body!.subscription_id}/confirm`);
    expect(q.get('Project')).toBe('mailing');
    expect(q.get('Queue')).toBe('mails');

    await call('POST', '/v2/queues/mails/messages', { messages: [{ ttl: 300, body: 'before' }] });
    await quietPeriod(300);
    expect(sendmail.mails()).toHaveLength(1);

    // What the operator's confirmation page does with the link's parameters.
    const signed = { 'URL-Signature': q.get('Signature')!, 'URL-Methods': q.get('Methods')!, 'URL-Paths': q.get('Paths')!, 'URL-Expires': q.get('Expires')! };
    expect((await call('PUT', q.get('Paths')!, { confirmed: true }, { ...signed, 'X-Project-ID': q.get('Project')! })).status).toBe(204);

    await call('POST', '/v2/queues/mails/messages', { messages: [{ ttl: 300, body: { event: 'after' } }] });
    const mails = await waitFor(() => (sendmail.mails().length === 2 ? sendmail.mails() : undefined), { what: 'the notification e-mail' });
    const notification = mails.find((m) => header(m, 'Subject') === 'Alerts')!;
    expect(header(notification, 'From')).toBe('zaqar@example.com');
    expect(bodyOf(notification).trim()).toBe('{"ttl": 300, "body": {"event": "after"}, "Message_Type": "Notification", "queue_name": "mails"}');
  });
});
