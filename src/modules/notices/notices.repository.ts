import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { execute, returningRows, selectRows } from '../../common/db/rows';
import { NoticeEntity } from './entities/notice.entity';
import type { NewNotice } from './notices.service';

export interface ClaimedNotice {
  readonly id: string;
  readonly type: string;
  readonly recipientUserId: string | null;
  readonly recipientEmail: string | null;
  readonly templateData: Record<string, unknown>;
}

/** The SQL of `notices` (the outbox), owned by the notices module. */
@Injectable()
export class NoticesRepository {
  /** Returns the new id, or null when a notice with the same idempotency key exists. */
  async insert(
    em: EntityManager,
    notice: Omit<NewNotice, 'recipientUserId'> & { recipientUserId?: string; recipientEmail?: string },
  ): Promise<string | null> {
    const [row] = await returningRows<{ id: string }>(
      em,
      `INSERT INTO notices (recipient_user_id, recipient_email, type, template_data, idempotency_key, subject_type, subject_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT ON CONSTRAINT uq_notices_idempotency_key DO NOTHING
       RETURNING id`,
      [
        notice.recipientUserId ?? null,
        notice.recipientEmail ?? null,
        notice.type,
        JSON.stringify(notice.templateData ?? {}),
        notice.idempotencyKey,
        notice.subject?.type ?? null,
        notice.subject?.id ?? null,
      ],
    );
    return row?.id ?? null;
  }

  /** Pending, unclaimed notices older than `minAgeMs`, a page at a time in creation order (keyset). */
  stalePending(
    em: EntityManager,
    minAgeMs: number,
    limit: number,
    after?: { createdAt: Date; id: string },
  ): Promise<{ id: string; createdAt: Date }[]> {
    return selectRows(
      em,
      `SELECT id, created_at FROM notices
        WHERE status = 'PENDING' AND created_at < now() - make_interval(secs => $1::double precision / 1000)
          AND (claimed_until IS NULL OR claimed_until < now())
          AND ($3::timestamptz IS NULL OR (created_at, id) > ($3::timestamptz, $4::uuid))
        ORDER BY created_at, id LIMIT $2`,
      [minAgeMs, limit, after?.createdAt ?? null, after?.id ?? null],
    );
  }

  listForSubject(em: EntityManager, subject: { type: string; id: string }): Promise<NoticeEntity[]> {
    return em.find(NoticeEntity, {
      where: { subjectType: subject.type, subjectId: subject.id },
      order: { createdAt: 'ASC' },
    });
  }

  /**
   * An account's notices, newest first, a page at a time (keyset: those older than the notice `before`), with those
   * sent to its address before it had an account when `address` is given (a proved address only: the caller checks).
   */
  listForRecipient(
    em: EntityManager,
    userId: string,
    limit: number,
    opts: { before?: string; address?: string } = {},
  ): Promise<NoticeEntity[]> {
    return em
      .createQueryBuilder(NoticeEntity, 'n')
      .where(
        opts.address
          ? '(n.recipient_user_id = :userId OR n.recipient_email = :address)'
          : 'n.recipient_user_id = :userId',
        { userId, address: opts.address },
      )
      .andWhere(
        opts.before ? '(n.created_at, n.id) < (SELECT b.created_at, b.id FROM notices b WHERE b.id = :before)' : 'TRUE',
        { before: opts.before },
      )
      .orderBy('n.created_at', 'DESC')
      .addOrderBy('n.id', 'DESC')
      .limit(limit)
      .getMany();
  }

  /** Whether the notice `id` is one `listForRecipient` gives this account (with `address`: those sent to it too). */
  async isForRecipient(em: EntityManager, id: string, userId: string, address?: string): Promise<boolean> {
    const rows: { found: boolean }[] = await em.query(
      `SELECT EXISTS (SELECT 1 FROM notices
                       WHERE id = $1 AND (recipient_user_id = $2 OR ($3::text IS NOT NULL AND recipient_email = $3))) AS found`,
      [id, userId, address ?? null],
    );
    return rows[0].found;
  }

