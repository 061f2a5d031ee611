import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { selectRows } from '../common/db/rows';
import type { CrecheEntity } from '../modules/creches/entities/creche.entity';
import type { ChildDocumentLine } from '../modules/caf-reports/domain/child-days';

/** What the Caf reports need of a crèche: its capacity rules, its name and its numbers at the Caf. */
export type CrecheForReport = Pick<
  CrecheEntity,
  | 'id'
  | 'name'
  | 'places'
  | 'surnombre'
  | 'openingHours'
  | 'capacityBands'
  | 'closures'
  | 'opensOnPublicHolidays'
  | 'cafNumber'
  | 'afcFileNumber'
>;

export interface BilledLineRow {
  readonly month: string;
  readonly childId: string;
  readonly birthDate: string | null;
  readonly kind: 'REGULAR' | 'OCCASIONAL' | 'EMERGENCY';
  readonly hours: string;
  readonly amount: string;
  /** A credit note's line in hours (R8.16). */
  readonly credited: boolean;
}

export interface AttendedRow {
  readonly date: string;
  readonly childId: string;
  readonly birthDate: string | null;
  readonly from: number;
  readonly to: number;
  readonly bookings: { from: number; to: number; kind: 'OCCASIONAL' | 'EMERGENCY' }[];
}

/** An absence of a child recorded at the crèche (its days, its reason, whether a certificate was given). */
export interface ChildAbsenceRow {
  readonly fromDate: string;
  readonly toDate: string;
  readonly reason: string;
  readonly certified: boolean;
}

export interface FiloueCreditRow {
  readonly creditNoteId: string;
  /** The credit note's total, negative. */
  readonly total: string;
  readonly childId: string;
  /** What weighs the child's share: its own euros on a credit note in hours, else its lines on the invoice corrected. */
  readonly childAmount: string;
}

export interface CreditRow {
  readonly month: string;
  readonly amount: string;
}

export interface FiloueChildRow {
  readonly childId: string;
  readonly firstName: string;
  /** A parent's last name (children carry no last name in Berceau: docs/rules.md#r95-filoue). */
  readonly lastName: string | null;
  readonly birthDate: string | null;
  readonly familyId: string;
  readonly cafNumber: string | null;
  readonly notCafAllocataire: boolean;
  readonly benefitScheme: 'GENERAL' | 'MSA' | 'OTHER';
  readonly postalCode: string | null;
  /** The commune's name, from the territories' communes (null when no territory lists it). */
  readonly town: string | null;
  readonly objected: boolean;
  readonly erased: boolean;
  readonly firstDay: string | null;
  readonly lastDay: string | null;
  readonly attendedMinutes: number;
  readonly hoursBilled: string;
  readonly totalBilled: string;
  /** The effort rate (percent) of the child's last fee computation at the crèche in force in the year. */
  readonly effortRate: string | null;
}

/**
 * The Caf reports' reads across `creches` (creches), `invoices`/`invoice_lines` (billing), `attendance_records`
 * (attendance), `bookings` (contracts), `fee_computations` (fees) and `children`/`families`/`users` (families, users).
 * Read-only.
 */
/**
 * An attendance record `a` as the reports read it: its day, child and minutes, with the child's live occasional or
 * emergency bookings that day. One text for the crèche's report and a child's day by day, so that the detail adds up
 * to the row (R9.7).
 */
const ATTENDED_WITH_BOOKINGS = `to_char(a.date, 'YYYY-MM-DD') AS date, a.child_id,
  a.arrived_minute AS "from", a.left_minute AS "to",
  COALESCE((SELECT jsonb_agg(jsonb_build_object('from', b.from_minute, 'to', b.to_minute, 'kind', b.kind)
                             ORDER BY b.from_minute)
              FROM bookings b
             WHERE b.creche_id = a.creche_id AND b.child_id = a.child_id AND b.date = a.date
               AND b.cancelled_at IS NULL AND b.kind IN ('OCCASIONAL', 'EMERGENCY')), '[]'::jsonb) AS bookings`;

@Injectable()
export class CafReportsReadModel {
  /** The first day of the crèche's activity kept in Berceau: its first contract, live booking or attendance. */
  async keptFrom(em: EntityManager, crecheId: string): Promise<string | null> {
    const [row] = await selectRows<{ keptFrom: string | null }>(
      em,
      `SELECT to_char(LEAST(
                (SELECT min(start_date) FROM contracts WHERE creche_id = $1),
                (SELECT min(date) FROM bookings WHERE creche_id = $1 AND cancelled_at IS NULL),
                (SELECT min(date) FROM attendance_records WHERE creche_id = $1)), 'YYYY-MM-DD') AS kept_from`,
      [crecheId],
    );
    return row.keptFrom;
  }

