import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every process caches the accounts behind recent tokens (TokenUserCache); this trigger tells them all, at commit,
 * which account changed (disabled, password or role changed, erased, deleted) so that they drop it at once.
 */
export class AddUserChangeNotifications1764250000000 implements MigrationInterface {
  name = 'AddUserChangeNotifications1764250000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION notify_user_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('user_changed', OLD.id::text);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER trg_users_notify_change AFTER UPDATE OF role, token_version, disabled_at OR DELETE ON users
      FOR EACH ROW EXECUTE FUNCTION notify_user_changed()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER trg_users_notify_change ON users`);
    await q.query(`DROP FUNCTION notify_user_changed()`);
  }
}
