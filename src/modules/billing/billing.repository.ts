import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { returningRows, selectRows } from '../../common/db/rows';
import type { InvoiceLine } from './domain/month-invoice';
import type { BilledInvoice } from './domain/tax-certificate';

export type InvoiceKind = 'INVOICE' | 'CREDIT_NOTE';

export interface InvoiceRow {
  readonly id: string;
  readonly crecheId: string;
  readonly familyId: string;
  readonly kind: InvoiceKind;
  readonly number: number;
  /** "2027-03". */
  readonly month: string;
  readonly creditedInvoiceId: string | null;
  readonly reason: string | null;
  readonly total: string;
  readonly contractHours: string;
  readonly deductedHours: string;
  readonly extraHours: string;
  readonly occasionalHours: string;
  readonly billedHours: string;
  readonly attendedMinutes: number;
  /** The fee scale versions the rates come from (id and effective date), for the invoice's mention. */
  readonly scaleVersions: { id: string; effectiveFrom: string }[];
  readonly issuedAt: Date;
  /** The crèche's delay to pay and how to pay, as they were at the issue (an invoice; null on a credit note). */
  readonly paymentDueDays: number | null;
  readonly paymentTerms: string | null;
}

export interface LineRow extends Omit<InvoiceLine, 'from' | 'to' | 'kind' | 'hourlyRate' | 'childId'> {
  /** Null on a credit note's line. */
  readonly childId: string | null;
  readonly hourlyRate: string | null;
  readonly kind: InvoiceLine['kind'] | 'CREDIT';
  readonly position: number;
  readonly fromDate: string | null;
  readonly toDate: string | null;
  /** A credit note's line that takes hours off a line of the invoice it corrects: that line's position (R8.16). */
  readonly creditedPosition: number | null;
  /** An invoice's line as read: the hours its credit notes took off it ("0" when none); null on a credit note's. */
  readonly hoursCredited?: string | null;
  /** The same in euros. */
  readonly amountCredited?: string | null;
  /** As read: the first name of the child it bills. */
  readonly childFirstName?: string | null;
}

/** A line to write: every invoice line names no credited position. */
export type NewLine = Omit<
  LineRow,
  'position' | 'creditedPosition' | 'hoursCredited' | 'amountCredited' | 'childFirstName'
> & {
  readonly creditedPosition?: number | null;
};

export type NewInvoice = Omit<InvoiceRow, 'id' | 'issuedAt' | 'number'> & { issuedBy: string | null };

export interface PaymentRow {
  readonly id: string;
  readonly crecheId: string;
  readonly familyId: string;
  readonly amount: string;
  readonly paidOn: string;
  readonly method: string;
  /** Cancelled by the crèche (recorded by mistake): kept in the history, counted nowhere. */
  readonly cancelledAt: string | null;
  readonly cancelReason: string | null;
}

const PAYMENT = `id, creche_id, family_id, amount::text AS amount, to_char(paid_on, 'YYYY-MM-DD') AS paid_on, method,
  to_char(cancelled_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS cancelled_at, cancel_reason`;

const INVOICE = `id, creche_id, family_id, kind, number, to_char(month, 'YYYY-MM') AS month, credited_invoice_id, reason,
  total::text AS total, contract_hours::text AS contract_hours, deducted_hours::text AS deducted_hours,
  extra_hours::text AS extra_hours, occasional_hours::text AS occasional_hours, billed_hours::text AS billed_hours,
  attended_minutes, scale_versions, issued_at, payment_due_days, payment_terms`;

const INVOICE_TO_PAY = `creche_id, family_id, number, total::text AS total, issued_at, payment_due_days`;

export interface InvoiceToPay {
  readonly crecheId: string;
  readonly familyId: string;
  readonly number: number;
  readonly total: string;
  readonly issuedAt: Date;
  readonly paymentDueDays: number | null;
}

/**
 * The SQL of `invoice_sequences`, `invoice_month_runs`, `invoices`, `invoice_lines` and `payments` (owned by the billing
 * module).
 */
