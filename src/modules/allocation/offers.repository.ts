import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { execute, returningRows, selectRows } from '../../common/db/rows';
import { offerTransition } from './domain/offer-status';
import { OfferEntity, OfferStatus } from './entities/offer.entity';

export interface OfferRef {
  readonly id: string;
  readonly familyId: string;
  readonly applicationId: string;
}

/** The SQL of `offers`, owned by the allocation module. Status changes follow `domain/offer-status.ts`. */
@Injectable()
export class OffersRepository {
  findById(em: EntityManager, id: string, lock = false): Promise<OfferEntity | null> {
    return em.findOne(OfferEntity, {
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  listOfFamily(em: EntityManager, familyId: string): Promise<OfferEntity[]> {
    return em.find(OfferEntity, { where: { familyId }, order: { createdAt: 'DESC' } });
  }

  listOfCreche(em: EntityManager, crecheId: string, status?: OfferStatus): Promise<OfferEntity[]> {
    return em.find(OfferEntity, { where: status ? { crecheId, status } : { crecheId }, order: { createdAt: 'DESC' } });
  }

  insert(em: EntityManager, offer: Partial<OfferEntity>): Promise<OfferEntity> {
    return em.save(em.create(OfferEntity, offer));
  }

  save(em: EntityManager, offer: OfferEntity): Promise<OfferEntity> {
    return em.save(offer);
  }

  /** An open offer past its deadline expires (once). */
  expire(em: EntityManager, id: string, now: Date): Promise<OfferRef[]> {
    const { from, to } = offerTransition('EXPIRE');
    return returningRows<OfferRef>(
      em,
      `UPDATE offers SET status = $3, answered_at = $2 WHERE id = $1 AND status = ANY($4) AND deadline <= $2 RETURNING id, family_id, application_id`,
      [id, now, to, from],
    );
  }

  /** Marks the reminder sent, once, inside the reminder window before the deadline. */
  markReminded(em: EntityManager, id: string, now: Date, leadMs: number): Promise<OfferRef[]> {
    return returningRows<OfferRef>(
      em,
      `UPDATE offers SET reminder_sent_at = $2 WHERE id = $1 AND status = 'OPEN' AND reminder_sent_at IS NULL
          AND deadline - make_interval(secs => $3::double precision / 1000) <= $2 AND deadline > $2
        RETURNING id, family_id, application_id`,
      [id, now, leadMs],
    );
  }

  /** The crèche withdraws an open offer it can no longer honour (once). */
  withdraw(em: EntityManager, id: string, by: string | null, reason: string): Promise<OfferRef[]> {
    const { from, to } = offerTransition('WITHDRAW');
    return returningRows<OfferRef>(
      em,
      `UPDATE offers SET status = $4, answered_at = now(), answered_by = $2, withdrawal_reason = $3
        WHERE id = $1 AND status = ANY($5) RETURNING id, family_id, application_id`,
      [id, by, reason, to, from],
    );
  }

  /**
   * GDPR erasure: a household's offers keep no income (the estimate's trace holds the resources) and none of its own
   * words (the reason it gave for declining, free text that may tell of its life).
   */
  async clearPersonalOfFamily(em: EntityManager, familyId: string): Promise<void> {
    await execute(
      em,
      `UPDATE offers SET fee_trace = NULL, decline_reason = NULL
        WHERE family_id = $1 AND (fee_trace IS NOT NULL OR decline_reason IS NOT NULL)`,
      [familyId],
    );
  }

  /** The open offer of an application is declined for the family (withdrawal, erasure). */
  /** Locks the open offers of an application, or of a household, in id order. */
  async lockOpenOf(em: EntityManager, which: { applicationId: string } | { familyId: string }): Promise<void> {
    const [column, id] =
      'applicationId' in which ? ['application_id', which.applicationId] : ['family_id', which.familyId];
    await em.query(`SELECT id FROM offers WHERE ${column} = $1 AND status = 'OPEN' ORDER BY id FOR UPDATE`, [id]);
  }

  declineOpenOfApplication(
    em: EntityManager,
    applicationId: string,
    by: string | null,
    reason: string,
  ): Promise<OfferRef[]> {
    const { from, to } = offerTransition('DECLINE');
    return returningRows<OfferRef>(
      em,
      `UPDATE offers SET status = $4, answered_at = now(), answered_by = $2, decline_reason = $3
        WHERE application_id = $1 AND status = ANY($5) RETURNING id, family_id, application_id`,
      [applicationId, by, reason, to, from],
    );
  }

  async dueForExpiry(em: EntityManager, now: Date): Promise<string[]> {
    const rows = await selectRows<{ id: string }>(
      em,
      `SELECT id FROM offers WHERE status = 'OPEN' AND deadline <= $1`,
      [now],
    );
    return rows.map((r) => r.id);
  }

  async dueForReminder(em: EntityManager, now: Date, leadMs: number): Promise<string[]> {
    const rows = await selectRows<{ id: string }>(
      em,
      `SELECT id FROM offers WHERE status = 'OPEN' AND reminder_sent_at IS NULL AND deadline > $1 AND deadline - make_interval(secs => $2::double precision / 1000) <= $1`,
      [now, leadMs],
    );
    return rows.map((r) => r.id);
  }
}
