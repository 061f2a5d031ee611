import { Injectable } from '@nestjs/common';
import { lockChildAttendance } from '../../read-models/attended-days.read-model';
import type { EntityManager } from 'typeorm';
import { returningRows, selectRows } from '../../common/db/rows';
import type { AbsenceReason } from './domain/absence-reasons';

export interface AttendanceRow {
  readonly id: string;
  readonly crecheId: string;
  readonly childId: string;
  readonly date: string;
  readonly arrivedMinute: number;
  readonly leftMinute: number | null;
  readonly checkedInBy: string;
  readonly checkedOutBy: string | null;
}

export interface AbsenceRow {
  readonly id: string;
  readonly crecheId: string;
  readonly childId: string;
  readonly reason: AbsenceReason;
  readonly fromDate: string;
  readonly toDate: string;
  readonly certified: boolean;
  readonly documentKey: string | null;
  readonly documentMime: string | null;
  readonly documentSize: number | null;
  readonly recordedBy: string;
}

const ATTENDANCE = `id, creche_id, child_id, to_char(date, 'YYYY-MM-DD') AS date, arrived_minute, left_minute,
  checked_in_by, checked_out_by`;
const ABSENCE = `id, creche_id, child_id, reason, to_char(from_date, 'YYYY-MM-DD') AS from_date,
  to_char(to_date, 'YYYY-MM-DD') AS to_date, certified, document_key, document_mime, document_size, recorded_by`;

/** The SQL of `attendance_records` and `absences` (owned by the attendance module). */
@Injectable()
export class AttendanceRepository {
  /** Inserts an arrival; null when the child already has one at the crèche that day (uq_attendance_records_child_creche_day). */
  async checkIn(
    em: EntityManager,
    r: { crecheId: string; childId: string; date: string; minute: number; by: string },
  ): Promise<AttendanceRow | null> {
    const rows = await returningRows<AttendanceRow>(
      em,
      `INSERT INTO attendance_records (creche_id, child_id, date, arrived_minute, checked_in_by)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ON CONSTRAINT uq_attendance_records_child_creche_day DO NOTHING
       RETURNING ${ATTENDANCE}`,
      [r.crecheId, r.childId, r.date, r.minute, r.by],
    );
    return rows[0] ?? null;
  }

  /** The child's record at the crèche that day. */
  findOfChildOn(
    em: EntityManager,
    childId: string,
    crecheId: string,
    date: string,
    lock = false,
  ): Promise<AttendanceRow | null> {
    return selectRows<AttendanceRow>(
      em,
      `SELECT ${ATTENDANCE} FROM attendance_records WHERE child_id = $1 AND creche_id = $2 AND date = $3
        ${lock ? 'FOR UPDATE' : ''}`,
      [childId, crecheId, date],
    ).then((r) => r[0] ?? null);
  }

  /**
   * Whether the child is checked in at another crèche and not checked out: that day, or since the evening before (a
   * night there, or a departure nobody checked, which that crèche's manager corrects).
   */
  async openElsewhere(em: EntityManager, childId: string, crecheId: string, date: string): Promise<boolean> {
    const rows = await selectRows(
      em,
      `SELECT 1 FROM attendance_records
        WHERE child_id = $1 AND creche_id <> $2 AND date IN ($3::date, $3::date - 1) AND left_minute IS NULL`,
      [childId, crecheId, date],
    );
    return rows.length > 0;
  }

  /**
   * Serialises the arrivals of one child across crèches until the transaction ends (a transaction-level advisory
   * lock on the child): two crèches' check-ins at once each see the other's, so never both are written; and a
   * contract ended or a booking cancelled at the same moment is seen (they take it too, AttendedDaysReadModel).
   */
  async lockChildArrivals(em: EntityManager, childId: string): Promise<void> {
    await lockChildAttendance(em, childId);
  }

