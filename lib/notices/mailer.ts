// Sending mail through the configured SMTP server with nodemailer. The SMTP URL carries a
// password, so it is never logged or stored: logs and the mail queue's lastError get
// redactedSmtpUrl and scrubbed messages only.
import nodemailer from "nodemailer";
import type { NoticeMessage } from "./message";

export interface Mailer {
  /** Resolves once the SMTP server accepted the message; rejects with its (scrubbed) error otherwise. */
  send(to: string, message: NoticeMessage & { messageId: string }): Promise<void>;
  close(): void;
}

/** smtp://host:port: the URL without its user name and password. */
export function redactedSmtpUrl(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  return `${url.protocol}//${url.host}`;
}

/** An error's message with the URL, its password and user name taken out, and kept short. */
export function scrubbedError(error: unknown, smtpUrl: string): string {
  const url = new URL(smtpUrl);
  let message = error instanceof Error ? error.message : String(error);
  for (const secret of [smtpUrl, decodeURIComponent(url.password), decodeURIComponent(url.username)]) {
    if (secret) message = message.split(secret).join("[redacted]");
  }
  return message.slice(0, 500);
}

export function createMailer(smtpUrl: string, from: string): Mailer {
  const url = new URL(smtpUrl);
  const secure = url.protocol === "smtps:";
  const transport = nodemailer.createTransport(
    {
      host: url.hostname.replace(/^\[(.*)\]$/, "$1"),
      port: url.port ? Number(url.port) : secure ? 465 : 587,
      // smtps: TLS from the first byte; smtp: STARTTLS whenever the server offers it.
      secure,
      auth: url.username
        ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
        : undefined,
      // A send must end well within the mail's lease (send-mails.ts), so no other instance
      // retries a mail this one is still sending. nodemailer's socket default is 10 minutes.
      connectionTimeout: 30_000,
      greetingTimeout: 30_000,
      socketTimeout: 60_000,
    },
    { from },
  );
  return {
    async send(to, message) {
      try {
        await transport.sendMail({
          to,
          subject: message.subject,
          text: message.text,
          // The same id on every attempt: a retry after a lost answer is one message to mail clients.
          messageId: message.messageId,
        });
      } catch (error) {
        // What callers log or store: never the password.
        throw new Error(scrubbedError(error, smtpUrl));
      }
    },
    close: () => transport.close(),
  };
}
