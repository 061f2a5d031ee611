import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #14 §1: a contract's fee is smoothed over its own months from its reserved hours (public holidays, closure
 * days and dated leave out), fixed at signature. Contracts keep their dated leave and their reserved hours; the
 * crèche bounds declared leave (default 10 weeks a year). Contracts signed before keep their leave as weeks: the fees
 * job gives them their reserved hours and a new computation for each stored one (reason RULE_CHANGED).
 */
export class MensualiseOverContractMonths1764340000000 implements MigrationInterface {
  name = 'MensualiseOverContractMonths1764340000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE contracts ADD COLUMN leave_periods jsonb NOT NULL DEFAULT '[]'::jsonb`);
    await q.query(`ALTER TABLE contracts ADD COLUMN mensualisation jsonb`);
    await q.query(
      `ALTER TABLE creches ADD COLUMN max_leave_weeks_per_year int NOT NULL DEFAULT 10
         CONSTRAINT ck_creches_max_leave CHECK (max_leave_weeks_per_year BETWEEN 0 AND 52)`,
    );
    await q.query(`ALTER TABLE fee_computations DROP CONSTRAINT ck_fee_computations_reason`);
    await q.query(
      `ALTER TABLE fee_computations ADD CONSTRAINT ck_fee_computations_reason
         CHECK (reason IN ('CONTRACT_CREATED', 'SCALE_CHANGED', 'INPUTS_CHANGED', 'RULE_CHANGED'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM fee_computations WHERE reason = 'RULE_CHANGED'`);
    await q.query(`ALTER TABLE fee_computations DROP CONSTRAINT ck_fee_computations_reason`);
    await q.query(
      `ALTER TABLE fee_computations ADD CONSTRAINT ck_fee_computations_reason
         CHECK (reason IN ('CONTRACT_CREATED', 'SCALE_CHANGED', 'INPUTS_CHANGED'))`,
    );
    await q.query(`ALTER TABLE creches DROP COLUMN max_leave_weeks_per_year`);
    await q.query(`ALTER TABLE contracts DROP COLUMN mensualisation`);
    await q.query(`ALTER TABLE contracts DROP COLUMN leave_periods`);
  }
}
