import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A booking or a contract reads whether its child's household left the crèche's waitlist (docs/rules.md#r412):
 * its applications found by child, whatever their status (the unique index on the child covers live ones only).
 */
export class IndexApplicationsByChild1764970000000 implements MigrationInterface {
  name = 'IndexApplicationsByChild1764970000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_applications_child ON applications (child_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_applications_child`);
  }
}