  /** Whether a notice of this type about this subject exists whose data holds `templateData` (written, sent or not). */
  async existsForSubject(
    em: EntityManager,
    subject: { type: string; id: string },
    type: string,
    templateData: Record<string, unknown>,
  ): Promise<boolean> {
    const [row] = await selectRows<{ found: boolean }>(
      em,
      `SELECT EXISTS (SELECT 1 FROM notices
                       WHERE subject_type = $1 AND subject_id = $2 AND type = $3 AND template_data @> $4::jsonb) AS found`,
      [subject.type, subject.id, type, JSON.stringify(templateData)],
    );
    return row.found;
  }

  /** Notices sent to an address on the household's behalf (invitations): erased with the household. */
  async deleteAddressedForSubject(em: EntityManager, subject: { type: string; id: string }): Promise<void> {
    await execute(em, `DELETE FROM notices WHERE recipient_user_id IS NULL AND subject_type = $1 AND subject_id = $2`, [
      subject.type,
      subject.id,
    ]);
  }

  /** Claims a pending notice for `claimSeconds` (one sender at a time); null if sent, failed or held. */
  async claim(em: EntityManager, id: string, claimSeconds: number): Promise<ClaimedNotice | null> {
    const [row] = await returningRows<ClaimedNotice>(
      em,
      `UPDATE notices SET claimed_until = now() + make_interval(secs => $2), attempts = attempts + 1, updated_at = now()
        WHERE id = $1 AND status = 'PENDING' AND (claimed_until IS NULL OR claimed_until < now())
        RETURNING id, type, recipient_user_id, recipient_email, template_data`,
      [id, claimSeconds],
    );
    return row ?? null;
  }

  /** Claims, in one statement, those of `ids` that are pending and not held (see `claim`), for the run `token`. */
  claimMany(em: EntityManager, ids: readonly string[], claimSeconds: number, token: string): Promise<ClaimedNotice[]> {
    return returningRows<ClaimedNotice>(
      em,
      `UPDATE notices SET claimed_until = now() + make_interval(secs => $2), claim_token = $3,
              attempts = attempts + 1, updated_at = now()
        WHERE id = ANY($1::uuid[]) AND status = 'PENDING' AND (claimed_until IS NULL OR claimed_until < now())
        RETURNING id, type, recipient_user_id, recipient_email, template_data`,
      [ids, claimSeconds, token],
    );
  }

  /** Extends the claims the run `token` still holds among `ids`; returns those it holds. */
  async extendClaims(
    em: EntityManager,
    ids: readonly string[],
    claimSeconds: number,
    token: string,
  ): Promise<Set<string>> {
    const rows = await returningRows<{ id: string }>(
      em,
      `UPDATE notices SET claimed_until = now() + make_interval(secs => $2)
        WHERE id = ANY($1::uuid[]) AND status = 'PENDING' AND claim_token = $3 AND claimed_until >= now()
        RETURNING id`,
      [ids, claimSeconds, token],
    );
    return new Set(rows.map((r) => r.id));
  }

  async markSentMany(em: EntityManager, ids: readonly string[]): Promise<void> {
    await execute(
      em,
      `UPDATE notices SET status = 'SENT', sent_at = now(), claimed_until = NULL, claim_token = NULL, last_error = NULL,
              updated_at = now()
        WHERE id = ANY($1::uuid[]) AND status = 'PENDING'`,
      [ids],
    );
  }

  async markSent(em: EntityManager, id: string): Promise<void> {
    await execute(
      em,
      `UPDATE notices SET status = 'SENT', sent_at = now(), claimed_until = NULL, last_error = NULL, updated_at = now()
        WHERE id = $1 AND status = 'PENDING'`,
      [id],
    );
  }

  async recordFailure(em: EntityManager, id: string, reason: string, final: boolean): Promise<void> {
    await execute(
      em,
      `UPDATE notices SET claimed_until = NULL, claim_token = NULL, last_error = $2, status = CASE WHEN $3 THEN 'FAILED' ELSE status END, updated_at = now()
        WHERE id = $1 AND status = 'PENDING'`,
      [id, reason, final],
    );
  }
}
