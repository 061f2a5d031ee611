import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { selectRows } from '../common/db/rows';

/**
 * Which months of a child at a crèche are already invoiced, read across `invoices` / `invoice_lines` / `invoice_sequences`
 * (billing) for the attendance module: an absence whose month is invoiced is no longer changed (docs/rules.md#r812).
 * Read-only.
 */
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
    await em.query(`SELECT 1 FROM invoice_sequences WHERE creche_id = $1 FOR SHARE`, [crecheId]);
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
}
