import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { selectRows } from '../common/db/rows';

/** A household's declaration waiting for a manager, with the children it has under contract at the crèche. */
export interface DeclarationToReview {
  readonly familyId: string;
  readonly declarationId: string;
  readonly declaredAt: Date;
  /** The crèche's contracts' children this household pays for (its own, or a share in alternating residence). */
  readonly childIds: string[];
}

/**
 * The fee declarations waiting for a manager of households under contract at a crèche: read across `contracts`
 * (contracts) and `fee_declarations` / `families` (families) for the contracts page, where a manager reviews the
 * declarations of families already cared for (those of applicants are on the waitlist page). Read-only; the caller
 * checks the crèche first.
 */
@Injectable()
export class DeclarationsToReviewReadModel {
  /**
   * Households paying for a contract of the crèche not ended on `today` (the child's, or another paying household in
   * alternating residence: the ones whose declarations a manager of the crèche may review), oldest declaration first.
   */
  async ofContractsAt(em: EntityManager, crecheId: string, today: string): Promise<DeclarationToReview[]> {
    return selectRows<DeclarationToReview>(
      em,
      `WITH payers AS (
         SELECT ch.family_id, c.child_id FROM contracts c JOIN children ch ON ch.id = c.child_id
          WHERE c.creche_id = $1 AND c.end_date >= $2::date
         UNION
         SELECT (s.share ->> 'familyId')::uuid, c.child_id
           FROM contracts c CROSS JOIN LATERAL jsonb_array_elements(COALESCE(c.fee_shares, '[]'::jsonb)) AS s(share)
          WHERE c.creche_id = $1 AND c.end_date >= $2::date)
       SELECT d.family_id, d.id AS declaration_id, d.declared_at, array_agg(DISTINCT p.child_id) AS child_ids
         FROM fee_declarations d
         JOIN payers p ON p.family_id = d.family_id
         JOIN families f ON f.id = d.family_id AND f.erased_at IS NULL
        WHERE d.status = 'PENDING'
        GROUP BY d.family_id, d.id, d.declared_at
        ORDER BY d.declared_at, d.id`,
      [crecheId, today],
    );
  }
}
