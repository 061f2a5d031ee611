import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #15, "Demander une place": each listed crèche carries the weekly schedule asked of it, so a family can list a
 * fallback crèche with other opening hours. Existing preferences take their application's schedule. The
 * application's own `schedule` stays: the default a preference takes when it gives none.
 */
export class AddPreferenceSchedules1764510000000 implements MigrationInterface {
  name = 'AddPreferenceSchedules1764510000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE application_preferences ADD COLUMN schedule jsonb`);
    await q.query(
      `UPDATE application_preferences p SET schedule = a.schedule FROM applications a WHERE a.id = p.application_id`,
    );
    await q.query(`ALTER TABLE application_preferences ALTER COLUMN schedule SET NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE application_preferences DROP COLUMN schedule`);
  }
}
