import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #17, FILOUÉ: a household may object to its data being sent (anonymised) to the Cnaf in the yearly FILOUÉ file.
 * The objection is recorded per household, dated; null: no objection.
 */
export class AddFiloueObjection1764711000000 implements MigrationInterface {
  name = 'AddFiloueObjection1764711000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE families ADD COLUMN filoue_objected_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE families DROP COLUMN filoue_objected_at`);
  }
}
