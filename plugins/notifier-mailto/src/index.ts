/** Entry point `zaqar.notification.tasks: mailto` (semantics §19.8). */
import { NotificationFailed, type Notification, type Notifier, type PluginContext, type PluginModule, type Subscription } from '@zaqarjs/core';
import { confirmationMail, notificationMail, type Mail } from './mail-message';
import { commandSender, smtpSender, type SendMail } from './mail-senders';
import { mailSettings, type MailSettings } from './mail-settings';

/**
 * One e-mail per notification. A failed e-mail is not retried (as the
 * reference: a second attempt could send it twice): it is reported final, so
 * the delivery scheduler logs and counts it.
 */
export class MailtoNotifier implements Notifier {
  constructor(
    private readonly settings: Readonly<MailSettings>,
    private readonly sendMail: SendMail,
  ) {}

  notify(subscription: Subscription, notification: Notification): Promise<void> {
    const { ttl, body, Message_Type, queue_name } = notification;
    return this.send(notificationMail(subscription, { ttl, body, Message_Type, queue_name }));
  }

  confirm(subscription: Subscription, message: Record<string, unknown>): Promise<void> {
    let mail: Mail;
    try {
      mail = confirmationMail(this.settings, subscription, message);
    } catch (error) {
      return Promise.reject(new NotificationFailed((error as Error).message, false));
    }
    return this.send(mail);
  }

  private async send(mail: Mail): Promise<void> {
    try {
      await this.sendMail(mail);
    } catch (error) {
      throw new NotificationFailed(`mail to ${mail.to}: ${(error as Error).message}`, false, { cause: error });
    }
  }
}

export function create(ctx: PluginContext): Notifier {
  const settings = mailSettings(ctx.conf);
  const sender = settings.smtp_mode === 'self_local' ? smtpSender(settings).send : commandSender(settings.smtp_command);
  return new MailtoNotifier(settings, sender);
}

const plugin: PluginModule<Notifier> = { create };
export default plugin;
export { notificationMail, confirmationMail, confirmationLink, parseMailto, type Mail } from './mail-message';
export { commandSender, smtpSender, type SendMail } from './mail-senders';
export { mailSettings, type MailSettings } from './mail-settings';
