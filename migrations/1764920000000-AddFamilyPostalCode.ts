import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #17, FILOUÉ: the household's postal code, which the yearly file gives with the town (the commune's INSEE code
 * is not a postal code). Null until the family enters it; the file lists its absence as an error
 * (docs/rules.md#r95-filoue). Five digits.
 */
export class AddFamilyPostalCode1764920000000 implements MigrationInterface {
  name = 'AddFamilyPostalCode1764920000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE families ADD COLUMN postal_code text CONSTRAINT families_postal_code_check CHECK (postal_code ~ '^[0-9]{5}$')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE families DROP COLUMN postal_code`);
  }
}
