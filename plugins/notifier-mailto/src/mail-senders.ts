/**
 * The two ways out (`[notification] smtp_mode`): `third_part` writes the
 * RFC 5322 message (built by nodemailer's composer) to `smtp_command`'s
 * standard input (split on spaces, e.g. `/usr/sbin/sendmail -t -oi`) and
 * needs exit status 0; `self_local` sends through `smtp_host:smtp_port` with
 * nodemailer: implicit TLS on port 465, else STARTTLS whenever the server
 * offers it, LOGIN with `smtp_user_name`/`smtp_user_password` when set.
 */
import { spawn } from 'node:child_process';
import type { ConnectionOptions } from 'node:tls';
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Mail } from './mail-message';
import type { MailSettings } from './mail-settings';

export type SendMail = (mail: Mail) => Promise<void>;

const COMMAND_TIMEOUT_MS = 30_000;

function compose(mail: Mail): Promise<Buffer> {
  return new MailComposer({ ...mail, from: mail.from || undefined, subject: mail.subject }).compile().build();
}

/** Pipes the message to a sendmail-like command. */
export function commandSender(command: string): SendMail {
  const [file, ...args] = command.split(' ');
  return async (mail) => {
    const raw = await compose(mail);
    await new Promise<void>((resolve, reject) => {
      const child = spawn(file, args, { stdio: ['pipe', 'ignore', 'pipe'], timeout: COMMAND_TIMEOUT_MS });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-500)));
      child.on('error', reject);
      child.on('close', (code, signal) => {
        if (code === 0) resolve();
        else reject(new Error(`${file} exited with ${code ?? signal}${stderr ? `: ${stderr.trim()}` : ''}`));
      });
      child.stdin.on('error', () => undefined); // the exit status tells what happened
      child.stdin.end(raw);
    });
  };
}

/** Sends through an SMTP server (one pooled transport per process). */
export function smtpSender(settings: Readonly<MailSettings>, tls?: ConnectionOptions): { send: SendMail; close(): void } {
  if (!settings.smtp_host) throw new Error('[notification] smtp_host is required with smtp_mode = self_local');
  const port = settings.smtp_port ?? 465;
  const transport = nodemailer.createTransport({
    host: settings.smtp_host,
    port,
    secure: port === 465,
    pool: true,
    tls,
    auth: settings.smtp_user_name ? { user: settings.smtp_user_name, pass: settings.smtp_user_password ?? '' } : undefined,
  });
  return {
    send: async (mail) => {
      await transport.sendMail({ ...mail, from: mail.from || undefined, envelope: mail.from ? undefined : { from: '', to: mail.to } });
    },
    close: () => transport.close(),
  };
}
