import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a household was erased. Retention used "commune still set" to mean "not erased yet", so a household that never
 * declared its commune was never reached (issue #13); erased households are marked instead.
 */
export class AddFamilyErasedAt1764300000000 implements MigrationInterface {
  name = 'AddFamilyErasedAt1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE families ADD COLUMN erased_at timestamptz`);
    // Households anonymised before this column: their parents' accounts were erased with them.
    await q.query(`
      UPDATE families f SET erased_at = f.updated_at
       WHERE f.commune_insee_code IS NULL
         AND EXISTS (SELECT 1 FROM family_members m JOIN users u ON u.id = m.user_id WHERE m.family_id = f.id AND u.email LIKE 'erased-%@erased.invalid')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE families DROP COLUMN erased_at`);
  }
}
