import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { selectRows } from '../common/db/rows';
import { FIRST_CHOICE_SCHEDULE_SQL } from './requested-schedule';

/** A weekly slot as stored ("HH:MM", weekday 1–7). */
export interface StoredSlot {
  readonly weekday: number;
  readonly from: string;
  readonly to: string;
}

export interface DashboardCrecheRow {
  readonly communeInseeCode: string;
  readonly places: number;
  readonly openingHours: { weekday: number; opens: string; closes: string }[];
  readonly capacityBands: { weekday: number; from: string; to: string; places: number }[];
  readonly closures: { from: string; to: string }[];
  readonly opensOnPublicHolidays: boolean;
}

export interface DashboardDemandRow {
  readonly communeInseeCode: string | null;
  readonly schedule: StoredSlot[];
  readonly publicHolidayCare: boolean;
}

export interface DashboardWaitRow extends DashboardDemandRow {
  readonly waitDays: number;
}

/**
 * What the territory dashboard reads across creches, applications, families and offers. Read-only, and no personal
 * data leaves it: a commune, a schedule, a number of days. Call it in one REPEATABLE READ transaction.
 */
@Injectable()
export class TerritoryDashboardReadModel {
  creches(em: EntityManager, territoryId: string): Promise<DashboardCrecheRow[]> {
    return selectRows<DashboardCrecheRow>(
      em,
      `SELECT commune_insee_code, places, opening_hours, capacity_bands, closures, opens_on_public_holidays
         FROM creches WHERE territory_id = $1 ORDER BY id`,
      [territoryId],
    );
  }

  /** Active applications (waiting or offered) that list at least one of the territory's crèches. */
  demand(em: EntityManager, territoryId: string): Promise<DashboardDemandRow[]> {
    return selectRows<DashboardDemandRow>(
      em,
      `SELECT f.commune_insee_code, ${FIRST_CHOICE_SCHEDULE_SQL('$1')} AS schedule, a.public_holiday_care
         FROM applications a JOIN families f ON f.id = a.family_id
        WHERE a.status IN ('SUBMITTED', 'OFFERED')
          AND EXISTS (SELECT 1 FROM application_preferences p JOIN creches c ON c.id = p.creche_id
                       WHERE p.application_id = a.id AND c.territory_id = $1)`,
      [territoryId],
    );
  }

  /**
   * Applications whose first offer from a crèche of the territory was made from the civil day `since` ("YYYY-MM-DD",
   * France) up to `until`: the civil days from the application to that offer.
   */
  waits(em: EntityManager, territoryId: string, since: string, until: Date): Promise<DashboardWaitRow[]> {
    return selectRows<DashboardWaitRow>(
      em,
      `WITH first_offer AS (
         SELECT o.application_id, min(o.created_at) AS offered_at
           FROM offers o JOIN creches c ON c.id = o.creche_id
          WHERE c.territory_id = $1
          GROUP BY o.application_id)
       SELECT f.commune_insee_code, ${FIRST_CHOICE_SCHEDULE_SQL('$1')} AS schedule, a.public_holiday_care,
              ((fo.offered_at AT TIME ZONE 'Europe/Paris')::date - (a.submitted_at AT TIME ZONE 'Europe/Paris')::date) AS wait_days
         FROM first_offer fo JOIN applications a ON a.id = fo.application_id JOIN families f ON f.id = a.family_id
        WHERE fo.offered_at >= ($2::date::timestamp AT TIME ZONE 'Europe/Paris') AND fo.offered_at <= $3`,
      [territoryId, since, until],
    );
  }
}
