import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { selectRows } from '../common/db/rows';

/** The namespace of the advisory locks on a child's attendance (first key of pg_advisory_xact_lock). */
const CHILD_ATTENDANCE_LOCK = 1_609;

/**
 * The days a child was checked in at a crèche, read from `attendance_records` (attendance) for the contracts module
 * (and, crèche-wide, for the creches module's closures):
 * a day the child attended stays a day it was expected (R8.9), so a contract is not ended before it, nor a booking
 * cancelled on it — its hours would otherwise be counted attended and billed by no invoice. Read-only, but for the
 * child's attendance lock, which check-ins take too.
 */
@Injectable()
export class AttendedDaysReadModel {
  /**
   * Holds the child's attendance until the transaction ends: a check-in of the child (which takes the same lock before
   * it reads whether the child is expected) waits, or has committed and is read here. Take it before any crèche's lock.
   */
  async lockChild(em: EntityManager, childId: string): Promise<void> {
    await lockChildAttendance(em, childId);
  }

  /**
   * The days ("YYYY-MM-DD") of the spans someone was checked in at the crèche, in order: for the creches module, a
   * closure is not added over them (R8.9: no attended time on a closed day).
   */
  async daysAttendedAtCreche(
    em: EntityManager,
    crecheId: string,
    spans: readonly { from: string; to: string }[],
  ): Promise<string[]> {
    if (spans.length === 0) return [];
    const rows = await selectRows<{ date: string }>(
      em,
      `SELECT DISTINCT to_char(a.date, 'YYYY-MM-DD') AS date
         FROM attendance_records a
         JOIN unnest($2::date[], $3::date[]) AS s(from_day, to_day) ON a.date BETWEEN s.from_day AND s.to_day
        WHERE a.creche_id = $1
        ORDER BY 1`,
      [crecheId, spans.map((s) => s.from), spans.map((s) => s.to)],
    );
    return rows.map((r) => r.date);
  }

  /**
   * The days ("YYYY-MM-DD") between `from` and `to` (inclusive) the child was at the crèche outside its live bookings
   * there (hours only a contract bills), in order. A record still open counts to the day's end.
   */
  async attendedBeyondBookings(
    em: EntityManager,
    q: { crecheId: string; childId: string; from: string; to: string },
  ): Promise<string[]> {
    const rows = await selectRows<{
      date: string;
      arrived: number;
      left: number;
      booked: { from: number; to: number }[];
    }>(
      em,
      `SELECT to_char(a.date, 'YYYY-MM-DD') AS date, a.arrived_minute AS arrived, COALESCE(a.left_minute, 1440) AS "left",
              COALESCE((SELECT jsonb_agg(jsonb_build_object('from', b.from_minute, 'to', b.to_minute))
                          FROM bookings b
                         WHERE b.creche_id = a.creche_id AND b.child_id = a.child_id AND b.date = a.date
                           AND b.cancelled_at IS NULL), '[]'::jsonb) AS booked
         FROM attendance_records a
        WHERE a.creche_id = $1 AND a.child_id = $2 AND a.date BETWEEN $3::date AND $4::date
        ORDER BY a.date`,
      [q.crecheId, q.childId, q.from, q.to],
    );
    return rows.filter((r) => minutesOutside(r.arrived, r.left, r.booked) > 0).map((r) => r.date);
  }

  /** Whether the child is checked in at the crèche on that day with no departure yet (still there, or forgotten). */
  async openOn(em: EntityManager, q: { crecheId: string; childId: string; date: string }): Promise<boolean> {
    const rows = await selectRows(
      em,
      `SELECT 1 FROM attendance_records
        WHERE creche_id = $1 AND child_id = $2 AND date = $3::date AND left_minute IS NULL`,
      [q.crecheId, q.childId, q.date],
    );
    return rows.length > 0;
  }

  /** Whether the child was at the crèche during any of these minutes of that day (a record still open: to the day's end). */
  async attendedDuring(
    em: EntityManager,
    q: { crecheId: string; childId: string; date: string; fromMinute: number; toMinute: number },
  ): Promise<boolean> {
    const rows = await selectRows(
      em,
      `SELECT 1 FROM attendance_records
        WHERE creche_id = $1 AND child_id = $2 AND date = $3::date
          AND arrived_minute < $5 AND COALESCE(left_minute, 1440) > $4`,
      [q.crecheId, q.childId, q.date, q.fromMinute, q.toMinute],
    );
    return rows.length > 0;
  }
}

/** Minutes of [from, to) not covered by any of the intervals. */
export function minutesOutside(from: number, to: number, covered: readonly { from: number; to: number }[]): number {
  let outside = 0;
  let at = from;
  for (const c of [...covered].sort((x, y) => x.from - y.from)) {
    if (c.to <= at) continue;
    if (c.from >= to) break;
    if (c.from > at) outside += c.from - at;
    at = Math.max(at, c.to);
    if (at >= to) return outside;
  }
  return outside + Math.max(0, to - at);
}

/**
 * The lock on a child's attendance (a transaction-level advisory lock): its check-ins at any crèche, and the changes
 * of its contracts and bookings that would leave a day it attended unplanned, take it in turn.
 */
export async function lockChildAttendance(em: EntityManager, childId: string): Promise<void> {
  await em.query(`SELECT pg_advisory_xact_lock(${CHILD_ATTENDANCE_LOCK}, hashtext($1))`, [childId]);
}
