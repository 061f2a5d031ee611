import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #16: "a manager (or a staff account of the crèche) checks each child in and out". A new role, CRECHE_STAFF
 * (the crèche's auxiliaries and educators), and the crèches each staff account works at; pointage is all it may do.
 */
export class AddCrecheStaff1764940000000 implements MigrationInterface {
  name = 'AddCrecheStaff1764940000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP CONSTRAINT ck_users_role`);
    await q.query(
      `ALTER TABLE users ADD CONSTRAINT ck_users_role
         CHECK (role IN ('PARENT', 'MANAGER', 'CAF_AUDITOR', 'ADMIN', 'TERRITORY_COORDINATOR', 'CRECHE_STAFF'))`,
    );
    await q.query(`
      CREATE TABLE creche_staff (
        creche_id uuid NOT NULL,
        user_id uuid NOT NULL,
        CONSTRAINT pk_creche_staff PRIMARY KEY (creche_id, user_id),
        CONSTRAINT fk_creche_staff_creche FOREIGN KEY (creche_id) REFERENCES creches (id) ON DELETE CASCADE,
        CONSTRAINT fk_creche_staff_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX ix_creche_staff_user ON creche_staff (user_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE creche_staff`);
    // Staff accounts cannot keep a role the constraint no longer knows: disabled, as parents (the least right).
    await q.query(
      `UPDATE users SET role = 'PARENT', disabled_at = COALESCE(disabled_at, now()), token_version = token_version + 1
        WHERE role = 'CRECHE_STAFF'`,
    );
    await q.query(`ALTER TABLE users DROP CONSTRAINT ck_users_role`);
    await q.query(
      `ALTER TABLE users ADD CONSTRAINT ck_users_role
         CHECK (role IN ('PARENT', 'MANAGER', 'CAF_AUDITOR', 'ADMIN', 'TERRITORY_COORDINATOR'))`,
    );
  }
}
