import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import nodemailer, { Transporter } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import type { RenderedEmail } from './domain/email-layout';

export class PermanentMailError extends Error {}

const POOL_DEFAULTS = { pool: 'true', maxConnections: '8', maxMessages: '1000' };

/** Sends over SMTP (nodemailer, pooled connections). Classifies failures: 5xx answers are permanent, the rest is worth a retry. */
@Injectable()
export class MailerService implements OnModuleDestroy {
  private readonly transport: Transporter;
  /** As many messages under way as there are connections: the others wait here, not in the transport's queue. */
  private readonly slots: Slots;

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
    const pooled = url.searchParams.get('pool') === 'true';
    this.slots = new Slots(pooled ? Math.max(1, Number(url.searchParams.get('maxConnections')) || 5) : 8);
  }

  /**
   * `messageId` is derived from the notice id so a duplicate that slipped through is recognisable downstream. With
   * `mayStart`, the message waits for a free connection first and is sent only if `mayStart` still agrees then
   * (returns false otherwise): the last moment to check that it is still this run's to send.
   */
  async send(to: string, email: RenderedEmail, messageId: string, mayStart?: () => Promise<boolean>): Promise<boolean> {
    await this.slots.acquire();
    try {
      if (mayStart && !(await mayStart())) return false;
      await this.sendNow(to, email, messageId);
      return true;
    } finally {
      this.slots.release();
    }
  }

  private async sendNow(to: string, email: RenderedEmail, messageId: string): Promise<void> {
    const mail = {
      from: this.config.mail.from,
      to,
      subject: email.subject,
      text: email.text,
      html: email.html,
      messageId,
    };
    try {
      // The message is composed whole first and handed over as one buffer: streamed part by part, it went to the
      // socket in dozens of small writes (a quarter of the worker's CPU at 500 e-mails a second).
      const raw = await new MailComposer(mail).compile().build();
      await this.transport.sendMail({ from: mail.from, to, raw });
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

/** A counting semaphore. */
class Slots {
  private readonly waiting: (() => void)[] = [];
  constructor(private free: number) {}

  acquire(): Promise<void> {
    if (this.free > 0) {
      this.free -= 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free += 1;
  }
}
