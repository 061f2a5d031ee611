import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #17: the CTG steering committee reads the territory dashboard. A new role, TERRITORY_COORDINATOR, and the
 * territory each coordinator is scoped to (one territory per account; admins see every territory).
 */
export class AddTerritoryCoordinators1764710000000 implements MigrationInterface {
  name = 'AddTerritoryCoordinators1764710000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP CONSTRAINT ck_users_role`);
    await q.query(
      `ALTER TABLE users ADD CONSTRAINT ck_users_role
         CHECK (role IN ('PARENT', 'MANAGER', 'CAF_AUDITOR', 'ADMIN', 'TERRITORY_COORDINATOR'))`,
    );
    await q.query(`
      CREATE TABLE territory_coordinators (
        user_id uuid NOT NULL,
        territory_id uuid NOT NULL,
        assigned_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_territory_coordinators PRIMARY KEY (user_id),
        CONSTRAINT fk_territory_coordinators_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
        CONSTRAINT fk_territory_coordinators_territory FOREIGN KEY (territory_id) REFERENCES territories (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX ix_territory_coordinators_territory ON territory_coordinators (territory_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE territory_coordinators`);
    // Coordinator accounts cannot keep a role the constraint no longer knows: disabled, as parents (the least right).
    await q.query(
      `UPDATE users SET role = 'PARENT', disabled_at = COALESCE(disabled_at, now()), token_version = token_version + 1
        WHERE role = 'TERRITORY_COORDINATOR'`,
    );
    await q.query(`ALTER TABLE users DROP CONSTRAINT ck_users_role`);
    await q.query(
      `ALTER TABLE users ADD CONSTRAINT ck_users_role CHECK (role IN ('PARENT', 'MANAGER', 'CAF_AUDITOR', 'ADMIN'))`,
    );
  }
}
