import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #14 §4, "never earlier": a validated declaration changes the household's row at once, but bills only from its
 * `appliesFrom`. The situation it replaced is kept with it, so a contract or a booking dated before `appliesFrom`
 * (made between the validation and that day) is billed on the situation of its own date.
 */
export class DeclarationPreviousSituation1764400000000 implements MigrationInterface {
  name = 'DeclarationPreviousSituation1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE fee_declarations ADD COLUMN previous_situation jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE fee_declarations DROP COLUMN previous_situation`);
  }
}
