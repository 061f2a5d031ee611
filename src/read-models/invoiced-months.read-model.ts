import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryPrepared } from '../common/db/prepared-query';
import { selectRows } from '../common/db/rows';

/**
 * Both run on every booking and contract (and the first on every absence change): prepared once per connection.
 * Unprepared, PostgreSQL planned the months' statement on each booking, some 0.8 ms of its CPU on this project's
 * machine, more than the rest of the booking's statements together (pg_stat_statements, issue #18).
 */
const WAIT_FOR_ISSUE = {
  name: 'invoiced_months_wait_for_issue',
  text: `SELECT 1 FROM invoice_sequences WHERE creche_id = $1 FOR SHARE`,
};

const MONTHS_INVOICED_TO_PAYERS = {
  name: 'invoiced_months_to_payers',
  text: `SELECT DISTINCT to_char(i.month, 'YYYY-MM') AS month
           FROM invoices i
          WHERE i.creche_id = $1 AND i.kind = 'INVOICE'
            AND i.month BETWEEN date_trunc('month', $3::date)::date AND date_trunc('month', $4::date)::date
            AND i.family_id IN (SELECT family_id FROM children WHERE id = $2
                                UNION ALL
                                SELECT (x->>'familyId')::uuid FROM contracts c,
                                       jsonb_array_elements(COALESCE(c.fee_shares, '[]'::jsonb)) x
                                 WHERE c.id = $5::uuid
                                UNION ALL
                                SELECT $6::uuid WHERE $6::uuid IS NOT NULL)
          ORDER BY 1`,
};

/**
 * Which months of a child at a crèche are already invoiced, read across `invoices` / `invoice_lines` / `invoice_sequences`
 * (billing) for the attendance module: an absence whose month is invoiced is no longer changed (docs/rules.md#r812);
 * and for the fees module, which months any crèche invoiced (a scale version dated back, R4.10). Read-only.
 */
/**
 * For each wanted booking (`n`, its place in `$2`..`$4`), the months between its days in which the crèche has issued
 * an invoice (not a credit note) to its child's household.
 */
const MONTHS_INVOICED_TO_HOUSEHOLDS = {
  name: 'invoiced_months_to_households',
  text: `SELECT w.n::int AS n, to_char(i.month, 'YYYY-MM') AS month
           FROM unnest($2::uuid[], $3::date[], $4::date[]) WITH ORDINALITY AS w(child_id, from_day, to_day, n)
           JOIN children c ON c.id = w.child_id
           JOIN invoices i ON i.creche_id = $1 AND i.kind = 'INVOICE' AND i.family_id = c.family_id
                          AND i.month BETWEEN date_trunc('month', w.from_day)::date AND date_trunc('month', w.to_day)::date
          GROUP BY w.n, i.month
          ORDER BY w.n, i.month`,
};

@Injectable()
export class InvoicedMonthsReadModel {
  /**
   * The months ("YYYY-MM") between the periods' first and last days that have an issued invoice (not a credit note)
   * of the crèche billing this child. Waits first for an issue of the crèche's month under way (it holds the crèche's
   * invoice sequence row), so an absence is never changed while the month that deducts it is being issued.
   */
  async invoicedMonths(
    em: EntityManager,
    crecheId: string,
    childId: string,
    periods: readonly { from: string; to: string }[],
  ): Promise<string[]> {
    await this.waitForIssue(em, crecheId);
    const rows = await selectRows<{ month: string }>(
      em,
      `SELECT DISTINCT to_char(i.month, 'YYYY-MM') AS month
         FROM invoices i
         JOIN invoice_lines l ON l.invoice_id = i.id
         JOIN jsonb_to_recordset($3::jsonb) AS p("from" date, "to" date)
           ON i.month BETWEEN date_trunc('month', p."from")::date AND date_trunc('month', p."to")::date
        WHERE i.creche_id = $1 AND i.kind = 'INVOICE' AND l.child_id = $2
        ORDER BY 1`,
      [crecheId, childId, JSON.stringify(periods)],
    );
    return rows.map((r) => r.month);
  }

  /**
   * Of these months ("YYYY-MM"), those in which the crèche has issued an invoice (not a credit note) to any household.
   * The caller has waited for an issue under way first (`waitForIssue`, before it locks the crèche's row).
   */
  async monthsInvoicedAtCreche(em: EntityManager, crecheId: string, months: readonly string[]): Promise<string[]> {
    const rows = await selectRows<{ month: string }>(
      em,
      `SELECT DISTINCT to_char(month, 'YYYY-MM') AS month FROM invoices
        WHERE creche_id = $1 AND kind = 'INVOICE' AND month = ANY($2::date[]) ORDER BY 1`,
      [crecheId, months.map((m) => `${m}-01`)],
    );
    return rows.map((r) => r.month);
  }

