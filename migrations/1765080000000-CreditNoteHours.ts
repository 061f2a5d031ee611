import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A credit note may take hours off lines of the invoice it corrects (docs/rules.md R8.16): each of its lines then names
 * the position of the line it corrects, so what is left to credit on that line is known, and the Caf's reports count
 * the hours billed net of them. Lines of credit notes in euros only, and every invoice's lines, name none.
 */
export class CreditNoteHours1765080000000 implements MigrationInterface {
  name = 'CreditNoteHours1765080000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE invoice_lines ADD COLUMN credited_position int`);
    await q.query(`
      ALTER TABLE invoice_lines ADD CONSTRAINT ck_invoice_lines_credited_position
        CHECK (credited_position IS NULL OR (kind = 'CREDIT' AND credited_position >= 1 AND child_id IS NOT NULL))`);
    // What is left to credit on an invoice and on each of its lines is read by its credit notes, on every read.
    await q.query(
      `CREATE INDEX ix_invoices_credited_invoice ON invoices (credited_invoice_id) WHERE credited_invoice_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_invoices_credited_invoice`);
    await q.query(`ALTER TABLE invoice_lines DROP COLUMN credited_position`);
  }
}
