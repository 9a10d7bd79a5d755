/**
 * The mailto notifier against a script standing in for sendmail
 * (`third_part`) and a real in-process SMTP server (`self_local`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { NOTIFICATION_FAILED, type Notification, type Subscription } from '@zaqarjs/core';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { MailtoNotifier } from '../src';
import { fakeSendmail, header, bodyOf } from './fake-sendmail';
import { commandSender, smtpSender } from '../src/mail-senders';
import type { MailSettings } from '../src/mail-settings';

const SETTINGS: MailSettings = {
  smtp_mode: 'third_part',
  smtp_command: '/usr/sbin/sendmail -t -oi',
  external_confirmation_url: 'https://zaqar.example.com/confirm.html',
  subscription_confirmation_email_template: {
    topic: 'Zaqar Notification - Subscription Confirmation',
    body: 'You have chosen to subscribe to the queue: {0}. This queue belongs to project: {1}. To confirm this subscription, click or visit this link below: {2}',
    sender: 'Zaqar Notifications <no-reply@openstack.org>',
  },
  unsubscribe_confirmation_email_template: { topic: 'Bye', body: 'Unsubscribed from {0} ({1}): {2}', sender: 'no-reply@openstack.org' },
};

const notification: Notification = { id: 'm1', ttl: 300, body: { event: 'BackupStarted', name: 'café' }, Message_Type: 'Notification', queue_name: 'mq' };
const subscription = (subscriber: string, options: Record<string, unknown> = {}): Subscription => ({
  id: 's1',
  source: 'mq',
  subscriber,
  ttl: 3600,
  age: 0,
  options,
  confirmed: true,
});

describe('smtp_mode = third_part (a script standing in for sendmail)', () => {
  it('pipes one RFC 5322 message per notification: To, From, Subject from the URI, body the JSON of the message', async () => {
    const sendmail = fakeSendmail();
    const notifier = new MailtoNotifier(SETTINGS, commandSender(sendmail.command));
    await notifier.notify(subscription('mailto:ops@example.com?Subject=Backups', { from: 'zaqar@example.com', subject: 'ignored' }), notification);
    expect(sendmail.args()).toEqual(['-t', '-oi']);
    const [raw] = sendmail.mails();
    expect(header(raw, 'To')).toBe('ops@example.com');
    expect(header(raw, 'From')).toBe('zaqar@example.com');
    expect(header(raw, 'Subject')).toBe('Backups');
    expect(header(raw, 'Content-Type')).toMatch(/^text\/plain/);
    const body = bodyOf(raw);
    expect(body.trim()).toBe('{"ttl": 300, "body": {"event": "BackupStarted", "name": "caf\\u00e9"}, "Message_Type": "Notification", "queue_name": "mq"}');
  });

  it('the subject falls back to options.subject; a failing command is a final failure (no retry)', async () => {
    const sendmail = fakeSendmail();
    const notifier = new MailtoNotifier(SETTINGS, commandSender(sendmail.command));
    await notifier.notify(subscription('mailto:a@example.com', { subject: 'From options' }), notification);
    expect(header(sendmail.mails()[0], 'Subject')).toBe('From options');
    fs.writeFileSync(path.join(sendmail.dir, 'fail'), '');
    await expect(notifier.notify(subscription('mailto:a@example.com'), notification)).rejects.toMatchObject({
      code: NOTIFICATION_FAILED,
      retryable: false,
      message: expect.stringContaining('no mail for you'),
    });
    await expect(
      new MailtoNotifier(SETTINGS, commandSender('/nonexistent/sendmail -t')).notify(subscription('mailto:a@example.com'), notification),
    ).rejects.toMatchObject({
      retryable: false,
    });
  });

  it('confirmation e-mails come from the templates, linking to external_confirmation_url with the signed parts', async () => {
    const sendmail = fakeSendmail();
    const notifier = new MailtoNotifier(SETTINGS, commandSender(sendmail.command));
    const message = {
      Message_Type: 'SubscriptionConfirmation',
      'URL-Signature': 'abc123',
      'URL-Methods': 'PUT',
      'URL-Paths': '/v2/queues/mq/subscriptions/s1/confirm',
      'X-Project-ID': 'proj',
      'URL-Expires': '2030-01-01T00:00:00',
    };
    await notifier.confirm(subscription('mailto:new@example.com'), message);
    const [raw] = sendmail.mails();
    expect(header(raw, 'Subject')).toBe('Zaqar Notification - Subscription Confirmation');
    expect(header(raw, 'From')).toBe('Zaqar Notifications <no-reply@openstack.org>');
    expect(header(raw, 'To')).toBe('new@example.com');
    const body = bodyOf(raw);
    expect(body).toContain('You have chosen to subscribe to the queue: mq. This queue belongs to project: proj.');
    expect(body).toContain(
      'https://zaqar.example.com/confirm.html?Signature=abc123&Methods=PUT&Paths=%2Fv2%2Fqueues%2Fmq%2Fsubscriptions%2Fs1%2Fconfirm&Project=proj&Expires=2030-01-01T00%3A00%3A00&Url=&Queue=mq',
    );
  });

  it('without external_confirmation_url no confirmation e-mail is sent (a final failure)', async () => {
    const sendmail = fakeSendmail();
    const notifier = new MailtoNotifier({ ...SETTINGS, external_confirmation_url: undefined }, commandSender(sendmail.command));
    await expect(notifier.confirm(subscription('mailto:x@example.com'), { Message_Type: 'SubscriptionConfirmation' })).rejects.toMatchObject({
      retryable: false,
    });
    expect(sendmail.mails()).toEqual([]);
  });
});

describe('smtp_mode = self_local (a real SMTP server in process)', () => {
  interface Received {
    from: string;
    to: string[];
    raw: string;
    secure: boolean;
    user?: string;
  }
  async function startSmtp(options: { starttls: boolean }): Promise<{ port: number; received: Received[]; close(): Promise<void> }> {
    const received: Received[] = [];
    const server = new SMTPServer({
      disabledCommands: options.starttls ? [] : ['STARTTLS'],
      allowInsecureAuth: true,
      authOptional: true,
      onAuth(auth, _session, callback) {
        if (auth.username === 'zaqar' && auth.password === 'secret') return callback(null, { user: auth.username });
        callback(new Error('Invalid username or password'));
      },
      onData(stream, session: SMTPServerSession, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
            secure: session.secure,
            user: session.user as string | undefined,
          });
          callback();
        });
      },
      logger: false,
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.server.address() as AddressInfo;
    return { port, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
  }

  /** `self_local` with a login, against the test server on `port`. */
  const loginSettings = (port: number): MailSettings => ({
    ...SETTINGS,
    smtp_mode: 'self_local',
    smtp_host: '127.0.0.1',
    smtp_port: port,
    smtp_user_name: 'zaqar',
    smtp_user_password: 'secret',
  });

  it('logs in and delivers; STARTTLS is used when the server offers it', async () => {
    const smtp = await startSmtp({ starttls: true });
    const settings = loginSettings(smtp.port);
    const sender = smtpSender(settings, { rejectUnauthorized: false }); // smtp-server's built-in certificate is self-signed
    try {
      await new MailtoNotifier(settings, sender.send).notify(subscription('mailto:ops@example.com?subject=Hi', { from: 'zaqar@example.com' }), notification);
      expect(smtp.received).toHaveLength(1);
      const [mail] = smtp.received;
      expect(mail).toMatchObject({ from: 'zaqar@example.com', to: ['ops@example.com'], secure: true, user: 'zaqar' });
      expect(header(mail.raw, 'Subject')).toBe('Hi');
      expect(bodyOf(mail.raw)).toContain('"Message_Type": "Notification"');
    } finally {
      sender.close();
      await smtp.close();
    }
  });

  it('without STARTTLS on offer it sends in clear; a refused login is a final failure', async () => {
    const smtp = await startSmtp({ starttls: false });
    const settings = loginSettings(smtp.port);
    const good = smtpSender(settings);
    const bad = smtpSender({ ...settings, smtp_user_password: 'wrong' });
    try {
      await new MailtoNotifier(settings, good.send).notify(subscription('mailto:a@example.com'), notification);
      expect(smtp.received).toMatchObject([{ to: ['a@example.com'], secure: false }]);
      await expect(new MailtoNotifier(settings, bad.send).notify(subscription('mailto:a@example.com'), notification)).rejects.toMatchObject({
        retryable: false,
      });
      expect(smtp.received).toHaveLength(1);
    } finally {
      good.close();
      bad.close();
      await smtp.close();
    }
  });
});
