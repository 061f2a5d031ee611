import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The months each crèche has issued (docs/rules.md R8.18): written by the issue that succeeded first, the monthly
 * job's or a manager's. The job runs every morning and issues the previous month of the crèches with no row yet, so a
 * month missed on the 1st (Redis emptied, a failure past the job's retries) is issued the next morning; a month done
 * is never issued again by the job, whatever a manager adds to it afterwards.
 */
export class MonthIssueRuns1765100000000 implements MigrationInterface {
  name = 'MonthIssueRuns1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE invoice_month_runs (
        creche_id uuid NOT NULL,
        month date NOT NULL,
        issued_at timestamptz NOT NULL,
        CONSTRAINT pk_invoice_month_runs PRIMARY KEY (creche_id, month),
        CONSTRAINT fk_invoice_month_runs_creche FOREIGN KEY (creche_id) REFERENCES creches (id),
        CONSTRAINT ck_invoice_month_runs_month CHECK (extract(day FROM month) = 1)
      )`);
    // The months issued before this table: those with an invoice. A month that billed nobody (every household
    // waiting) has no row: the next morning's job issues it again, which bills only the households no longer waiting,
    // as a manager's « Émettre » would; marking every crèche's last month instead would hide one the 1st missed.
    await q.query(`
      INSERT INTO invoice_month_runs (creche_id, month, issued_at)
      SELECT creche_id, month, min(issued_at) FROM invoices WHERE kind = 'INVOICE' GROUP BY creche_id, month`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE invoice_month_runs`);
  }
}
