import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { NoticeRecipientsReadModel } from '../../read-models/notice-recipients.read-model';
import { ClaimedNotice, NoticesRepository } from './notices.repository';
import { MailerService, PermanentMailError } from './mailer.service';
import { NoticeRenderers } from './notice-renderers';

export type DeliveryOutcome = 'SENT' | 'SKIPPED' | 'FAILED';

/**
 * Delivers one notice, at most once per claim: the row is claimed with a conditional update, so two runs of the
 * same job (a duplicate, a stalled job re-run) cannot both send.
 */
@Injectable()
export class NoticeDeliveryService {
  private readonly logger = new Logger(NoticeDeliveryService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly mailer: MailerService,
    private readonly renderers: NoticeRenderers,
    private readonly repo: NoticesRepository,
    private readonly recipients: NoticeRecipientsReadModel,
  ) {}

  async deliver(noticeId: string, opts: { isLastAttempt: boolean }): Promise<DeliveryOutcome> {
    const notice = await this.claim(noticeId);
    if (!notice) return 'SKIPPED';
    try {
      const { to, email } = await this.render(notice);
      await this.mailer.send(to, email, `<notice-${notice.id}@berceau>`);
    } catch (err) {
      const permanent = err instanceof PermanentMailError || err instanceof UnrenderableNotice;
      await this.recordFailure(notice.id, err as Error, permanent || opts.isLastAttempt);
      if (permanent) return 'FAILED';
      throw err;
    }
    await this.repo.markSent(this.dataSource.manager, notice.id);
    this.logger.log({ noticeId: notice.id, type: notice.type }, 'notice sent');
    return 'SENT';
  }

  private claim(noticeId: string): Promise<ClaimedNotice | null> {
    return this.repo.claim(this.dataSource.manager, noticeId, this.config.notices.claimSeconds);
  }

  private async render(notice: ClaimedNotice) {
    const renderer = this.renderers.get(notice.type);
    if (!renderer) throw new UnrenderableNotice(`no renderer for notice type ${notice.type}`);
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      // An address with no account (an invited co-parent): greeted without a name, which nobody gave.
      const user = notice.recipientUserId
        ? await this.recipients.contactOf(em, notice.recipientUserId)
        : notice.recipientEmail
          ? { email: notice.recipientEmail, firstName: '' }
          : null;
      if (!user) throw new UnrenderableNotice('recipient no longer exists');
      const email = await renderer(em, notice.templateData, {
        firstName: user.firstName,
        baseUrl: this.config.publicBaseUrl,
      });
      return { to: user.email, email };
    });
  }

  private async recordFailure(noticeId: string, err: Error, final: boolean): Promise<void> {
    const reason = err.message.slice(0, 500);
    await this.repo.recordFailure(this.dataSource.manager, noticeId, reason, final);
    this.logger.warn({ noticeId, final, err: reason }, 'notice delivery failed');
  }
}

/** The notice cannot be rendered (unknown type, recipient gone): retrying will not help. */
export class UnrenderableNotice extends Error {}
