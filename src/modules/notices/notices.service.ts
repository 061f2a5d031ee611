import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { invalidFields } from '../../common/errors/domain-error';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { QueueProducer } from '../../common/queue/queue.producer';
import { NoticeEntity } from './entities/notice.entity';
import type { NoticeType } from './notice-types';
import { NoticesRepository } from './notices.repository';
import { NoticeRecipientsReadModel } from '../../read-models/notice-recipients.read-model';
import { InAppMessage, inAppMessage } from './domain/in-app-message';
import { NoticeRenderers } from './notice-renderers';

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
    private readonly renderers: NoticeRenderers,
  ) {}

  /**
   * Writes the notice in the caller's transaction (the outbox). Returns its id, or null when a notice with the
   * same idempotency key already exists. Call `dispatch` with the ids once the transaction has committed.
   */
  async createInTx(em: EntityManager, notice: NewNotice): Promise<string | null> {
    return this.repo.insert(em, notice);
  }

  /**
   * A notice to an address that has no account yet (a co-parent invited before signing up), in the caller's
   * transaction. Its recipient sees it in "Mes messages" once they have an account and have proved that address.
   */
  async createForAddressInTx(
    em: EntityManager,
    notice: Omit<NewNotice, 'recipientUserId'> & { recipientEmail: string },
  ): Promise<string | null> {
    return this.repo.insert(em, notice);
  }

  /** Deletes the notices sent to addresses about a subject (a household's invitations, when it is erased). */
  deleteAddressedForSubjectInTx(em: EntityManager, subject: { type: string; id: string }): Promise<void> {
    return this.repo.deleteAddressedForSubject(em, subject);
  }

  /**
   * One notice to each parent of a household (the same e-mail to both parents), in the caller's transaction, but
   * `except` (the parent who did what the notice tells, and knows). The idempotency key gets the recipient's id
   * appended.
   */
  async createForFamily(
    em: EntityManager,
    familyId: string,
    notice: Omit<NewNotice, 'recipientUserId'>,
    except?: string,
  ): Promise<(string | null)[]> {
    const ids: (string | null)[] = [];
    for (const userId of await this.recipients.parentsOf(em, familyId)) {
      if (userId === except) continue;
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

  /** Whether a notice of this type about this subject was written, its data holding `templateData`. */
  existsForSubjectInTx(
    em: EntityManager,
    subject: { type: string; id: string },
    type: NoticeType,
    templateData: Record<string, unknown>,
  ): Promise<boolean> {
    return this.repo.existsForSubject(em, subject, type, templateData);
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

  /**
   * "Mes messages": an account's notices, newest first, each with the text its e-mail has (rendered again from the
   * references it stores, as the e-mail was: nothing personal is copied into the outbox), those sent to its proved
   * address before it had an account included. `message` is null if the notice cannot be rendered any more.
   */
  async messagesOf(
    userId: string,
    page: { limit: number; before?: string },
  ): Promise<{ notice: NoticeEntity; message: InAppMessage | null }[]> {
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      const address = await this.recipients.provedAddressOf(em, userId);
      const me = await this.recipients.contactOf(em, userId);
      // The cursor is one of the caller's messages: another account's notice id would otherwise place the page by that
      // notice's date (and tell that the id exists). An id of no message, or of one erased since (with its household),
      // is refused alike, so the answer tells nothing of other accounts.
      if (page.before && !(await this.repo.isForRecipient(em, page.before, userId, address ?? undefined))) {
        throw invalidFields([{ field: 'before', errors: ['before must be the id of a message still in your list'] }]);
      }
      const notices = await this.repo.listForRecipient(em, userId, page.limit, {
        before: page.before,
        address: address ?? undefined,
      });
      const out: { notice: NoticeEntity; message: InAppMessage | null }[] = [];
      for (const notice of notices) {
        const renderer = this.renderers.get(notice.type);
        let message: InAppMessage | null = null;
        if (renderer && me) {
          // A savepoint each, always rolled back: a renderer whose query fails leaves the others' transaction usable,
          // and what a renderer writes to make its e-mail (a link's token) is not kept for a message read here, which
          // never shows such a link (`inAppMessage` withholds it). Reading "Mes messages" writes nothing.
          await em.query('SAVEPOINT render_notice');
          try {
            const recipient = notice.recipientUserId
              ? { userId: notice.recipientUserId, email: me.email, firstName: me.firstName }
              : { userId: null, email: notice.recipientEmail ?? me.email, firstName: '' };
            const email = await renderer(em, notice.templateData, { ...recipient, baseUrl: this.config.publicBaseUrl });
            message = inAppMessage(email, this.config.publicBaseUrl);
          } catch {
            message = null;
          } finally {
            await em.query('ROLLBACK TO SAVEPOINT render_notice');
          }
        }
        out.push({ notice, message });
      }
      return out;
    });
  }
}
