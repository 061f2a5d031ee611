import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #14 §5: a second household pays a share of a child's contract only if it agreed to. The child's household
 * names the other household; a parent of that household accepts; only then can a crèche register the contract with
 * two shares (a manager could otherwise bill, and read, any household whose id they knew).
 */
export class AddCoHouseholds1764390000000 implements MigrationInterface {
  name = 'AddCoHouseholds1764390000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE co_households (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        child_id uuid NOT NULL REFERENCES children (id),
        family_id uuid NOT NULL REFERENCES families (id),
        requested_by uuid REFERENCES users (id),
        requested_at timestamptz NOT NULL DEFAULT now(),
        accepted_by uuid REFERENCES users (id),
        accepted_at timestamptz,
        CONSTRAINT uq_co_households_child_family UNIQUE (child_id, family_id)
      )`);
    await q.query(`CREATE INDEX ix_co_households_family ON co_households (family_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE co_households`);
  }
}
