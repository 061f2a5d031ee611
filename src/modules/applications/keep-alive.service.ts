import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CLOCK, Clock } from '../../common/time/clock';
import { AuditService } from '../audit/audit.service';
import { APPLICATION_LAPSED_NOTICE, INTEREST_REQUEST_NOTICE, NoticeType } from '../notices/notice-types';
import { NoticesService } from '../notices/notices.service';

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
    private readonly audit: AuditService,
    private readonly notices: NoticesService,
  ) {}

  async run(): Promise<{ requested: number; lapsed: number }> {
    const now = this.clock.now();
    const requested = await this.step(
      `UPDATE applications a SET interest_requested_at = $1, updated_at = now()
         FROM families f
        WHERE a.status = 'SUBMITTED' AND a.interest_requested_at IS NULL AND f.id = a.family_id
          AND a.last_confirmed_at <= $1::timestamptz - make_interval(months => (
                SELECT COALESCE(MIN(t.keep_alive_months), 6) FROM application_preferences p
                  JOIN creches c ON c.id = p.creche_id JOIN territories t ON t.id = c.territory_id WHERE p.application_id = a.id))
        RETURNING a.id, a.family_id`,
      now,
      INTEREST_REQUEST_NOTICE,
      'application.interest_requested',
    );
    const lapsed = await this.step(
      `UPDATE applications a SET status = 'LAPSED', closed_at = $1, updated_at = now()
        WHERE a.status = 'SUBMITTED' AND a.interest_requested_at IS NOT NULL
          AND a.interest_requested_at <= $1::timestamptz - make_interval(days => ${ANSWER_DAYS})
        RETURNING a.id, a.family_id`,
      now,
      APPLICATION_LAPSED_NOTICE,
      'application.lapsed',
    );
    return { requested, lapsed };
  }

  private async step(sql: string, now: Date, noticeType: NoticeType, action: string): Promise<number> {
    const ids = await this.dataSource.transaction(async (em) => {
      const [rows]: [{ id: string; family_id: string }[], number] = await em.query(sql, [now]);
      const noticeIds: (string | null)[] = [];
      for (const row of rows) {
        await this.audit.record(em, { actor: null, action, subjectType: 'application', subjectId: row.id });
        noticeIds.push(
          ...(await this.notices.createForFamily(em, row.family_id, {
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
