import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #14 §5: a child in alternating residence has two paying households. The contract then carries one fee share
 * per household (its part of the reserved hours and its own situation), and each stored computation says whose share
 * it is. Contracts of one household keep `fee_shares` null and their computations `family_id` null.
 */
export class AlternatingResidenceShares1764370000000 implements MigrationInterface {
  name = 'AlternatingResidenceShares1764370000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE contracts ADD COLUMN fee_shares jsonb
         CONSTRAINT ck_contracts_fee_shares CHECK (fee_shares IS NULL OR jsonb_array_length(fee_shares) = 2)`,
    );
    await q.query(
      `ALTER TABLE fee_computations ADD COLUMN family_id uuid REFERENCES families (id), ADD COLUMN hours_percent int
         CONSTRAINT ck_fee_computations_hours_percent CHECK (hours_percent BETWEEN 1 AND 99)`,
    );
    await q.query(
      `CREATE INDEX ix_fee_computations_family ON fee_computations (family_id) WHERE family_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_fee_computations_family`);
    await q.query(`ALTER TABLE fee_computations DROP COLUMN hours_percent, DROP COLUMN family_id`);
    await q.query(`ALTER TABLE contracts DROP COLUMN fee_shares`);
  }
}
