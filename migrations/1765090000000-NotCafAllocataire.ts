import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A household of the general scheme may say it is not a Caf allocataire (docs/rules.md R9.5): FILOUÉ then writes its
 * children with the allocataire flag 0 and no matricule, instead of listing them as errors every year for a number
 * they do not have. A household saying so has no Caf number.
 */
export class NotCafAllocataire1765090000000 implements MigrationInterface {
  name = 'NotCafAllocataire1765090000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE families ADD COLUMN not_caf_allocataire boolean NOT NULL DEFAULT false`);
    await q.query(`
      ALTER TABLE families ADD CONSTRAINT ck_families_not_caf_allocataire
        CHECK (NOT not_caf_allocataire OR caf_number IS NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE families DROP COLUMN not_caf_allocataire`);
  }
}
