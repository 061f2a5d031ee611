import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dependent and AEEH children a household types when it signs up are, like its resources, a declaration nobody has
 * checked: a household typing 8 children paid the 8-children rate. Until a manager validates a declaration of them
 * (with its proof), contracts and bookings bill the one-child rate. Households with such a declaration validated
 * already count as checked from its review; the others stay unchecked, and existing contracts keep the inputs they
 * were signed with (as when resources became checked, 1764380000000).
 */
export class AddChildrenCheckedAt1764990000000 implements MigrationInterface {
  name = 'AddChildrenCheckedAt1764990000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE families ADD COLUMN children_checked_at timestamptz`);
    await q.query(`
      UPDATE families f SET children_checked_at = d.reviewed_at
        FROM (SELECT family_id, max(reviewed_at) AS reviewed_at FROM fee_declarations
               WHERE status = 'VALIDATED' AND (dependent_children IS NOT NULL OR aeeh_children IS NOT NULL)
               GROUP BY family_id) d
       WHERE d.family_id = f.id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE families DROP COLUMN children_checked_at`);
  }
}
