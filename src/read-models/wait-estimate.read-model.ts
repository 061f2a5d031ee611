import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { selectRows } from '../common/db/rows';
import { REQUESTED_SCHEDULE_SQL } from './requested-schedule';

interface StoredSlot {
  readonly weekday: number;
  readonly from: string;
  readonly to: string;
}

export interface RequestedSchedule {
  readonly applicationId: string;
  readonly schedule: StoredSlot[];
}

export interface ChildInCareRow {
  readonly schedule: StoredSlot[];
  /** "YYYY-MM-DD" */
  readonly endDate: string;
  /** "YYYY-MM-DD", null when only an expected date is known. */
  readonly birthDate: string | null;
  readonly maxAgeMonths: number;
}

/** The applied child and the crèche's age limit, for the day the child can no longer start there. */
export interface ApplicantChildRow {
  /** "YYYY-MM-DD": the birth date, or the expected one while the child is not born. */
  readonly birth: string;
  readonly disability: boolean;
  readonly maxAgeMonths: number;
}

/**
 * What the estimated wait reads across applications, contracts, children and crèches, for one crèche. Read-only;
 * nothing personal leaves it but schedules and dates.
 */
@Injectable()
export class WaitEstimateReadModel {
  /** The schedule each active application listing the crèche requests there. */
  requested(em: EntityManager, crecheId: string): Promise<RequestedSchedule[]> {
    return selectRows<RequestedSchedule>(
      em,
      `SELECT a.id AS application_id, ${REQUESTED_SCHEDULE_SQL} AS schedule
         FROM application_preferences p JOIN applications a ON a.id = p.application_id
        WHERE p.creche_id = $1 AND a.status IN ('SUBMITTED', 'OFFERED')`,
      [crecheId],
    );
  }

  /** The child an application is for, and the crèche's maximum age; null when either is unknown. */
  async applicantChild(em: EntityManager, applicationId: string, crecheId: string): Promise<ApplicantChildRow | null> {
    const [row] = await selectRows<ApplicantChildRow>(
      em,
      `SELECT to_char(COALESCE(ch.birth_date, ch.expected_birth_date), 'YYYY-MM-DD') AS birth, ch.disability,
              cr.max_age_months
         FROM applications a JOIN children ch ON ch.id = a.child_id JOIN creches cr ON cr.id = $2
        WHERE a.id = $1`,
      [applicationId, crecheId],
    );
    return row?.birth ? row : null;
  }

  /** The contracts of the crèche still running on `asOf` or later, with the child's birth date. */
  inCare(em: EntityManager, crecheId: string, asOf: string): Promise<ChildInCareRow[]> {
    return selectRows<ChildInCareRow>(
      em,
      `SELECT c.schedule, to_char(c.end_date, 'YYYY-MM-DD') AS end_date, to_char(ch.birth_date, 'YYYY-MM-DD') AS birth_date,
              cr.max_age_months
         FROM contracts c JOIN children ch ON ch.id = c.child_id JOIN creches cr ON cr.id = c.creche_id
        WHERE c.creche_id = $1 AND c.end_date >= $2`,
      [crecheId, asOf],
    );
  }

  /**
   * The applications the crèche reached or lost from `since` ("YYYY-MM-DD") on: a first offer from it (`offered`,
   * whatever the answer: one still open, or declined, counts, for the crèche's offers reached that far down its list),
   * or gone without one — withdrawn, lapsed, or admitted at another crèche (docs/rules.md R10.4).
   */
  leavers(em: EntityManager, crecheId: string, since: string): Promise<{ schedule: StoredSlot[]; offered: boolean }[]> {
    return selectRows<{ schedule: StoredSlot[]; offered: boolean }>(
      em,
      `WITH first_offer AS (
         SELECT application_id, min(created_at) AS offered_at FROM offers WHERE creche_id = $1 GROUP BY application_id)
       SELECT ${REQUESTED_SCHEDULE_SQL} AS schedule, (fo.offered_at IS NOT NULL AND fo.offered_at >= $2::date) AS offered
         FROM application_preferences p JOIN applications a ON a.id = p.application_id
         LEFT JOIN first_offer fo ON fo.application_id = a.id
        WHERE p.creche_id = $1
          AND (fo.offered_at >= $2::date
               OR (fo.offered_at IS NULL AND a.closed_at >= $2::date
                   AND (a.status IN ('WITHDRAWN', 'LAPSED')
                        OR (a.status = 'ACCEPTED' AND a.admitted_creche_id IS DISTINCT FROM p.creche_id))))`,
      [crecheId, since],
    );
  }

  /** The schedules of the contracts that started at the crèche from `since` to `asOf` (its admissions). */
  async admissions(em: EntityManager, crecheId: string, since: string, asOf: string): Promise<StoredSlot[][]> {
    const rows = await selectRows<{ schedule: StoredSlot[] }>(
      em,
      `SELECT schedule FROM contracts WHERE creche_id = $1 AND start_date >= $2 AND start_date <= $3`,
      [crecheId, since, asOf],
    );
    return rows.map((r) => r.schedule);
  }
}
