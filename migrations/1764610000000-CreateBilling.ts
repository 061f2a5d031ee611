import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #16, monthly invoices under the PSU (docs/rules.md §8). An invoice and a credit note share one unbroken
 * sequence per crèche (`invoice_sequences`: the number is taken under the row's lock in the transaction that inserts
 * the document, so a rolled-back issue frees nothing and leaves no gap). One invoice per household, crèche and month
 * (`uq_invoices_household_month`). Issued documents and their lines are immutable: a trigger refuses any UPDATE or
 * DELETE, and lines added to a document issued by another transaction; a correction is a credit note.
 */
export class CreateBilling1764610000000 implements MigrationInterface {
  name = 'CreateBilling1764610000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE invoice_sequences (
        creche_id uuid NOT NULL,
        last_number int NOT NULL DEFAULT 0,
        CONSTRAINT pk_invoice_sequences PRIMARY KEY (creche_id),
        CONSTRAINT fk_invoice_sequences_creche FOREIGN KEY (creche_id) REFERENCES creches (id),
        CONSTRAINT ck_invoice_sequences_last_number CHECK (last_number >= 0)
      )`);
    await q.query(`
      CREATE TABLE invoices (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        creche_id uuid NOT NULL,
        family_id uuid NOT NULL,
        kind text NOT NULL,
        number int NOT NULL,
        month date NOT NULL,
        credited_invoice_id uuid,
        reason text,
        total numeric(12, 2) NOT NULL,
        contract_hours numeric(12, 2) NOT NULL DEFAULT 0,
        deducted_hours numeric(12, 2) NOT NULL DEFAULT 0,
        extra_hours numeric(12, 2) NOT NULL DEFAULT 0,
        occasional_hours numeric(12, 2) NOT NULL DEFAULT 0,
        billed_hours numeric(12, 2) NOT NULL DEFAULT 0,
        attended_minutes int NOT NULL DEFAULT 0,
        scale_versions jsonb NOT NULL DEFAULT '[]'::jsonb,
        issued_at timestamptz NOT NULL DEFAULT now(),
        issued_by uuid,
        CONSTRAINT pk_invoices PRIMARY KEY (id),
        CONSTRAINT fk_invoices_creche FOREIGN KEY (creche_id) REFERENCES creches (id),
        CONSTRAINT fk_invoices_family FOREIGN KEY (family_id) REFERENCES families (id),
        CONSTRAINT fk_invoices_credited FOREIGN KEY (credited_invoice_id) REFERENCES invoices (id),
        CONSTRAINT fk_invoices_issued_by FOREIGN KEY (issued_by) REFERENCES users (id),
        CONSTRAINT uq_invoices_number UNIQUE (creche_id, number),
        CONSTRAINT ck_invoices_kind CHECK (kind IN ('INVOICE', 'CREDIT_NOTE')),
        CONSTRAINT ck_invoices_number CHECK (number > 0),
        CONSTRAINT ck_invoices_month CHECK (extract(day FROM month) = 1),
        CONSTRAINT ck_invoices_credit_note CHECK (
          (kind = 'CREDIT_NOTE') = (credited_invoice_id IS NOT NULL)
          AND (kind = 'CREDIT_NOTE') = (reason IS NOT NULL)
          AND (kind = 'INVOICE' OR total <= 0))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX uq_invoices_household_month ON invoices (creche_id, family_id, month) WHERE kind = 'INVOICE'`,
    );
    await q.query(`CREATE INDEX ix_invoices_family ON invoices (family_id, month DESC)`);
    await q.query(`
      CREATE TABLE invoice_lines (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        invoice_id uuid NOT NULL,
        position int NOT NULL,
        kind text NOT NULL,
        child_id uuid,
        contract_id uuid,
        booking_id uuid,
        reason text,
        from_date date,
        to_date date,
        label text NOT NULL,
        hours numeric(14, 4) NOT NULL,
        hourly_rate numeric(10, 2),
        amount numeric(12, 2) NOT NULL,
        CONSTRAINT pk_invoice_lines PRIMARY KEY (id),
        CONSTRAINT fk_invoice_lines_invoice FOREIGN KEY (invoice_id) REFERENCES invoices (id),
        CONSTRAINT fk_invoice_lines_child FOREIGN KEY (child_id) REFERENCES children (id),
        CONSTRAINT fk_invoice_lines_contract FOREIGN KEY (contract_id) REFERENCES contracts (id),
        CONSTRAINT fk_invoice_lines_booking FOREIGN KEY (booking_id) REFERENCES bookings (id),
        CONSTRAINT uq_invoice_lines_position UNIQUE (invoice_id, position),
        CONSTRAINT ck_invoice_lines_kind CHECK (
          kind IN ('INSTALMENT', 'REGULARISATION', 'DEDUCTION', 'EXTRA_HOURS', 'OCCASIONAL', 'CREDIT'))
      )`);
    await q.query(
      `CREATE INDEX ix_invoice_lines_contract ON invoice_lines (contract_id) WHERE contract_id IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE payments (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        creche_id uuid NOT NULL,
        family_id uuid NOT NULL,
        amount numeric(12, 2) NOT NULL,
        paid_on date NOT NULL,
        method text NOT NULL,
        recorded_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_payments PRIMARY KEY (id),
        CONSTRAINT fk_payments_creche FOREIGN KEY (creche_id) REFERENCES creches (id),
        CONSTRAINT fk_payments_family FOREIGN KEY (family_id) REFERENCES families (id),
        CONSTRAINT fk_payments_recorded_by FOREIGN KEY (recorded_by) REFERENCES users (id),
        CONSTRAINT ck_payments_amount CHECK (amount > 0),
        CONSTRAINT ck_payments_method CHECK (method IN ('TRANSFER', 'DIRECT_DEBIT', 'CHEQUE', 'CASH', 'CESU', 'CARD'))
      )`);
    await q.query(`CREATE INDEX ix_payments_household ON payments (creche_id, family_id)`);
    // Immutability of issued documents (issue #16): no UPDATE, no DELETE; no line added after the issuing transaction.
    await q.query(`
      CREATE FUNCTION refuse_issued_invoice_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'an issued invoice cannot be changed: issue a credit note (% on %)', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_invoices_immutable';
      END $$`);
    await q.query(`
      CREATE TRIGGER tr_invoices_immutable BEFORE UPDATE OR DELETE ON invoices
        FOR EACH ROW EXECUTE FUNCTION refuse_issued_invoice_change()`);
    await q.query(`
      CREATE TRIGGER tr_invoice_lines_immutable BEFORE UPDATE OR DELETE ON invoice_lines
        FOR EACH ROW EXECUTE FUNCTION refuse_issued_invoice_change()`);
    await q.query(`
      CREATE FUNCTION refuse_late_invoice_line() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM invoices i WHERE i.id = NEW.invoice_id
                         AND i.xmin::text = (pg_current_xact_id()::text::bigint % 4294967296)::text) THEN
          RAISE EXCEPTION 'an issued invoice cannot be changed: no line may be added after it was issued'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_invoices_immutable';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER tr_invoice_lines_same_transaction BEFORE INSERT ON invoice_lines
        FOR EACH ROW EXECUTE FUNCTION refuse_late_invoice_line()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE payments`);
    await q.query(`DROP TABLE invoice_lines`);
    await q.query(`DROP TABLE invoices`);
    await q.query(`DROP FUNCTION refuse_late_invoice_line()`);
    await q.query(`DROP FUNCTION refuse_issued_invoice_change()`);
    await q.query(`DROP TABLE invoice_sequences`);
  }
}
