import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { QueueProducer } from '../../common/queue/queue.producer';
import { NoticeEntity } from './entities/notice.entity';
import type { NoticeType } from './notice-types';

export interface NewNotice {
  readonly recipientUserId: string;
  readonly type: NoticeType;
  /** References only (ids, dates, codes). */
  readonly templateData?: Record<string, unknown>;
  /** The same key twice gives one notice (e.g. `offer-made-<offerId>`). */
  readonly idempotencyKey: string;
  readonly subject?: { readonly type: string; readonly id: string };
}

@Injectable()
export class NoticesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly producer: QueueProducer,
  ) {}

  /**
   * Writes the notice in the caller's transaction (the outbox). Returns its id, or null when a notice with the
   * same idempotency key already exists. Call `dispatch` with the ids once the transaction has committed.
   */
  async createInTx(em: EntityManager, notice: NewNotice): Promise<string | null> {
    const rows: { id: string }[] = await em.query(
      `INSERT INTO notices (recipient_user_id, type, template_data, idempotency_key, subject_type, subject_id)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT ON CONSTRAINT uq_notices_idempotency_key DO NOTHING
       RETURNING id`,
      [
        notice.recipientUserId,
        notice.type,
        JSON.stringify(notice.templateData ?? {}),
        notice.idempotencyKey,
        notice.subject?.type ?? null,
        notice.subject?.id ?? null,
      ],
    );
    return rows[0]?.id ?? null;
  }

  /**
   * One notice to each parent of a household (the same e-mail to both parents), in the caller's transaction.
   * The idempotency key gets the recipient's id appended.
   */
  async createForFamily(em: EntityManager, familyId: string, notice: Omit<NewNotice, 'recipientUserId'>): Promise<(string | null)[]> {
    const members: { user_id: string }[] = await em.query(`SELECT user_id FROM family_members WHERE family_id = $1 ORDER BY user_id`, [familyId]);
    const ids: (string | null)[] = [];
    for (const m of members) ids.push(await this.createInTx(em, { ...notice, recipientUserId: m.user_id, idempotencyKey: `${notice.idempotencyKey}-${m.user_id}` }));
    return ids;
  }

  /** After commit: enqueue delivery. Failures are tolerated; the sweep re-enqueues pending notices. */
  async dispatch(ids: readonly (string | null)[]): Promise<void> {
    for (const id of ids) if (id) await this.producer.addBestEffort('notice.send', { noticeId: id });
  }

  /**
   * Pending notices nobody holds, older than the sweep's minimum age (the ones an enqueue may have missed), a page at
   * a time in creation order: pass the last id of a page as `after` for the next.
   */
  async findStalePending(limit = 500, after?: { createdAt: Date; id: string }): Promise<{ id: string; created_at: Date }[]> {
    return this.dataSource.query(
      `SELECT id, created_at FROM notices
        WHERE status = 'PENDING' AND created_at < now() - make_interval(secs => $1::double precision / 1000)
          AND (claimed_until IS NULL OR claimed_until < now())
          AND ($3::timestamptz IS NULL OR (created_at, id) > ($3::timestamptz, $4::uuid))
        ORDER BY created_at, id LIMIT $2`,
      [this.config.notices.sweepMinAgeMs, limit, after?.createdAt ?? null, after?.id ?? null],
    );
  }

  async listForRecipient(userId: string, limit = 100): Promise<NoticeEntity[]> {
    return this.dataSource.getRepository(NoticeEntity).find({
      where: { recipientUserId: userId },
      order: { createdAt: 'DESC' },
      take: limit,
    });
  }
}
