import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A contract without fee inputs cannot exist (issue #13: a household with a null commune got a contract with no fee,
 * absent from the Caf CSV and the recheck). NOT VALID: enforced on every new or changed row; rows from before are
 * listed by `SELECT id FROM contracts WHERE fee_inputs IS NULL` for a manager to complete.
 */
export class ContractsNeedFeeInputs1764290000000 implements MigrationInterface {
  name = 'ContractsNeedFeeInputs1764290000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE contracts ADD CONSTRAINT ck_contracts_fee_inputs CHECK (fee_inputs IS NOT NULL) NOT VALID`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE contracts DROP CONSTRAINT ck_contracts_fee_inputs`);
  }
}
