import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { selectRows } from '../common/db/rows';

export interface PlannedChild {
  readonly childId: string;
  readonly firstName: string;
  /** The contract running that day, if any, and its weekly schedule. */
  readonly contractId: string | null;
  readonly schedule: { weekday: number; from: string; to: string }[] | null;
  /** The contract's declared leave: its slots are not planned on those days. */
  readonly leavePeriods: { from: string; to: string }[] | null;
  /** Live occasional and emergency bookings of the day. */
  readonly bookings: { id: string; fromMinute: number; toMinute: number; kind: string }[];
}

/**
 * Who a crèche expects on a day: children with a contract running that day or a live booking that day. Read across
 * `contracts` / `bookings` (contracts) and `children` (families) for the attendance module. Read-only.
 */
@Injectable()
export class PlannedDayReadModel {
  /**
   * Holds the children's rows FOR KEY SHARE (in id order) until the transaction ends, as an arrival's insert does by
   * its foreign key, so that a check-in takes them before it holds its crèche's row: an admission
   * (`lock_for_admission`) locks a child's row, then its crèche; taken the other way round, the two deadlocked.
   */
  async holdChildren(em: EntityManager, childIds: readonly string[]): Promise<void> {
    if (childIds.length === 0) return;
    await em.query(`SELECT 1 FROM children WHERE id = ANY($1::uuid[]) ORDER BY id FOR KEY SHARE`, [[...childIds]]);
  }

  async expectedOn(
    em: EntityManager,
    crecheId: string,
    date: string,
    childIds?: readonly string[],
  ): Promise<PlannedChild[]> {
    return selectRows<PlannedChild>(
      em,
      `WITH kids AS (
         SELECT c.child_id FROM contracts c
          WHERE c.creche_id = $1 AND c.start_date <= $2::date AND c.end_date >= $2::date
         UNION
         SELECT b.child_id FROM bookings b
          WHERE b.creche_id = $1 AND b.date = $2::date AND b.cancelled_at IS NULL)
       SELECT ch.id AS child_id, ch.first_name,
              ct.id AS contract_id, ct.schedule, ct.leave_periods,
              COALESCE((SELECT jsonb_agg(jsonb_build_object('id', b.id, 'fromMinute', b.from_minute,
                                         'toMinute', b.to_minute, 'kind', b.kind) ORDER BY b.from_minute)
                          FROM bookings b
                         WHERE b.child_id = ch.id AND b.creche_id = $1 AND b.date = $2::date
                           AND b.cancelled_at IS NULL), '[]'::jsonb) AS bookings
         FROM kids k
         JOIN children ch ON ch.id = k.child_id
         LEFT JOIN contracts ct ON ct.child_id = ch.id AND ct.creche_id = $1
                               AND ct.start_date <= $2::date AND ct.end_date >= $2::date
        WHERE $3::uuid[] IS NULL OR ch.id = ANY($3::uuid[])
        ORDER BY ch.first_name, ch.id`,
      [crecheId, date, childIds ? [...childIds] : null],
    );
  }

  /** Whether the child has a contract at the crèche over any part of the period, or a booking in it. */
  async isInCareBetween(
    em: EntityManager,
    crecheId: string,
    childId: string,
    from: string,
    to: string,
  ): Promise<boolean> {
    const rows = await em.query(
      `SELECT 1 FROM contracts WHERE creche_id = $1 AND child_id = $2 AND start_date <= $4::date AND end_date >= $3::date
       UNION ALL
       SELECT 1 FROM bookings WHERE creche_id = $1 AND child_id = $2 AND date BETWEEN $3::date AND $4::date
                                AND cancelled_at IS NULL
       LIMIT 1`,
      [crecheId, childId, from, to],
    );
    return rows.length > 0;
  }
}
