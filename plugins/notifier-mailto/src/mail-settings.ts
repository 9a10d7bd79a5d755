import type { Conf } from '@zaqarjs/core';

/** The `[notification]` options the e-mail notifier reads (declared by core, as in the reference). */
export interface MailSettings {
  smtp_mode: 'third_part' | 'self_local';
  smtp_host?: string;
  smtp_port?: number;
  smtp_user_name?: string;
  smtp_user_password?: string;
  smtp_command: string;
  external_confirmation_url?: string;
  subscription_confirmation_email_template: Record<string, string>;
  unsubscribe_confirmation_email_template: Record<string, string>;
}

/** The settings, copied and frozen. */
export function mailSettings(conf: Conf): Readonly<MailSettings> {
  return Object.freeze({ ...conf.group<MailSettings>('notification') });
}
