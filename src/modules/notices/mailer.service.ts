import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import nodemailer, { Transporter } from 'nodemailer';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import type { RenderedEmail } from './domain/email-layout';

export class PermanentMailError extends Error {}

/** Sends over SMTP (nodemailer). Classifies failures: 5xx answers are permanent, the rest is worth a retry. */
@Injectable()
export class MailerService implements OnModuleDestroy {
  private readonly transport: Transporter;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const url = new URL(config.mail.smtpUrl);
    url.searchParams.set('connectionTimeout', '10000');
    url.searchParams.set('greetingTimeout', '10000');
    url.searchParams.set('socketTimeout', '30000');
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
