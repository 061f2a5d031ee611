import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A household that declines to give its resources pays on the ceiling, not the floor (Cnaf PSU; issue #14 §3): until
 * now "unknown" was the only way to say it, and it billed the floor. Refused resources carry no amount.
 */
export class AddResourcesRefused1764330000000 implements MigrationInterface {
  name = 'AddResourcesRefused1764330000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE families ADD COLUMN resources_refused boolean NOT NULL DEFAULT false`);
    await q.query(
      `ALTER TABLE families ADD CONSTRAINT ck_families_refused_no_amount CHECK (NOT resources_refused OR monthly_resources IS NULL)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE families DROP CONSTRAINT ck_families_refused_no_amount`);
    await q.query(`ALTER TABLE families DROP COLUMN resources_refused`);
  }
}