  /**
   * The months ("YYYY-MM") from `from`'s month on that some crèche has invoiced (not a credit note) to the household:
   * a change of its situation applying from `from` would not reach them (for a declaration's review).
   */
  async monthsInvoicedToHouseholdFrom(em: EntityManager, familyId: string, from: string): Promise<string[]> {
    const rows = await selectRows<{ month: string }>(
      em,
      `SELECT DISTINCT to_char(month, 'YYYY-MM') AS month FROM invoices
        WHERE family_id = $1 AND kind = 'INVOICE' AND month >= date_trunc('month', $2::date)::date ORDER BY 1`,
      [familyId, from],
    );
    return rows.map((r) => r.month);
  }

  /**
   * The months ("YYYY-MM") from `from`'s on, and before `until` (null: no end), in which any crèche has issued an
   * invoice (not a credit note), for a fee scale version dated back to them (fees, R4.1). Waits first for every issue
   * under way, and keeps the next from starting until the caller's transaction ends (every crèche's sequence row held
   * FOR SHARE): an issue reading the fees the version is about to change either committed before this read or starts
   * after the version.
   */
  async monthsInvoicedAnywhereBetween(em: EntityManager, from: string, until: string | null): Promise<string[]> {
    await em.query(`SELECT 1 FROM invoice_sequences FOR SHARE`);
    const rows = await selectRows<{ month: string }>(
      em,
      `SELECT DISTINCT to_char(month, 'YYYY-MM') AS month FROM invoices
        WHERE kind = 'INVOICE' AND month >= date_trunc('month', $1::date)::date
          AND ($2::date IS NULL OR month < $2::date)
        ORDER BY 1`,
      [from, until],
    );
    return rows.map((r) => r.month);
  }

  /**
   * Waits for an issue of the crèche's month under way, and keeps the next one from starting until the caller's
   * transaction ends (the crèche's invoice sequence row, held FOR SHARE). Taken before any row an issue reads is
   * locked: the issue holds the sequence and then reads those rows, so the other order would deadlock.
   */
  async waitForIssue(em: EntityManager, crecheId: string): Promise<void> {
    await queryPrepared(em, WAIT_FOR_ISSUE, [crecheId]);
  }

  /**
   * The months ("YYYY-MM") from `from` to `to` in which the crèche has issued an invoice (not a credit note) to a
   * household paying for this child: the child's own, those sharing `contractId`'s fee, and `otherFamilyId` (the
   * other household of a contract in alternating residence about to be made). A
   * household's month is invoiced once (docs/rules.md#r88), so a contract or a booking added there, or a contract
   * ended there, would never be billed. Both statements go out at once (a pipelined transaction sends them in one
   * write): the first waits for an issue of the crèche's month under way, the second reads after it (its own snapshot).
   */
  async monthsInvoicedToPayers(
    em: EntityManager,
    of: { crecheId: string; childId: string; contractId?: string; otherFamilyId?: string },
    from: string,
    to: string,
  ): Promise<string[]> {
    const [, rows] = await Promise.all([
      this.waitForIssue(em, of.crecheId),
      queryPrepared<{ month: string }>(em, MONTHS_INVOICED_TO_PAYERS, [
        of.crecheId,
        of.childId,
        from,
        to,
        of.contractId ?? null,
        of.otherFamilyId ?? null,
      ]),
    ]);
    return rows.map((r) => r.month);
  }

  /**
   * `monthsInvoicedToPayers` for several children of households paying alone (occasional bookings), each between
   * its own days, in one statement: the months of each, in order.
   */
  async monthsInvoicedToHouseholdsOf(
    em: EntityManager,
    crecheId: string,
    wanted: readonly { childId: string; from: string; to: string }[],
  ): Promise<string[][]> {
    const [, rows] = await Promise.all([
      this.waitForIssue(em, crecheId),
      queryPrepared<{ n: number; month: string }>(em, MONTHS_INVOICED_TO_HOUSEHOLDS, [
        crecheId,
        wanted.map((w) => w.childId),
        wanted.map((w) => w.from),
        wanted.map((w) => w.to),
      ]),
    ]);
    const months: string[][] = wanted.map(() => []);
    for (const row of rows) months[row.n - 1].push(row.month);
    return months;
  }
}
