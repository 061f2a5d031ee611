import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { selectRows } from '../common/db/rows';

/**
 * Households with a child in care: read across `contracts` (contracts) and `children` / `families` (families) for the
 * families module's January request to confirm resources. Read-only.
 */
@Injectable()
export class HouseholdsInCareReadModel {
  /**
   * The crèches with a contract the household pays for (its child's, or a share in alternating residence) running on
   * or after `from`: those whose months a change of its situation from `from` bills.
   */
  async crechesBillingFrom(em: EntityManager, familyId: string, from: string): Promise<string[]> {
    const rows = await selectRows<{ crecheId: string }>(
      em,
      `SELECT DISTINCT c.creche_id FROM contracts c
        WHERE c.end_date >= $2::date
          AND (c.child_id IN (SELECT ch.id FROM children ch WHERE ch.family_id = $1)
               OR c.fee_shares @> jsonb_build_array(jsonb_build_object('familyId', $1::text)))
        ORDER BY 1`,
      [familyId, from],
    );
    return rows.map((r) => r.crecheId);
  }

  /** Households, not erased, with a contract running on `date` (ISO date: started on or before it, not ended). */
  async withContractRunningOn(em: EntityManager, date: string): Promise<string[]> {
    const rows = await selectRows<{ familyId: string }>(
      em,
      // The child's household, and in alternating residence the other paying household too.
      `SELECT DISTINCT f.id AS family_id FROM contracts c
         JOIN families f ON f.id IN (SELECT ch.family_id FROM children ch WHERE ch.id = c.child_id)
                         OR c.fee_shares @> jsonb_build_array(jsonb_build_object('familyId', f.id::text))
        WHERE c.start_date <= $1::date AND c.end_date >= $1::date AND f.erased_at IS NULL
        ORDER BY f.id`,
      [date],
    );
    return rows.map((r) => r.familyId);
  }
}