@Injectable()
export class BillingRepository {
  /**
   * Locks the crèche's sequence row for the rest of the transaction and returns the last number used: issuers of one
   * crèche queue here, so numbers are taken one after the other and a rolled-back issue gives its numbers back.
   */
  async lockSequence(em: EntityManager, crecheId: string): Promise<number> {
    await em.query(`INSERT INTO invoice_sequences (creche_id) VALUES ($1) ON CONFLICT DO NOTHING`, [crecheId]);
    const rows = await selectRows<{ lastNumber: number }>(
      em,
      `SELECT last_number FROM invoice_sequences WHERE creche_id = $1 FOR UPDATE`,
      [crecheId],
    );
    return rows[0].lastNumber;
  }

  async setSequence(em: EntityManager, crecheId: string, lastNumber: number): Promise<void> {
    await em.query(`UPDATE invoice_sequences SET last_number = $2 WHERE creche_id = $1`, [crecheId, lastNumber]);
  }

  /** The month has been issued at the crèche (the first issue that succeeded writes it; later ones keep it). */
  async markMonthIssued(em: EntityManager, crecheId: string, month: string, at: Date): Promise<void> {
    await em.query(
      `INSERT INTO invoice_month_runs (creche_id, month, issued_at) VALUES ($1, $2::date, $3) ON CONFLICT DO NOTHING`,
      [crecheId, `${month}-01`, at],
    );
  }

  /** The crèches that have issued `month` (among all, or just `crecheId`). */
  async crechesThatIssued(em: EntityManager, month: string, crecheId?: string): Promise<Set<string>> {
    const rows = await selectRows<{ crecheId: string }>(
      em,
      `SELECT creche_id FROM invoice_month_runs WHERE month = $1::date AND ($2::uuid IS NULL OR creche_id = $2)`,
      [`${month}-01`, crecheId ?? null],
    );
    return new Set(rows.map((r) => r.crecheId));
  }

  async familiesInvoiced(em: EntityManager, crecheId: string, month: string): Promise<Set<string>> {
    const rows = await selectRows<{ familyId: string }>(
      em,
      `SELECT family_id FROM invoices WHERE creche_id = $1 AND month = $2::date AND kind = 'INVOICE'`,
      [crecheId, `${month}-01`],
    );
    return new Set(rows.map((r) => r.familyId));
  }

  /**
   * Inserts documents with their lines: two statements whatever their number (a territory's month is thousands of
   * invoices). Lines are written in the documents' transaction, as the trigger requires.
   */
  async insertDocuments(
    em: EntityManager,
    docs: readonly { number: number; invoice: NewInvoice; lines: readonly NewLine[] }[],
  ): Promise<InvoiceRow[]> {
    if (!docs.length) return [];
    const rows = await returningRows<InvoiceRow>(
      em,
      `INSERT INTO invoices (creche_id, family_id, kind, number, month, credited_invoice_id, reason, total,
         contract_hours, deducted_hours, extra_hours, occasional_hours, billed_hours, attended_minutes, scale_versions,
         issued_by, payment_due_days, payment_terms)
       SELECT x.creche_id, x.family_id, x.kind, x.number, x.month, x.credited_invoice_id, x.reason, x.total,
              x.contract_hours, x.deducted_hours, x.extra_hours, x.occasional_hours, x.billed_hours, x.attended_minutes,
              x.scale_versions, x.issued_by, x.payment_due_days, x.payment_terms
         FROM jsonb_to_recordset($1::jsonb) AS x(creche_id uuid, family_id uuid, kind text, number int, month date,
              credited_invoice_id uuid, reason text, total numeric, contract_hours numeric, deducted_hours numeric,
              extra_hours numeric, occasional_hours numeric, billed_hours numeric, attended_minutes int,
              scale_versions jsonb, issued_by uuid, payment_due_days int, payment_terms text)
       RETURNING ${INVOICE}`,
      [
        JSON.stringify(
          docs.map(({ number, invoice: i }) => ({
            creche_id: i.crecheId,
            family_id: i.familyId,
            kind: i.kind,
            number,
            month: `${i.month}-01`,
            credited_invoice_id: i.creditedInvoiceId,
            reason: i.reason,
            total: i.total,
            contract_hours: i.contractHours,
            deducted_hours: i.deductedHours,
            extra_hours: i.extraHours,
            occasional_hours: i.occasionalHours,
            billed_hours: i.billedHours,
            attended_minutes: i.attendedMinutes,
            scale_versions: i.scaleVersions,
            issued_by: i.issuedBy,
            payment_due_days: i.paymentDueDays,
            payment_terms: i.paymentTerms,
          })),
        ),
      ],
    );
    const byNumber = new Map(rows.map((r) => [`${r.crecheId}|${r.number}`, r]));
    const inserted = docs.map((d) => byNumber.get(`${d.invoice.crecheId}|${d.number}`)!);
    await em.query(
      `INSERT INTO invoice_lines (invoice_id, position, kind, child_id, contract_id, booking_id, reason, from_date,
         to_date, label, hours, hourly_rate, amount, credited_position)
       SELECT x.invoice_id, x.position, x.kind, x.child_id, x.contract_id, x.booking_id, x.reason, x.from_date,
              x.to_date, x.label, x.hours, x.hourly_rate, x.amount, x.credited_position
         FROM jsonb_to_recordset($1::jsonb) AS x(invoice_id uuid, position int, kind text, child_id uuid,
              contract_id uuid, booking_id uuid, reason text, from_date date, to_date date, label text, hours numeric,
              hourly_rate numeric, amount numeric, credited_position int)`,
      [
        JSON.stringify(
          docs.flatMap((d, k) =>
            d.lines.map((l, index) => ({
              invoice_id: inserted[k].id,
              position: index + 1,
              kind: l.kind,
              child_id: l.childId,
              contract_id: l.contractId,
              booking_id: l.bookingId,
              reason: l.reason,
              from_date: l.fromDate,
              to_date: l.toDate,
              label: l.label,
              // Four decimals stored (exact hours such as 1840/11 are shown with two); amounts are already in cents.
              hours: l.hours,
              hourly_rate: l.hourlyRate,
              amount: l.amount,
              credited_position: l.creditedPosition ?? null,
            })),
          ),
        ),
      ],
    );
    return inserted;
  }

