import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Once a child has applied or is in care, its dates may be corrected by a month, or become its birth (R1.3, R5.4):
 * measured from the dates it had then, not from its last correction. Measured from the last one, a placeholder walked
 * its expected birth seven months in seven PATCHes, keeping its application's waiting months for another child.
 * The dates are kept the first time they are changed after the child applied (or entered care), before the change:
 * until then they are the ones it applied with. Null: not kept yet.
 */
export class AnchorChildDates1765040000000 implements MigrationInterface {
  name = 'AnchorChildDates1765040000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE children ADD COLUMN applied_birth_date date, ADD COLUMN applied_expected_birth_date date`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE children DROP COLUMN applied_expected_birth_date, DROP COLUMN applied_birth_date`);
  }
}
