import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Secrets Berceau makes itself and every API and worker instance must share, such as the token signing key when
 * JWT_SECRET is not set (issue #13: tokens were signed with a string published in the source).
 */
export class AddAppSecrets1764270000000 implements MigrationInterface {
  name = 'AddAppSecrets1764270000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE app_secrets (
        name text NOT NULL,
        value text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_app_secrets PRIMARY KEY (name),
        CONSTRAINT ck_app_secrets_value_length CHECK (length(value) >= 32)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE app_secrets`);
  }
}
