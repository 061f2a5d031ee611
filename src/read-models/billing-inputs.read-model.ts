import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { selectRows } from '../common/db/rows';
import type { DatedPeriod, Mensualisation } from '../modules/fees/domain/mensualisation';

export interface ContractShareToBill {
  readonly contractId: string;
  readonly childId: string;
  readonly firstName: string;
  /** The paying household: the child's, or a share's in alternating residence. */
  readonly familyId: string;
  readonly hoursPercent: number;
  readonly startDate: string;
  readonly endDate: string;
  readonly schedule: { weekday: number; from: string; to: string }[];
  readonly leavePeriods: DatedPeriod[];
  readonly mensualisation: Mensualisation | null;
  /** The household's fee in force on the month's first day (or the contract's start): null when none is stored. */
  readonly hourlyRate: string | null;
  readonly scaleId: string | null;
  readonly scaleEffectiveFrom: string | null;
}

/** Lines of an issued invoice billed at a contract's rate that is no longer the one in force for their month. */
export interface RateChangedRow {
  readonly invoiceId: string;
  readonly number: number;
  readonly month: string;
  readonly familyId: string;
  readonly contractId: string;
  readonly childFirstName: string;
  readonly billedRate: string;
  readonly rateNow: string;
  /** The day the fee now in force for the month applies from. */
  readonly rateNowFrom: string;
  /** The hours of the contract's lines billed at that rate (instalment less deductions, extra hours). */
  readonly hours: string;
  /** Hours credit notes in hours already took off those lines (positive). */
  readonly hoursCredited: string;
  /** Euros the invoice's credit notes in euros already gave back (≥ 0); those in hours are out of `hours` already. */
  readonly creditedOnInvoice: string;
}

export interface BookingToBillRow {
  readonly id: string;
  readonly childId: string;
  readonly firstName: string;
  readonly familyId: string;
  readonly date: string;
  readonly fromMinute: number;
  readonly toMinute: number;
  readonly kind: 'OCCASIONAL' | 'EMERGENCY';
  readonly billedMinutes: number;
  readonly hourlyRate: string;
  readonly amount: string;
}

/**
 * What a crèche's month bills, read across `contracts`, `bookings` (contracts), `fee_computations` (fees) and
 * `children` (families) for the billing module. Read-only.
 */
@Injectable()
export class BillingInputsReadModel {
  /** Each paying household's share of every contract running during the period [from, to]. */
  contractsBetween(em: EntityManager, crecheId: string, from: string, to: string): Promise<ContractShareToBill[]> {
    return selectRows<ContractShareToBill>(
      em,
      `SELECT c.id AS contract_id, c.child_id, ch.first_name, s.family_id, s.hours_percent,
              to_char(c.start_date, 'YYYY-MM-DD') AS start_date, to_char(c.end_date, 'YYYY-MM-DD') AS end_date,
              c.schedule, c.leave_periods, c.mensualisation, fc.hourly_rate::text AS hourly_rate, fc.scale_id,
              to_char(fs.effective_from, 'YYYY-MM-DD') AS scale_effective_from
         FROM contracts c
         JOIN children ch ON ch.id = c.child_id
         CROSS JOIN LATERAL (
           SELECT ch.family_id, 100 AS hours_percent, NULL::uuid AS share_family WHERE c.fee_shares IS NULL
           UNION ALL
           SELECT (x->>'familyId')::uuid, (x->>'hoursPercent')::int, (x->>'familyId')::uuid
             FROM jsonb_array_elements(COALESCE(c.fee_shares, '[]'::jsonb)) x) s
         LEFT JOIN LATERAL (
           SELECT f.hourly_rate, f.scale_id FROM fee_computations f
            WHERE f.contract_id = c.id AND f.family_id IS NOT DISTINCT FROM s.share_family
              AND f.effective_from <= GREATEST($2::date, c.start_date)
            ORDER BY f.effective_from DESC, f.created_at DESC LIMIT 1) fc ON true
         LEFT JOIN fee_scales fs ON fs.id = fc.scale_id
        WHERE c.creche_id = $1 AND c.start_date <= $3::date AND c.end_date >= $2::date
        ORDER BY s.family_id, ch.first_name, c.id`,
      [crecheId, from, to],
    );
  }