  findInvoice(em: EntityManager, id: string): Promise<InvoiceRow | null> {
    return selectRows<InvoiceRow>(em, `SELECT ${INVOICE} FROM invoices WHERE id = $1`, [id]).then((r) => r[0] ?? null);
  }

  linesOf(em: EntityManager, invoiceId: string): Promise<LineRow[]> {
    return selectRows<LineRow>(
      em,
      `SELECT l.position, l.kind, l.child_id, ch.first_name AS child_first_name, l.contract_id, l.booking_id, l.reason,
              to_char(l.from_date, 'YYYY-MM-DD') AS from_date, to_char(l.to_date, 'YYYY-MM-DD') AS to_date, l.label,
              l.hours::text AS hours, l.hourly_rate::text AS hourly_rate, l.amount::text AS amount, l.credited_position,
              CASE WHEN l.kind <> 'CREDIT' THEN c.hours::text END AS hours_credited,
              CASE WHEN l.kind <> 'CREDIT' THEN c.amount::text END AS amount_credited
         FROM invoice_lines l
         LEFT JOIN children ch ON ch.id = l.child_id
         LEFT JOIN LATERAL (
           SELECT COALESCE(-sum(cl.hours), 0) AS hours, COALESCE(-sum(cl.amount), 0) AS amount
             FROM invoices cn JOIN invoice_lines cl ON cl.invoice_id = cn.id
            WHERE cn.credited_invoice_id = l.invoice_id AND cl.credited_position = l.position) c ON true
        WHERE l.invoice_id = $1 ORDER BY l.position`,
      [invoiceId],
    );
  }

  listOfCrecheMonth(em: EntityManager, crecheId: string, month: string): Promise<InvoiceRow[]> {
    return selectRows<InvoiceRow>(
      em,
      `SELECT ${INVOICE} FROM invoices WHERE creche_id = $1 AND month = $2::date ORDER BY number`,
      [crecheId, `${month}-01`],
    );
  }

  /** A household's documents, optionally only those of some crèches (a manager's). */
  /** Whether any of these crèches invoiced the household or recorded a payment of it. */
  async hasDocumentsOf(em: EntityManager, familyId: string, crecheIds: readonly string[]): Promise<boolean> {
    const rows = await selectRows(
      em,
      `SELECT 1 WHERE EXISTS (SELECT 1 FROM invoices WHERE family_id = $1 AND creche_id = ANY($2::uuid[]))
          OR EXISTS (SELECT 1 FROM payments WHERE family_id = $1 AND creche_id = ANY($2::uuid[]))`,
      [familyId, [...crecheIds]],
    );
    return rows.length > 0;
  }