  async creche(em: EntityManager, crecheId: string): Promise<CrecheForReport | null> {
    const [row] = await selectRows<CrecheForReport>(
      em,
      `SELECT id, name, places, surnombre, opening_hours, capacity_bands, closures, opens_on_public_holidays,
              caf_number, afc_file_number
         FROM creches WHERE id = $1`,
      [crecheId],
    );
    return row ?? null;
  }

  /**
   * Lines of the year's invoices, with their kind: a line of an occasional or emergency booking is of that kind, every
   * other line (instalment, regularisation, deduction, extra hours) regular; and the lines of their credit notes that
   * took hours off a child's line (R8.16), of the kind of that line (a credit in euros names no child).
   */
  billedLines(em: EntityManager, crecheId: string, from: string, to: string): Promise<BilledLineRow[]> {
    return selectRows<BilledLineRow>(
      em,
      // Two branches rather than an OR on the kind: the invoices' branch keeps the partial index on issued invoices.
      `SELECT to_char(x.month, 'YYYY-MM') AS month, l.child_id, to_char(ch.birth_date, 'YYYY-MM-DD') AS birth_date,
              CASE WHEN b.kind IN ('OCCASIONAL', 'EMERGENCY') THEN b.kind ELSE 'REGULAR' END AS kind,
              l.hours::text AS hours, l.amount::text AS amount, x.credited
         FROM (SELECT i.id, i.month, false AS credited FROM invoices i
                WHERE i.creche_id = $1 AND i.kind = 'INVOICE' AND i.month BETWEEN $2::date AND $3::date
               UNION ALL
               SELECT i.id, i.month, true FROM invoices i
                WHERE i.creche_id = $1 AND i.kind = 'CREDIT_NOTE' AND i.month BETWEEN $2::date AND $3::date) x
         JOIN invoice_lines l ON l.invoice_id = x.id AND (NOT x.credited OR l.credited_position IS NOT NULL)
         JOIN children ch ON ch.id = l.child_id
         LEFT JOIN bookings b ON b.id = l.booking_id`,
      [crecheId, from, to],
    );
  }

  /** The months of the period the crèche has issued invoices for ("2027-03"). */
  async issuedMonths(em: EntityManager, crecheId: string, from: string, to: string): Promise<string[]> {
    const rows = await selectRows<{ month: string }>(
      em,
      `SELECT DISTINCT to_char(month, 'YYYY-MM') AS month FROM invoices
        WHERE creche_id = $1 AND kind = 'INVOICE' AND month BETWEEN $2::date AND $3::date`,
      [crecheId, from, to],
    );
    return rows.map((r) => r.month);
  }

  /** The months of the period a contract or a live booking with a fee (as billing reads them) covers: something to bill. */
  async billableMonths(em: EntityManager, crecheId: string, from: string, to: string): Promise<string[]> {
    const rows = await selectRows<{ month: string }>(
      em,
      `SELECT DISTINCT to_char(m, 'YYYY-MM') AS month FROM (
         SELECT generate_series(date_trunc('month', GREATEST(start_date, $2::date)), LEAST(end_date, $3::date),
                                interval '1 month') AS m
           FROM contracts WHERE creche_id = $1 AND start_date <= $3::date AND end_date >= $2::date
         UNION ALL
         SELECT date_trunc('month', date) FROM bookings
          WHERE creche_id = $1 AND cancelled_at IS NULL AND amount IS NOT NULL AND date BETWEEN $2::date AND $3::date) covered`,
      [crecheId, from, to],
    );
    return rows.map((r) => r.month);
  }

  /** Credit notes of invoices of the period, by the month of the invoice they correct. */
  credits(em: EntityManager, crecheId: string, from: string, to: string): Promise<CreditRow[]> {
    return selectRows<CreditRow>(
      em,
      `SELECT to_char(i.month, 'YYYY-MM') AS month, i.total::text AS amount
         FROM invoices i
        WHERE i.creche_id = $1 AND i.kind = 'CREDIT_NOTE' AND i.month BETWEEN $2::date AND $3::date`,
      [crecheId, from, to],
    );
  }

  /** Finished attendance records of the period, each with the child's live occasional or emergency bookings that day. */
  attended(em: EntityManager, crecheId: string, from: string, to: string): Promise<AttendedRow[]> {
    return selectRows<AttendedRow>(
      em,
      `SELECT ${ATTENDED_WITH_BOOKINGS}, to_char(ch.birth_date, 'YYYY-MM-DD') AS birth_date
         FROM attendance_records a JOIN children ch ON ch.id = a.child_id
        WHERE a.creche_id = $1 AND a.date BETWEEN $2::date AND $3::date AND a.left_minute IS NOT NULL`,
      [crecheId, from, to],
    );
  }

