import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { UserEntity } from '../users/entities/user.entity';
import { NoticeEntity } from './entities/notice.entity';
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
    await this.dataSource.query(
      `UPDATE notices SET status = 'SENT', sent_at = now(), claimed_until = NULL, last_error = NULL, updated_at = now()
        WHERE id = $1 AND status = 'PENDING'`,
      [notice.id],
    );
    this.logger.log({ noticeId: notice.id, type: notice.type }, 'notice sent');
    return 'SENT';
  }

  private async claim(noticeId: string): Promise<NoticeEntity | null> {
    const rows: [Record<string, unknown>[], number] = await this.dataSource.query(
      `UPDATE notices SET claimed_until = now() + make_interval(secs => $2), attempts = attempts + 1, updated_at = now()
        WHERE id = $1 AND status = 'PENDING' AND (claimed_until IS NULL OR claimed_until < now())
        RETURNING id, type, recipient_user_id, template_data`,
      [noticeId, this.config.notices.claimSeconds],
    );
    const row = rows[0]?.[0];
    if (!row) return null;
    return Object.assign(new NoticeEntity(), {
      id: row.id as string,
      type: row.type as string,
      recipientUserId: row.recipient_user_id as string,
      templateData: row.template_data as Record<string, unknown>,
    });
  }

  private async render(notice: NoticeEntity) {
    const renderer = this.renderers.get(notice.type);
    if (!renderer) throw new UnrenderableNotice(`no renderer for notice type ${notice.type}`);
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      const user = await em.findOne(UserEntity, { where: { id: notice.recipientUserId } });
      if (!user) throw new UnrenderableNotice('recipient no longer exists');
      const email = await renderer(em, notice.templateData, { firstName: user.firstName, baseUrl: this.config.publicBaseUrl });
      return { to: user.email, email };
    });
  }

  private async recordFailure(noticeId: string, err: Error, final: boolean): Promise<void> {
    const reason = err.message.slice(0, 500);
    await this.dataSource.query(
      `UPDATE notices SET claimed_until = NULL, last_error = $2, status = CASE WHEN $3 THEN 'FAILED' ELSE status END,
              updated_at = now()
        WHERE id = $1 AND status = 'PENDING'`,
      [noticeId, reason, final],
    );
    this.logger.warn({ noticeId, final, err: reason }, 'notice delivery failed');
  }
}

/** The notice cannot be rendered (unknown type, recipient gone): retrying will not help. */
export class UnrenderableNotice extends Error {}