  /** Live occasional and emergency bookings of the period with their fee (bookings without one are not billed). */
  /**
   * The crèche's contracts running in [from, to] whose fee from a day up to `to` is still to compute (a validated
   * declaration's new situation, `fee_pending_from`: the contracts module's job computes it just after the commit).
   */
  async contractsWithFeePending(em: EntityManager, crecheId: string, from: string, to: string): Promise<string[]> {
    const rows = await selectRows<{ id: string }>(
      em,
      `SELECT id FROM contracts
        WHERE creche_id = $1 AND start_date <= $3::date AND end_date >= $2::date AND fee_pending_from <= $3::date
        ORDER BY id`,
      [crecheId, from, to],
    );
    return rows.map((r) => r.id);
  }

  /**
   * The crèche's contracts running in [from, to] billed on a fee whose scale version a later one, in force by the
   * month, replaces (a version dated back, or in force today, that the contracts module's job has not applied yet).
   * Contracts without reserved hours are not billed, so not waited for.
   */
  async contractsOnReplacedScale(em: EntityManager, crecheId: string, from: string, to: string): Promise<string[]> {
    const rows = await selectRows<{ id: string }>(
      em,
      `SELECT DISTINCT c.id
         FROM contracts c
         CROSS JOIN LATERAL (
           SELECT NULL::uuid AS share_family WHERE c.fee_shares IS NULL
           UNION ALL
           SELECT (x->>'familyId')::uuid FROM jsonb_array_elements(COALESCE(c.fee_shares, '[]'::jsonb)) x) s
         JOIN LATERAL (
           SELECT f.scale_id FROM fee_computations f
            WHERE f.contract_id = c.id AND f.family_id IS NOT DISTINCT FROM s.share_family
              AND f.effective_from <= GREATEST($2::date, c.start_date)
            ORDER BY f.effective_from DESC, f.created_at DESC LIMIT 1) fc ON true
         JOIN fee_scales used ON used.id = fc.scale_id
        WHERE c.creche_id = $1 AND c.start_date <= $3::date AND c.end_date >= $2::date AND c.mensualisation IS NOT NULL
          AND EXISTS (SELECT 1 FROM fee_scales v
                       WHERE v.effective_from > used.effective_from AND v.effective_from <= GREATEST($2::date, c.start_date))
        ORDER BY c.id`,
      [crecheId, from, to],
    );
    return rows.map((r) => r.id);
  }

  bookingsBetween(em: EntityManager, crecheId: string, from: string, to: string): Promise<BookingToBillRow[]> {
    return selectRows<BookingToBillRow>(
      em,
      `SELECT b.id, b.child_id, ch.first_name, ch.family_id, to_char(b.date, 'YYYY-MM-DD') AS date,
              b.from_minute, b.to_minute, b.kind, b.billed_minutes, b.hourly_rate::text AS hourly_rate,
              b.amount::text AS amount
         FROM bookings b JOIN children ch ON ch.id = b.child_id
        WHERE b.creche_id = $1 AND b.date BETWEEN $2::date AND $3::date AND b.cancelled_at IS NULL
          AND b.amount IS NOT NULL
        ORDER BY b.date, b.from_minute`,
      [crecheId, from, to],
    );
  }

  /** First names of children, for the invoice's lines. */
  async childNames(em: EntityManager, childIds: readonly string[]): Promise<Map<string, string>> {
    if (!childIds.length) return new Map();
    const rows = await selectRows<{ id: string; firstName: string }>(
      em,
      `SELECT id, first_name FROM children WHERE id = ANY($1::uuid[])`,
      [[...childIds]],
    );
    return new Map(rows.map((r) => [r.id, r.firstName]));
  }

  /**
   * Who a household is, for the crèche's billing list: its parents ("Prénom Nom", by arrival in the household) and its
   * children's first names. A household erased under the GDPR has neither.
   */
  async householdNames(
    em: EntityManager,
    familyIds: readonly string[],
  ): Promise<Map<string, { parents: string[]; children: string[] }>> {
    if (!familyIds.length) return new Map();
    const rows = await selectRows<{ familyId: string; parents: string[]; children: string[] }>(
      em,
      `SELECT f.id AS family_id,
              COALESCE((SELECT array_agg(u.first_name || ' ' || u.last_name ORDER BY m.joined_at, u.id)
                          FROM family_members m JOIN users u ON u.id = m.user_id WHERE m.family_id = f.id),
                       '{}') AS parents,
              COALESCE((SELECT array_agg(ch.first_name ORDER BY ch.birth_date, ch.id)
                          FROM children ch WHERE ch.family_id = f.id), '{}') AS children
         FROM families f WHERE f.id = ANY($1::uuid[])`,
      [[...familyIds]],
    );
    return new Map(rows.map((r) => [r.familyId, { parents: r.parents, children: r.children }]));
  }