  listOfFamily(em: EntityManager, familyId: string, crecheIds: readonly string[] | null): Promise<InvoiceRow[]> {
    return selectRows<InvoiceRow>(
      em,
      `SELECT ${INVOICE} FROM invoices WHERE family_id = $1 AND ($2::uuid[] IS NULL OR creche_id = ANY($2::uuid[]))
        ORDER BY month DESC, creche_id, number DESC`,
      [familyId, crecheIds ? [...crecheIds] : null],
    );
  }

  async creditedTotal(em: EntityManager, invoiceId: string): Promise<string> {
    const rows = await selectRows<{ total: string }>(
      em,
      `SELECT COALESCE(sum(total), 0)::text AS total FROM invoices WHERE credited_invoice_id = $1`,
      [invoiceId],
    );
    return rows[0].total;
  }

  async insertPayment(
    em: EntityManager,
    p: Omit<PaymentRow, 'id' | 'cancelledAt' | 'cancelReason'> & { recordedBy: string; recordedAt: Date },
  ): Promise<PaymentRow> {
    const rows = await returningRows<PaymentRow>(
      em,
      `INSERT INTO payments (creche_id, family_id, amount, paid_on, method, recorded_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       RETURNING ${PAYMENT}`,
      [p.crecheId, p.familyId, p.amount, p.paidOn, p.method, p.recordedBy, p.recordedAt],
    );
    return rows[0];
  }

