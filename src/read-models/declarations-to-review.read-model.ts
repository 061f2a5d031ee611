import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { selectRows } from '../common/db/rows';

/** A household's declaration waiting for a manager, with the children it pays for under contract at the crèche. */
export interface DeclarationToReview {
  readonly familyId: string;
  readonly declarationId: string;
  readonly declaredAt: Date;
  /** The crèche's contracts' children this household pays for (its own, or a share in alternating residence). */
  readonly childIds: string[];
  /** None of them is the household's own child: it pays a share of another household's child's contract. */
  readonly sharesOnly: boolean;
}

/**
 * The fee declarations waiting for a manager of households under contract at a crèche: read across `contracts`
 * (contracts) and `fee_declarations` / `children` (families) for the contracts page, where a manager reviews the
 * declarations of families already cared for (those of applicants are on the waitlist page). Read-only; the caller
 * checks the crèche first.
 */
@Injectable()
export class DeclarationsToReviewReadModel {
  /**
   * Pending declarations of households paying for a contract of the crèche (the child's household, or another paying
   * household in alternating residence) that runs up to the day the declaration applies from: the ones its managers
   * may review (`FamilyAccess.assertCanActAsStaff` on `appliesFrom`, in the families module). Oldest first.
   */
  async ofContractsAt(em: EntityManager, crecheId: string): Promise<DeclarationToReview[]> {
    return selectRows<DeclarationToReview>(
      em,
      `SELECT d.family_id, d.id AS declaration_id, d.declared_at, array_agg(DISTINCT c.child_id) AS child_ids,
              bool_and(ch.family_id <> d.family_id) AS shares_only
         FROM fee_declarations d
         JOIN contracts c ON c.creche_id = $1 AND c.end_date >= d.applies_from
         JOIN children ch ON ch.id = c.child_id
        WHERE d.status = 'PENDING'
          AND (ch.family_id = d.family_id
               OR c.fee_shares @> jsonb_build_array(jsonb_build_object('familyId', d.family_id::text)))
        GROUP BY d.family_id, d.id, d.declared_at
        ORDER BY d.declared_at, d.id`,
      [crecheId],
    );
  }
}
