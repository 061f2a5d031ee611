import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { selectRows } from '../common/db/rows';

/**
 * Households with a child in care: read across `contracts` (contracts) and `children` / `families` (families) for the
 * families module's January request to confirm resources. Read-only.
 */
@Injectable()
export class HouseholdsInCareReadModel {
  /** Households, not erased, with a contract running on `date` (ISO date: started on or before it, not ended). */
  async withContractRunningOn(em: EntityManager, date: string): Promise<string[]> {
    const rows = await selectRows<{ familyId: string }>(
      em,
      `SELECT DISTINCT ch.family_id FROM contracts c
         JOIN children ch ON ch.id = c.child_id
         JOIN families f ON f.id = ch.family_id
        WHERE c.start_date <= $1::date AND c.end_date >= $1::date AND f.erased_at IS NULL
        ORDER BY ch.family_id`,
      [date],
    );
    return rows.map((r) => r.familyId);
  }
}
