import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A payment recorded by mistake (a wrong amount, the same cheque twice) is cancelled, not deleted: it stays in the
 * household's history with who cancelled it, when and why, and no longer counts in the balance nor in the yearly
 * certificate. Payments are accounting records: nothing else of them ever changes, and none is deleted.
 */
export class CancelPayments1764950000000 implements MigrationInterface {
  name = 'CancelPayments1764950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE payments
        ADD COLUMN cancelled_at timestamptz,
        ADD COLUMN cancelled_by uuid,
        ADD COLUMN cancel_reason text,
        ADD CONSTRAINT fk_payments_cancelled_by FOREIGN KEY (cancelled_by) REFERENCES users (id),
        ADD CONSTRAINT ck_payments_cancellation
          CHECK ((cancelled_at IS NULL) = (cancelled_by IS NULL) AND (cancelled_at IS NULL) = (cancel_reason IS NULL))`);
    await q.query(`
      CREATE FUNCTION refuse_payment_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.cancelled_at IS NULL AND NEW.cancelled_at IS NOT NULL
           AND (NEW.id, NEW.creche_id, NEW.family_id, NEW.amount, NEW.paid_on, NEW.method, NEW.recorded_by, NEW.created_at)
               IS NOT DISTINCT FROM
               (OLD.id, OLD.creche_id, OLD.family_id, OLD.amount, OLD.paid_on, OLD.method, OLD.recorded_by, OLD.created_at)
        THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'a recorded payment cannot be changed, only cancelled once (% on payments)', TG_OP
          USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_payments_immutable';
      END $$`);
    await q.query(`
      CREATE TRIGGER tr_payments_immutable BEFORE UPDATE OR DELETE ON payments
        FOR EACH ROW EXECUTE FUNCTION refuse_payment_change()`);
    await q.query(`
      CREATE TRIGGER tr_payments_no_truncate BEFORE TRUNCATE ON payments
        FOR EACH STATEMENT EXECUTE FUNCTION refuse_payment_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    // A cancelled payment is an accounting record the audit log points to: the cancellation is not undone by erasing it.
    const [{ cancelled }] = await q.query(
      `SELECT count(*)::int AS cancelled FROM payments WHERE cancelled_at IS NOT NULL`,
    );
    if (cancelled > 0)
      throw new Error(`${cancelled} payment(s) are cancelled: the migration cannot be reverted without losing them`);
    await q.query(`DROP TRIGGER tr_payments_no_truncate ON payments`);
    await q.query(`DROP TRIGGER tr_payments_immutable ON payments`);
    await q.query(`DROP FUNCTION refuse_payment_change()`);
    await q.query(
      `ALTER TABLE payments DROP CONSTRAINT ck_payments_cancellation, DROP CONSTRAINT fk_payments_cancelled_by,
         DROP COLUMN cancel_reason, DROP COLUMN cancelled_by, DROP COLUMN cancelled_at`,
    );
  }
}
