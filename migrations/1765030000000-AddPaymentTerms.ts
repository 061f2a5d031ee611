import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How and when a household pays (docs/rules.md R8.13): each crèche says within how many days of its issue an invoice
 * is to be paid and how (its bank details, direct debit, CESU…), and each invoice keeps both as they were on the day
 * it was issued, as it keeps its amounts: a later change of the crèche's terms does not change an invoice already sent.
 * Null until the manager sets them (the invoice then says nothing of a due date); invoices issued before keep null.
 */
export class AddPaymentTerms1765030000000 implements MigrationInterface {
  name = 'AddPaymentTerms1765030000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE creches
         ADD COLUMN payment_due_days int,
         ADD COLUMN payment_terms text,
         ADD CONSTRAINT ck_creches_payment_due_days CHECK (payment_due_days BETWEEN 0 AND 60),
         ADD CONSTRAINT ck_creches_payment_terms CHECK (char_length(payment_terms) BETWEEN 3 AND 500)`,
    );
    // Adding null columns rewrites no row: the triggers that keep issued invoices unchanged do not fire.
    await q.query(
      `ALTER TABLE invoices
         ADD COLUMN payment_due_days int,
         ADD COLUMN payment_terms text,
         ADD CONSTRAINT ck_invoices_payment_due_days CHECK (payment_due_days BETWEEN 0 AND 60),
         ADD CONSTRAINT ck_invoices_payment_of_invoice CHECK (
           kind = 'INVOICE' OR (payment_due_days IS NULL AND payment_terms IS NULL))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE invoices DROP CONSTRAINT ck_invoices_payment_of_invoice,
         DROP CONSTRAINT ck_invoices_payment_due_days, DROP COLUMN payment_terms, DROP COLUMN payment_due_days`,
    );
    await q.query(
      `ALTER TABLE creches DROP CONSTRAINT ck_creches_payment_terms, DROP CONSTRAINT ck_creches_payment_due_days,
         DROP COLUMN payment_terms, DROP COLUMN payment_due_days`,
    );
  }
}
