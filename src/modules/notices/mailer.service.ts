import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import nodemailer, { Transporter } from 'nodemailer';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import type { RenderedEmail } from './domain/email-layout';

export class PermanentMailError extends Error {}

const POOL_DEFAULTS = { pool: 'true', maxConnections: '8', maxMessages: '1000' };

/** Sends over SMTP (nodemailer, pooled connections). Classifies failures: 5xx answers are permanent, the rest is worth a retry. */
@Injectable()
export class MailerService implements OnModuleDestroy {
  private readonly transport: Transporter;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const url = new URL(config.mail.smtpUrl);
    url.searchParams.set('connectionTimeout', '10000');
    url.searchParams.set('greetingTimeout', '10000');
    url.searchParams.set('socketTimeout', '30000');
    // Pooled connections (issue #18: one new connection per message capped delivery near 40 a second). Each stays
    // open for many messages; the server's acknowledgement of each is still awaited before it counts as sent.
    // SMTP_URL may set its own (`?maxConnections=4`, `?pool=false`).
    for (const [name, value] of Object.entries(POOL_DEFAULTS))
      if (!url.searchParams.has(name)) url.searchParams.set(name, value);
    this.transport = nodemailer.createTransport(url.toString());
  }

  /** `messageId` is derived from the notice id so a duplicate that slipped through is recognisable downstream. */
  async send(to: string, email: RenderedEmail, messageId: string): Promise<void> {
    try {
      await this.transport.sendMail({
        from: this.config.mail.from,
        to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        messageId,
      });
    } catch (err) {
      const responseCode = (err as { responseCode?: number }).responseCode;
      if (responseCode !== undefined && responseCode >= 500) {
        throw new PermanentMailError(`SMTP ${responseCode}: ${(err as Error).message}`);
      }
      throw err;
    }
  }

  onModuleDestroy(): void {
    this.transport.close();
  }
}
