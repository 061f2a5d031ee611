import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { selectRows } from '../common/db/rows';

/** The namespace of the advisory locks on a child's attendance (first key of pg_advisory_xact_lock). */
const CHILD_ATTENDANCE_LOCK = 1_609;

/**
 * The days a child was checked in at a crèche, read from `attendance_records` (attendance) for the contracts module:
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

  /** The days ("YYYY-MM-DD") between `from` and `to` (inclusive) the child was checked in at the crèche, in order. */
  async attendedBetween(
    em: EntityManager,
    q: { crecheId: string; childId: string; from: string; to: string },
  ): Promise<string[]> {
    const rows = await selectRows<{ date: string }>(
      em,
      `SELECT to_char(date, 'YYYY-MM-DD') AS date FROM attendance_records
        WHERE creche_id = $1 AND child_id = $2 AND date BETWEEN $3::date AND $4::date
        ORDER BY date`,
      [q.crecheId, q.childId, q.from, q.to],
    );
    return rows.map((r) => r.date);
  }
}

/**
 * The lock on a child's attendance (a transaction-level advisory lock): its check-ins at any crèche, and the changes
 * of its contracts and bookings that would leave a day it attended unplanned, take it in turn.
 */
export async function lockChildAttendance(em: EntityManager, childId: string): Promise<void> {
  await em.query(`SELECT pg_advisory_xact_lock(${CHILD_ATTENDANCE_LOCK}, hashtext($1))`, [childId]);
}
