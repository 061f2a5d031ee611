import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CLOCK, Clock } from '../../common/time/clock';
import { AuditService } from '../audit/audit.service';
import { APPLICATION_LAPSED_NOTICE, INTEREST_REQUEST_NOTICE, NoticeType } from '../notices/notice-types';
import { NoticesService } from '../notices/notices.service';
import { ApplicationRef, ApplicationsRepository } from './applications.repository';

/** Days a family has to answer a request to confirm its interest. */
export const ANSWER_DAYS = 30;

/**
 * Keeps the waitlist alive: every N months (territory setting) a family confirms it still wants a place; without an
 * answer within 30 days the application lapses. Each step is a conditional update, so the job is safe to run twice.
 */
@Injectable()
export class KeepAliveService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly repo: ApplicationsRepository,
    private readonly audit: AuditService,
    private readonly notices: NoticesService,
  ) {}

  async run(): Promise<{ requested: number; lapsed: number }> {
    const now = this.clock.now();
    const requested = await this.step(
      (em) => this.repo.requestInterest(em, now),
      now,
      INTEREST_REQUEST_NOTICE,
      'application.interest_requested',
    );
    const lapsed = await this.step(
      (em) => this.repo.lapseUnanswered(em, now, ANSWER_DAYS),
      now,
      APPLICATION_LAPSED_NOTICE,
      'application.lapsed',
    );
    return { requested, lapsed };
  }

  private async step(
    change: (em: EntityManager) => Promise<ApplicationRef[]>,
    now: Date,
    noticeType: NoticeType,
    action: string,
  ): Promise<number> {
    const ids = await this.dataSource.transaction(async (em) => {
      const rows = await change(em);
      const noticeIds: (string | null)[] = [];
      for (const row of rows) {
        await this.audit.record(em, { actor: null, action, subjectType: 'application', subjectId: row.id });
        noticeIds.push(
          ...(await this.notices.createForFamily(em, row.familyId, {
            type: noticeType,
            templateData: { applicationId: row.id, at: now.toISOString() },
            idempotencyKey: `${noticeType.toLowerCase()}-${row.id}-${now.toISOString().slice(0, 10)}`,
            subject: { type: 'application', id: row.id },
          })),
        );
      }
      return noticeIds;
    });
    await this.notices.dispatch(ids);
    return ids.length;
  }
}