  /**
   * FILOUÉ: the credit notes of invoices of the period, each with what weighs each child's share of it: a credit note in
   * hours names its children, each its own euros (R8.16); one in euros names none and is shared out over the children
   * of the invoice it corrects, by their lines there (filoue.ts `creditedByChild`).
   */
  filoueCredits(em: EntityManager, crecheId: string, from: string, to: string): Promise<FiloueCreditRow[]> {
    return selectRows<FiloueCreditRow>(
      em,
      `SELECT cn.id AS credit_note_id, cn.total::text AS total, w.child_id, sum(w.amount)::text AS child_amount
         FROM invoices cn
         JOIN LATERAL (
           -- A credit note in hours: each child its own euros on it.
           SELECT l.child_id, -l.amount AS amount FROM invoice_lines l
            WHERE l.invoice_id = cn.id AND l.child_id IS NOT NULL
           UNION ALL
           -- One in euros: the invoice's lines, net of its credit notes in hours (a child whose hours were all credited
           -- has nothing left for it to lower).
           SELECT l.child_id, l.amount FROM invoice_lines l
            WHERE NOT EXISTS (SELECT 1 FROM invoice_lines o WHERE o.invoice_id = cn.id AND o.child_id IS NOT NULL)
              AND l.child_id IS NOT NULL
              AND (l.invoice_id = cn.credited_invoice_id
                   OR (l.credited_position IS NOT NULL
                       AND l.invoice_id IN (SELECT h.id FROM invoices h WHERE h.credited_invoice_id = cn.credited_invoice_id)))
         ) w ON true
        WHERE cn.creche_id = $1 AND cn.kind = 'CREDIT_NOTE' AND cn.month BETWEEN $2::date AND $3::date
        GROUP BY cn.id, cn.total, w.child_id
        ORDER BY cn.id, w.child_id`,
      [crecheId, from, to],
    );
  }

  /**
   * FILOUÉ: every child present at the crèche in the year (a finished attendance record, or an invoice line), with
   * its household's Caf data, its hours and euros of the year, its first and last day attended and its effort rate.
   */
  filoueChildren(em: EntityManager, crecheId: string, from: string, to: string): Promise<FiloueChildRow[]> {
    return selectRows<FiloueChildRow>(
      em,
      `WITH att AS (
         SELECT a.child_id, min(a.date) AS first_day, max(a.date) AS last_day,
                sum(a.left_minute - a.arrived_minute)::int AS attended_minutes
           FROM attendance_records a
          WHERE a.creche_id = $1 AND a.date BETWEEN $2::date AND $3::date AND a.left_minute IS NOT NULL
          GROUP BY a.child_id),
       -- Hours net of the credit notes that took hours off the child's lines (R8.16); euros of the invoices only, the
       -- credit notes' being shared out by creditedByChild.
       billed AS (
         SELECT l.child_id, sum(l.hours) AS hours, COALESCE(sum(l.amount) FILTER (WHERE i.kind = 'INVOICE'), 0) AS amount
           FROM invoices i JOIN invoice_lines l ON l.invoice_id = i.id
          WHERE i.creche_id = $1 AND i.month BETWEEN $2::date AND $3::date AND l.child_id IS NOT NULL
            AND (i.kind = 'INVOICE' OR l.credited_position IS NOT NULL)
          GROUP BY l.child_id),
       present AS (SELECT child_id FROM att UNION SELECT child_id FROM billed)
       SELECT ch.id AS child_id, ch.first_name, parent.last_name, to_char(ch.birth_date, 'YYYY-MM-DD') AS birth_date,
              f.id AS family_id, f.caf_number, f.not_caf_allocataire, f.benefit_scheme, f.postal_code,
              f.filoue_objected_at IS NOT NULL AS objected, f.erased_at IS NOT NULL AS erased,
              to_char(att.first_day, 'YYYY-MM-DD') AS first_day, to_char(att.last_day, 'YYYY-MM-DD') AS last_day,
              COALESCE(att.attended_minutes, 0) AS attended_minutes,
              COALESCE(billed.hours, 0)::text AS hours_billed, COALESCE(billed.amount, 0)::text AS total_billed,
              fee.effort_rate::text AS effort_rate,
              (SELECT c->>'name' FROM territories t CROSS JOIN LATERAL jsonb_array_elements(t.communes) c
                WHERE c->>'inseeCode' = f.commune_insee_code ORDER BY t.id LIMIT 1) AS town
         FROM present p
         JOIN children ch ON ch.id = p.child_id
         JOIN families f ON f.id = ch.family_id
         LEFT JOIN att ON att.child_id = ch.id
         LEFT JOIN billed ON billed.child_id = ch.id
         LEFT JOIN LATERAL (
           SELECT u.last_name FROM family_members m JOIN users u ON u.id = m.user_id
            WHERE m.family_id = f.id ORDER BY m.joined_at, u.id LIMIT 1) parent ON true
         LEFT JOIN LATERAL (
           SELECT fc.effort_rate FROM fee_computations fc JOIN contracts c ON c.id = fc.contract_id
            WHERE c.child_id = ch.id AND fc.creche_id = $1 AND fc.effective_from <= $3::date
              AND c.end_date >= $2::date
            ORDER BY fc.effective_from DESC, fc.created_at DESC LIMIT 1) fee ON true
        ORDER BY ch.first_name, ch.id`,
      [crecheId, from, to],
    );
  }

