import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether a family asks for care on public holidays too (docs/rules.md R10.2): the territory dashboard counted every
 * weekly schedule as a request on the public holidays of its weekdays, a demand no family had expressed. Applications
 * made before this column said nothing: false, so they ask for none.
 */
export class AddPublicHolidayCare1765070000000 implements MigrationInterface {
  name = 'AddPublicHolidayCare1765070000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE applications ADD COLUMN public_holiday_care boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE applications DROP COLUMN public_holiday_care`);
  }
}
