import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #14 §3–4: the resources a household types when it signs up are a declaration nobody has checked. Until a
 * manager validates its proof (a fee declaration), its fee is that of resources unknown, "no documents yet": the floor.
 * Existing households stay unchecked; existing contracts keep the inputs they were signed with.
 */
export class AddResourcesCheckedAt1764380000000 implements MigrationInterface {
  name = 'AddResourcesCheckedAt1764380000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE families ADD COLUMN resources_checked_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE families DROP COLUMN resources_checked_at`);
  }
}
