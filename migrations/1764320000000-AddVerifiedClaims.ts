import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Priority criteria that need proof are declared by the family and verified by a manager who saw the proof (issue
 * #13: a parent switched its own flags from 50 to 190 points and got an offer). A claim is verified while the value
 * the manager checked is still the value declared: `{ "<claim>": { "value": …, "by": <user id>, "at": <ISO> } }`.
 */
export class AddVerifiedClaims1764320000000 implements MigrationInterface {
  name = 'AddVerifiedClaims1764320000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE families ADD COLUMN verified_claims jsonb NOT NULL DEFAULT '{}'::jsonb`);
    await q.query(`ALTER TABLE children ADD COLUMN verified_claims jsonb NOT NULL DEFAULT '{}'::jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE children DROP COLUMN verified_claims`);
    await q.query(`ALTER TABLE families DROP COLUMN verified_claims`);
  }
}