  /** First names and birth dates of children, for a certificate (R8.10). */
  childrenNamed(
    em: EntityManager,
    childIds: readonly string[],
  ): Promise<{ childId: string; firstName: string; birthDate: string }[]> {
    return selectRows(
      em,
      `SELECT id AS child_id, first_name, to_char(birth_date, 'YYYY-MM-DD') AS birth_date
         FROM children WHERE id = ANY($1::uuid[]) ORDER BY first_name, id`,
      [[...childIds]],
    );
  }

  /** Children (first name, birth date) of a household's billed lines at a crèche over a year, with their amounts. */
  async childrenBilledInYear(
    em: EntityManager,
    familyId: string,
    crecheId: string,
    year: number,
  ): Promise<{ childId: string; firstName: string; birthDate: string; amount: string }[]> {
    return selectRows(
      em,
      `SELECT ch.id AS child_id, ch.first_name, to_char(ch.birth_date, 'YYYY-MM-DD') AS birth_date,
              sum(l.amount)::text AS amount
         FROM invoices i JOIN invoice_lines l ON l.invoice_id = i.id JOIN children ch ON ch.id = l.child_id
        WHERE i.family_id = $1 AND i.creche_id = $2 AND i.kind = 'INVOICE'
          AND i.month >= make_date($3, 1, 1) AND i.month < make_date($3 + 1, 1, 1)
        GROUP BY ch.id ORDER BY ch.first_name, ch.id`,
      [familyId, crecheId, year],
    );
  }

  /**
   * The issued invoices of a crèche whose contract lines were billed at a rate the household's fee for that month no
   * longer has: a scale version dated back or a declaration validated after the month was invoiced (both created
   * knowingly, R4.10, R8.8) changed the fee in force, and the invoice kept the old rate (docs/rules.md R8.17).
   */
  ratesChanged(em: EntityManager, crecheId: string): Promise<RateChangedRow[]> {
    return selectRows<RateChangedRow>(
      em,
      `SELECT i.id AS invoice_id, i.number, to_char(i.month, 'YYYY-MM') AS month, i.family_id, l.contract_id,
              ch.first_name AS child_first_name, l.hourly_rate::text AS billed_rate, fc.hourly_rate::text AS rate_now,
              to_char(fc.effective_from, 'YYYY-MM-DD') AS rate_now_from, sum(l.hours)::text AS hours,
              COALESCE(sum(cr.hours), 0)::text AS hours_credited,
              -- Credit notes in euros only: one in hours is already out of the hours above (R8.16).
              (SELECT COALESCE(-sum(n.total), 0) FROM invoices n
                WHERE n.credited_invoice_id = i.id
                  AND NOT EXISTS (SELECT 1 FROM invoice_lines h
                                   WHERE h.invoice_id = n.id AND h.credited_position IS NOT NULL))::text
                AS credited_on_invoice
         FROM invoices i
         JOIN invoice_lines l ON l.invoice_id = i.id AND l.contract_id IS NOT NULL AND l.hourly_rate IS NOT NULL
                             AND l.kind IN ('INSTALMENT', 'DEDUCTION', 'EXTRA_HOURS')
         JOIN contracts c ON c.id = l.contract_id
         JOIN children ch ON ch.id = c.child_id
         JOIN LATERAL (
           SELECT f.hourly_rate, f.effective_from FROM fee_computations f
            WHERE f.contract_id = c.id
              AND f.family_id IS NOT DISTINCT FROM (CASE WHEN c.fee_shares IS NULL THEN NULL ELSE i.family_id END)
              AND f.effective_from <= GREATEST(i.month, c.start_date)
            ORDER BY f.effective_from DESC, f.created_at DESC LIMIT 1) fc ON true
         LEFT JOIN LATERAL (
           SELECT -sum(x.hours) AS hours FROM invoices n JOIN invoice_lines x ON x.invoice_id = n.id
            WHERE n.credited_invoice_id = i.id AND x.credited_position = l.position) cr ON true
        WHERE i.creche_id = $1 AND i.kind = 'INVOICE' AND l.hourly_rate <> fc.hourly_rate
        GROUP BY i.id, i.number, i.month, i.family_id, l.contract_id, ch.first_name, l.hourly_rate, fc.hourly_rate,
                 fc.effective_from
        ORDER BY i.month DESC, i.number, ch.first_name`,
      [crecheId],
    );
  }
}
