import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An account proves its e-mail address before it can join a household or apply (issue #13: a stranger registered
 * with the address a parent had invited and took the household over). Accounts from before are counted as verified:
 * they were made by an admin or have been in use; new self-registered accounts start unverified.
 */
export class AddEmailVerification1764310000000 implements MigrationInterface {
  name = 'AddEmailVerification1764310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN email_verified_at timestamptz`);
    await q.query(`UPDATE users SET email_verified_at = created_at`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN email_verified_at`);
  }
}