  /** Whether the child ever had a contract, a booking, an attendance record or an invoice line at the crèche. */
  async childKnownAt(em: EntityManager, crecheId: string, childId: string): Promise<boolean> {
    const [row] = await selectRows<{ known: boolean }>(
      em,
      `SELECT EXISTS (SELECT 1 FROM contracts WHERE creche_id = $1 AND child_id = $2)
           OR EXISTS (SELECT 1 FROM bookings WHERE creche_id = $1 AND child_id = $2)
           OR EXISTS (SELECT 1 FROM attendance_records WHERE creche_id = $1 AND child_id = $2)
           OR EXISTS (SELECT 1 FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
                       WHERE i.creche_id = $1 AND l.child_id = $2) AS known`,
      [crecheId, childId],
    );
    return row.known;
  }

  /**
   * One child's lines of the period's invoices and of the credit notes that took hours off them (R8.16), in the
   * documents' order; a credit note in euros names no child and is not among them.
   */
  childLines(
    em: EntityManager,
    crecheId: string,
    childId: string,
    from: string,
    to: string,
  ): Promise<ChildDocumentLine[]> {
    return selectRows<ChildDocumentLine>(
      em,
      `SELECT i.number, i.kind AS document_kind, to_char(i.month, 'YYYY-MM') AS month, l.position, l.kind, l.label,
              l.hours::text AS hours, l.hourly_rate::text AS hourly_rate, l.amount::text AS amount, l.credited_position
         FROM invoices i JOIN invoice_lines l ON l.invoice_id = i.id
        WHERE i.creche_id = $1 AND l.child_id = $2 AND i.month BETWEEN $3::date AND $4::date
          AND (i.kind = 'INVOICE' OR l.credited_position IS NOT NULL)
        ORDER BY i.number, l.position`,
      [crecheId, childId, from, to],
    );
  }

  /** One child's finished attendance records of the period, with its live occasional or emergency bookings. */
  childAttended(
    em: EntityManager,
    crecheId: string,
    childId: string,
    from: string,
    to: string,
  ): Promise<AttendedRow[]> {
    return selectRows<AttendedRow>(
      em,
      `SELECT ${ATTENDED_WITH_BOOKINGS}, NULL AS birth_date
         FROM attendance_records a
        WHERE a.creche_id = $1 AND a.child_id = $2 AND a.date BETWEEN $3::date AND $4::date
          AND a.left_minute IS NOT NULL
        ORDER BY a.date, a.arrived_minute`,
      [crecheId, childId, from, to],
    );
  }

  /** One child's absences recorded at the crèche that touch the period. */
  childAbsences(
    em: EntityManager,
    crecheId: string,
    childId: string,
    from: string,
    to: string,
  ): Promise<ChildAbsenceRow[]> {
    return selectRows<ChildAbsenceRow>(
      em,
      `SELECT to_char(from_date, 'YYYY-MM-DD') AS from_date, to_char(to_date, 'YYYY-MM-DD') AS to_date, reason, certified
         FROM absences
        WHERE creche_id = $1 AND child_id = $2 AND from_date <= $4::date AND to_date >= $3::date
        ORDER BY from_date`,
      [crecheId, childId, from, to],
    );
  }

  /** Children by id with a first name, a parent's last name (children carry none, R9.5) and a birth date. */
  childrenNamed(
    em: EntityManager,
    ids: readonly string[],
  ): Promise<{ id: string; firstName: string; lastName: string | null; birthDate: string | null; erased: boolean }[]> {
    return selectRows(
      em,
      `SELECT ch.id, ch.first_name, parent.last_name, to_char(ch.birth_date, 'YYYY-MM-DD') AS birth_date,
              f.erased_at IS NOT NULL AS erased
         FROM children ch JOIN families f ON f.id = ch.family_id
         LEFT JOIN LATERAL (
           SELECT u.last_name FROM family_members m JOIN users u ON u.id = m.user_id
            WHERE m.family_id = ch.family_id ORDER BY m.joined_at, u.id LIMIT 1) parent ON true
        WHERE ch.id = ANY($1::uuid[])`,
      [[...ids]],
    );
  }
}
