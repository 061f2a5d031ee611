import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #15, Mon foyer: a co-parent invited at an address with no account yet gets the e-mail too. Such a notice names
 * an address instead of an account (exactly one of the two); it is deleted with the household's invitations.
 */
export class AddNoticeRecipientEmail1764520000000 implements MigrationInterface {
  name = 'AddNoticeRecipientEmail1764520000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notices ADD COLUMN recipient_email text`);
    await q.query(`ALTER TABLE notices ALTER COLUMN recipient_user_id DROP NOT NULL`);
    await q.query(
      `ALTER TABLE notices ADD CONSTRAINT ck_notices_one_recipient
         CHECK ((recipient_user_id IS NULL) <> (recipient_email IS NULL))`,
    );
    await q.query(
      `CREATE INDEX ix_notices_recipient_email ON notices (recipient_email, created_at) WHERE recipient_email IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM notices WHERE recipient_user_id IS NULL`);
    await q.query(`DROP INDEX ix_notices_recipient_email`);
    await q.query(`ALTER TABLE notices DROP CONSTRAINT ck_notices_one_recipient`);
    await q.query(`ALTER TABLE notices ALTER COLUMN recipient_user_id SET NOT NULL`);
    await q.query(`ALTER TABLE notices DROP COLUMN recipient_email`);
  }
}
