import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every crèche has its invoice sequence row from its creation (it was made by the crèche's first issue). An absence
 * recorded, corrected or removed takes that row in share mode to wait for an issue of the crèche's month under way
 * (docs/rules.md#r812); while the first issue had only just inserted it, uncommitted, the absence found no row, did
 * not wait, and could land in the month being issued without being deducted.
 */
export class InvoiceSequenceForEveryCreche1764930000000 implements MigrationInterface {
  name = 'InvoiceSequenceForEveryCreche1764930000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`INSERT INTO invoice_sequences (creche_id) SELECT id FROM creches ON CONFLICT DO NOTHING`);
    await q.query(`
      CREATE FUNCTION invoice_sequence_of_new_creche() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO invoice_sequences (creche_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER trg_creches_invoice_sequence AFTER INSERT ON creches
        FOR EACH ROW EXECUTE FUNCTION invoice_sequence_of_new_creche()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER trg_creches_invoice_sequence ON creches`);
    await q.query(`DROP FUNCTION invoice_sequence_of_new_creche()`);
  }
}