  findById(em: EntityManager, id: string, lock = false): Promise<AttendanceRow | null> {
    return selectRows<AttendanceRow>(
      em,
      `SELECT ${ATTENDANCE} FROM attendance_records WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [id],
    ).then((r) => r[0] ?? null);
  }

  async setTimes(
    em: EntityManager,
    id: string,
    t: { arrivedMinute: number; leftMinute: number | null; checkedOutBy: string | null },
  ): Promise<AttendanceRow> {
    const rows = await returningRows<AttendanceRow>(
      em,
      `UPDATE attendance_records SET arrived_minute = $2, left_minute = $3, checked_out_by = $4, updated_at = now()
        WHERE id = $1 RETURNING ${ATTENDANCE}`,
      [id, t.arrivedMinute, t.leftMinute, t.checkedOutBy],
    );
    return rows[0];
  }

  /**
   * The departure of every record of `ids` still open and begun before `minute`, in one statement: rows locked in id
   * order, each checked again once locked, so a departure or a correction committed meanwhile is kept, never written
   * over with what was read before it (the arrival is not written at all).
   */
  async checkOutOpen(em: EntityManager, ids: readonly string[], minute: number, by: string): Promise<AttendanceRow[]> {
    if (!ids.length) return [];
    const rows = await returningRows<AttendanceRow>(
      em,
      `UPDATE attendance_records SET left_minute = $2, checked_out_by = $3, updated_at = now()
        WHERE id IN (SELECT id FROM attendance_records WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE)
          AND left_minute IS NULL AND arrived_minute < $2
        RETURNING ${ATTENDANCE}`,
      [ids, minute, by],
    );
    return rows.sort((a, b) => (a.childId < b.childId ? -1 : a.childId > b.childId ? 1 : 0));
  }

  /** Arrivals at the crèche before `date` still without a departure, oldest first (a departure nobody checked). */
  openBefore(em: EntityManager, crecheId: string, date: string): Promise<AttendanceRow[]> {
    return selectRows<AttendanceRow>(
      em,
      `SELECT ${ATTENDANCE} FROM attendance_records
        WHERE creche_id = $1 AND date < $2::date AND left_minute IS NULL ORDER BY date, child_id`,
      [crecheId, date],
    );
  }

  ofCrecheOn(em: EntityManager, crecheId: string, date: string): Promise<AttendanceRow[]> {
    return selectRows<AttendanceRow>(
      em,
      `SELECT ${ATTENDANCE} FROM attendance_records WHERE creche_id = $1 AND date = $2 ORDER BY child_id`,
      [crecheId, date],
    );
  }

  /** Records of a crèche's month (billing): finished ones only, an open record has no departure yet. */
  ofCrecheBetween(em: EntityManager, crecheId: string, from: string, to: string): Promise<AttendanceRow[]> {
    return selectRows<AttendanceRow>(
      em,
      `SELECT ${ATTENDANCE} FROM attendance_records
        WHERE creche_id = $1 AND date BETWEEN $2::date AND $3::date ORDER BY child_id, date`,
      [crecheId, from, to],
    );
  }

  async insertAbsence(
    em: EntityManager,
    a: {
      crecheId: string;
      childId: string;
      reason: AbsenceReason;
      fromDate: string;
      toDate: string;
      certified: boolean;
      by: string;
    },
  ): Promise<AbsenceRow> {
    const rows = await returningRows<AbsenceRow>(
      em,
      `INSERT INTO absences (creche_id, child_id, reason, from_date, to_date, certified, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${ABSENCE}`,
      [a.crecheId, a.childId, a.reason, a.fromDate, a.toDate, a.certified, a.by],
    );
    return rows[0];
  }

  findAbsence(em: EntityManager, id: string, lock = false): Promise<AbsenceRow | null> {
    return selectRows<AbsenceRow>(em, `SELECT ${ABSENCE} FROM absences WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [
      id,
    ]).then((r) => r[0] ?? null);
  }

  /** A correction of an absence's reason, dates or certificate seen (the proof, if any, stays). */
  async updateAbsence(
    em: EntityManager,
    id: string,
    a: { reason: AbsenceReason; fromDate: string; toDate: string; certified: boolean },
  ): Promise<AbsenceRow> {
    const rows = await returningRows<AbsenceRow>(
      em,
      `UPDATE absences SET reason = $2, from_date = $3, to_date = $4, certified = $5, updated_at = now()
        WHERE id = $1 RETURNING ${ABSENCE}`,
      [id, a.reason, a.fromDate, a.toDate, a.certified],
    );
    return rows[0];
  }

  async deleteRecord(em: EntityManager, id: string): Promise<void> {
    await em.query(`DELETE FROM attendance_records WHERE id = $1`, [id]);
  }

  async deleteAbsence(em: EntityManager, id: string): Promise<void> {
    await em.query(`DELETE FROM absences WHERE id = $1`, [id]);
  }

  async attachDocument(
    em: EntityManager,
    id: string,
    d: { key: string; mime: string; size: number; sha256: string },
  ): Promise<AbsenceRow> {
    const rows = await returningRows<AbsenceRow>(
      em,
      `UPDATE absences SET document_key = $2, document_mime = $3, document_size = $4, document_sha256 = $5,
              certified = true, updated_at = now()
        WHERE id = $1 RETURNING ${ABSENCE}`,
      [id, d.key, d.mime, d.size, d.sha256],
    );
    return rows[0];
  }

  /**
   * Erasure (GDPR): the proofs of the children's absences are forgotten (the absence, its reason, dates and `certified`
   * stay, as billing inputs). Returns the files' keys, to delete once committed.
   */
  async clearDocumentsOfChildren(em: EntityManager, childIds: readonly string[]): Promise<string[]> {
    if (!childIds.length) return [];
    const rows = await returningRows<{ documentKey: string }>(
      em,
      `WITH cleared AS (
         SELECT id, document_key FROM absences
          WHERE child_id = ANY($1::uuid[]) AND document_key IS NOT NULL FOR UPDATE)
       UPDATE absences a SET document_key = NULL, document_mime = NULL, document_size = NULL, document_sha256 = NULL,
              updated_at = now()
         FROM cleared c WHERE a.id = c.id
       RETURNING c.document_key`,
      [[...childIds]],
    );
    return rows.map((r) => r.documentKey);
  }

  /**
   * Absences of a crèche's children overlapping a period; `share`: locked in share mode until the caller commits (an
   * invoice's issue: a correction under way is waited for and read as committed, docs/rules.md#r812).
   */
  absencesOfCrecheBetween(
    em: EntityManager,
    crecheId: string,
    from: string,
    to: string,
    share = false,
  ): Promise<AbsenceRow[]> {
    return selectRows<AbsenceRow>(
      em,
      `SELECT ${ABSENCE} FROM absences WHERE creche_id = $1 AND to_date >= $2::date AND from_date <= $3::date
        ORDER BY child_id, from_date ${share ? 'FOR SHARE' : ''}`,
      [crecheId, from, to],
    );
  }
}