  /** A payment; `lock`: held (FOR UPDATE) until the transaction ends, cancelled once by one of two managers at once. */
  async findPayment(em: EntityManager, id: string, lock = false): Promise<PaymentRow | null> {
    const [row] = await selectRows<PaymentRow>(
      em,
      `SELECT ${PAYMENT} FROM payments WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [id],
    );
    return row ?? null;
  }

  async cancelPayment(em: EntityManager, id: string, by: string, reason: string, at: Date): Promise<PaymentRow> {
    const [row] = await returningRows<PaymentRow>(
      em,
      `UPDATE payments SET cancelled_at = $4, cancelled_by = $2, cancel_reason = $3 WHERE id = $1 RETURNING ${PAYMENT}`,
      [id, by, reason, at],
    );
    return row;
  }

  /** A household's payments, the latest first; optionally only those to some crèches. */
  paymentsOfFamily(em: EntityManager, familyId: string, crecheIds: readonly string[] | null): Promise<PaymentRow[]> {
    return selectRows<PaymentRow>(
      em,
      `SELECT ${PAYMENT}
         FROM payments
        WHERE family_id = $1 AND ($2::uuid[] IS NULL OR creche_id = ANY($2::uuid[]))
        ORDER BY paid_on DESC, created_at DESC, id`,
      [familyId, crecheIds ? [...crecheIds] : null],
    );
  }

  /** Per crèche: invoiced (invoices), credited (credit notes, ≤ 0), paid; optionally only some crèches. */
  balances(
    em: EntityManager,
    familyId: string,
    crecheIds: readonly string[] | null,
  ): Promise<{ crecheId: string; invoiced: string; credited: string; paid: string }[]> {
    return selectRows(
      em,
      `WITH docs AS (
         SELECT creche_id, sum(total) FILTER (WHERE kind = 'INVOICE') AS invoiced,
                sum(total) FILTER (WHERE kind = 'CREDIT_NOTE') AS credited
           FROM invoices WHERE family_id = $1 GROUP BY creche_id),
       paid AS (SELECT creche_id, sum(amount) AS paid FROM payments
                  WHERE family_id = $1 AND cancelled_at IS NULL GROUP BY creche_id)
       SELECT COALESCE(d.creche_id, p.creche_id) AS creche_id, COALESCE(d.invoiced, 0)::text AS invoiced,
              COALESCE(d.credited, 0)::text AS credited, COALESCE(p.paid, 0)::text AS paid
         FROM docs d FULL JOIN paid p ON p.creche_id = d.creche_id
        WHERE $2::uuid[] IS NULL OR COALESCE(d.creche_id, p.creche_id) = ANY($2::uuid[])
        ORDER BY 1`,
      [familyId, crecheIds ? [...crecheIds] : null],
    );
  }

  /** The household's invoices (not credit notes) as their lateness is judged, optionally only at some crèches. */
  invoicesToPayOfFamily(
    em: EntityManager,
    familyId: string,
    crecheIds: readonly string[] | null,
  ): Promise<InvoiceToPay[]> {
    return selectRows(
      em,
      `SELECT ${INVOICE_TO_PAY} FROM invoices
        WHERE family_id = $1 AND kind = 'INVOICE' AND ($2::uuid[] IS NULL OR creche_id = ANY($2::uuid[]))`,
      [familyId, crecheIds ? [...crecheIds] : null],
    );
  }

  /** Every household's invoices at the crèche (not credit notes) as their lateness is judged. */
  invoicesToPayOfCreche(em: EntityManager, crecheId: string): Promise<InvoiceToPay[]> {
    return selectRows(em, `SELECT ${INVOICE_TO_PAY} FROM invoices WHERE creche_id = $1 AND kind = 'INVOICE'`, [
      crecheId,
    ]);
  }

  /** Per household billed or paid at a crèche: invoiced (invoices), credited (credit notes, ≤ 0), paid. */
  balancesOfCreche(
    em: EntityManager,
    crecheId: string,
  ): Promise<{ familyId: string; invoiced: string; credited: string; paid: string }[]> {
    return selectRows(
      em,
      `WITH docs AS (
         SELECT family_id, sum(total) FILTER (WHERE kind = 'INVOICE') AS invoiced,
                sum(total) FILTER (WHERE kind = 'CREDIT_NOTE') AS credited
           FROM invoices WHERE creche_id = $1 GROUP BY family_id),
       paid AS (SELECT family_id, sum(amount) AS paid FROM payments
                  WHERE creche_id = $1 AND cancelled_at IS NULL GROUP BY family_id)
       SELECT COALESCE(d.family_id, p.family_id) AS family_id, COALESCE(d.invoiced, 0)::text AS invoiced,
              COALESCE(d.credited, 0)::text AS credited, COALESCE(p.paid, 0)::text AS paid
         FROM docs d FULL JOIN paid p ON p.family_id = d.family_id
        ORDER BY 1`,
      [crecheId],
    );
  }

  /**
   * The household's payments to the crèche dated in a year and cancelled once that year was over (a bounced cheque
   * found in February): a certificate of the year made before then counted them. By date of cancellation.
   */
  async cancelledAfterYear(
    em: EntityManager,
    familyId: string,
    crecheId: string,
    year: number,
  ): Promise<{ amount: string; paidOn: string; cancelledOn: string }[]> {
    return selectRows(
      em,
      `SELECT amount::text, to_char(paid_on, 'YYYY-MM-DD') AS paid_on,
              to_char(cancelled_at AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD') AS cancelled_on
         FROM payments
        WHERE family_id = $1 AND creche_id = $2 AND paid_on >= make_date($3, 1, 1) AND paid_on < make_date($3 + 1, 1, 1)
          AND cancelled_at >= (make_date($3 + 1, 1, 1)::timestamp AT TIME ZONE 'Europe/Paris')
        ORDER BY cancelled_at, id`,
      [familyId, crecheId, year],
    );
  }

  /**
   * The household's payments to the crèche dated in a year and recorded once that year was over (a cheque of 30
   * December entered in January), still counted: a certificate of the year made before then left them out. By date
   * of recording.
   */
  async recordedAfterYear(
    em: EntityManager,
    familyId: string,
    crecheId: string,
    year: number,
  ): Promise<{ amount: string; paidOn: string; recordedOn: string }[]> {
    return selectRows(
      em,
      `SELECT amount::text, to_char(paid_on, 'YYYY-MM-DD') AS paid_on,
              to_char(created_at AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD') AS recorded_on
         FROM payments
        WHERE family_id = $1 AND creche_id = $2 AND paid_on >= make_date($3, 1, 1) AND paid_on < make_date($3 + 1, 1, 1)
          AND created_at >= (make_date($3 + 1, 1, 1)::timestamp AT TIME ZONE 'Europe/Paris') AND cancelled_at IS NULL
        ORDER BY created_at, id`,
      [familyId, crecheId, year],
    );
  }

  /**
   * What a household paid a crèche before a year, as known at the year's end (payments dated before it, not
   * cancelled by then): a cancellation after the year does not move what the year's payments settled.
   */
  async paidBeforeYear(em: EntityManager, familyId: string, crecheId: string, year: number): Promise<string> {
    const rows = await selectRows<{ paid: string }>(
      em,
      `SELECT COALESCE(sum(amount), 0)::text AS paid FROM payments
        WHERE family_id = $1 AND creche_id = $2 AND paid_on < make_date($3, 1, 1)
          AND (cancelled_at IS NULL OR cancelled_at >= (make_date($3 + 1, 1, 1)::timestamp AT TIME ZONE 'Europe/Paris'))`,
      [familyId, crecheId, year],
    );
    return rows[0].paid;
  }

  /**
   * A household's invoices at a crèche up to a year's December, oldest first: each with its total, its credit notes
   * issued by the year's end (Paris), and what its lines billed each child (for the yearly certificate, R8.10).
   */
  async invoicesUpToYear(
    em: EntityManager,
    familyId: string,
    crecheId: string,
    year: number,
  ): Promise<BilledInvoice[]> {
    return selectRows(
      em,
      `SELECT to_char(i.month, 'YYYY-MM') AS month, i.total::text AS total,
              COALESCE((SELECT sum(c.total) FROM invoices c
                         WHERE c.credited_invoice_id = i.id
                           AND c.issued_at < (make_date($3 + 1, 1, 1)::timestamp AT TIME ZONE 'Europe/Paris')), 0)::text AS credited,
              COALESCE((SELECT json_agg(json_build_object('childId', l.child_id, 'amount', l.amount::text) ORDER BY l.child_id)
                          FROM (SELECT child_id, sum(amount) AS amount FROM (
                                  SELECT child_id, amount FROM invoice_lines WHERE invoice_id = i.id AND child_id IS NOT NULL
                                  -- Credit notes in hours name their child: what they took off is that child's (R8.16).
                                  UNION ALL
                                  SELECT cl.child_id, cl.amount FROM invoices c JOIN invoice_lines cl ON cl.invoice_id = c.id
                                   WHERE c.credited_invoice_id = i.id AND cl.credited_position IS NOT NULL
                                     AND c.issued_at < (make_date($3 + 1, 1, 1)::timestamp AT TIME ZONE 'Europe/Paris')) x
                                 GROUP BY child_id) l), '[]') AS children
         FROM invoices i
        WHERE i.family_id = $1 AND i.creche_id = $2 AND i.kind = 'INVOICE' AND i.month < make_date($3 + 1, 1, 1)
        ORDER BY i.month, i.number`,
      [familyId, crecheId, year],
    );
  }

  /** What a household paid a crèche during a year (payments dated that year). */
  async paidInYear(em: EntityManager, familyId: string, crecheId: string, year: number): Promise<string> {
    const rows = await selectRows<{ paid: string }>(
      em,
      `SELECT COALESCE(sum(amount), 0)::text AS paid FROM payments
        WHERE family_id = $1 AND creche_id = $2 AND cancelled_at IS NULL AND paid_on >= make_date($3, 1, 1) AND paid_on < make_date($3 + 1, 1, 1)`,
      [familyId, crecheId, year],
    );
    return rows[0].paid;
  }

  /** The households and crèches with a payment dated in a year, not cancelled (the certificates' candidates). */
  payersInYear(em: EntityManager, year: number): Promise<{ familyId: string; crecheId: string }[]> {
    return selectRows(
      em,
      `SELECT DISTINCT family_id, creche_id FROM payments
        WHERE cancelled_at IS NULL AND paid_on >= make_date($1, 1, 1) AND paid_on < make_date($1 + 1, 1, 1)
        ORDER BY 1, 2`,
      [year],
    );
  }

  /** The crèches a household paid during a year (payments dated that year, not cancelled). */
  async crechesPaidInYear(em: EntityManager, familyId: string, year: number): Promise<string[]> {
    const rows = await selectRows<{ crecheId: string }>(
      em,
      `SELECT DISTINCT creche_id FROM payments
        WHERE family_id = $1 AND cancelled_at IS NULL AND paid_on >= make_date($2, 1, 1) AND paid_on < make_date($2 + 1, 1, 1)
        ORDER BY 1`,
      [familyId, year],
    );
    return rows.map((r) => r.crecheId);
  }
}
