import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { QueueProducer } from '../../common/queue/queue.producer';
import { NoticeEntity } from './entities/notice.entity';
import type { NoticeType } from './notice-types';
import { NoticesRepository } from './notices.repository';
import { NoticeRecipientsReadModel } from '../../read-models/notice-recipients.read-model';

/** Notices claimed, rendered and sent together by one job. */
export const NOTICE_BATCH_SIZE = 100;

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
    private readonly repo: NoticesRepository,
    private readonly recipients: NoticeRecipientsReadModel,
  ) {}

  /**
   * Writes the notice in the caller's transaction (the outbox). Returns its id, or null when a notice with the
   * same idempotency key already exists. Call `dispatch` with the ids once the transaction has committed.
   */
  async createInTx(em: EntityManager, notice: NewNotice): Promise<string | null> {
    return this.repo.insert(em, notice);
  }

  /**
   * One notice to each parent of a household (the same e-mail to both parents), in the caller's transaction.
   * The idempotency key gets the recipient's id appended.
   */
  async createForFamily(
    em: EntityManager,
    familyId: string,
    notice: Omit<NewNotice, 'recipientUserId'>,
  ): Promise<(string | null)[]> {
    const ids: (string | null)[] = [];
    for (const userId of await this.recipients.parentsOf(em, familyId)) {
      ids.push(
        await this.createInTx(em, {
          ...notice,
          recipientUserId: userId,
          idempotencyKey: `${notice.idempotencyKey}-${userId}`,
        }),
      );
    }
    return ids;
  }

  /** After commit: enqueue delivery, in batches. Failures are tolerated; the sweep re-enqueues pending notices. */
  async dispatch(ids: readonly (string | null)[]): Promise<void> {
    const noticeIds = ids.filter((id): id is string => id !== null);
    for (let i = 0; i < noticeIds.length; i += NOTICE_BATCH_SIZE)
      await this.producer.addBestEffort('notice.send-batch', { noticeIds: noticeIds.slice(i, i + NOTICE_BATCH_SIZE) });
  }

  /**
   * The sweep: re-enqueues every pending notice that no job seems to hold, older than the sweep's minimum age, a page
   * at a time, in batches. Deterministic job ids and the claims make a duplicate enqueue harmless.
   */
  async requeueStale(pageSize = 500): Promise<number> {
    let swept = 0;
    let after: { createdAt: Date; id: string } | undefined;
    for (;;) {
      const page = await this.repo.stalePending(
        this.dataSource.manager,
        this.config.notices.sweepMinAgeMs,
        pageSize,
        after,
      );
      for (let i = 0; i < page.length; i += NOTICE_BATCH_SIZE)
        await this.producer.add('notice.send-batch', {
          noticeIds: page.slice(i, i + NOTICE_BATCH_SIZE).map((row) => row.id),
        });
      swept += page.length;
      if (page.length < pageSize) return swept;
      after = page[page.length - 1];
    }
  }

  /** The notices about one subject (an offer, say), oldest first: their delivery status for the staff. */
  listForSubject(subject: { type: string; id: string }): Promise<NoticeEntity[]> {
    return this.repo.listForSubject(this.dataSource.manager, subject);
  }

  async listForRecipient(userId: string, limit = 100): Promise<NoticeEntity[]> {
    return this.repo.listForRecipient(this.dataSource.manager, userId, limit);
  }
}
