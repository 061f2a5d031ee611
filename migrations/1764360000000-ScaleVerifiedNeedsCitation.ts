import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #14 §6: a scale version is `verified` only when it cites the Cnaf document its figures come from (title and
 * date). The seed versions' floors were marked verified on "published by the Cnaf" alone: they become unverified,
 * their provenance saying how the figure was obtained. Only that flag and that text change: the figures of a version
 * in use stay immutable (the trigger is lifted for this one statement).
 */
export class ScaleVerifiedNeedsCitation1764360000000 implements MigrationInterface {
  name = 'ScaleVerifiedNeedsCitation1764360000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE fee_scales ADD COLUMN source_title text, ADD COLUMN source_date date`);
    await q.query(`ALTER TABLE fee_scales DISABLE TRIGGER trg_fee_scales_immutable`);
    await q.query(
      `UPDATE fee_scales
          SET verified = false,
              provenance = provenance || '. Unverified since 2026-12-01: the floor (and the ceiling) were taken from figures the Caf publishes each year on caf.fr, with no Cnaf document (title and date) recorded for them'
        WHERE verified AND source_title IS NULL`,
    );
    await q.query(`ALTER TABLE fee_scales ENABLE TRIGGER trg_fee_scales_immutable`);
    await q.query(
      `ALTER TABLE fee_scales ADD CONSTRAINT ck_fee_scales_verified_cites_source
         CHECK (NOT verified OR (source_title IS NOT NULL AND length(trim(source_title)) > 0 AND source_date IS NOT NULL))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE fee_scales DROP CONSTRAINT ck_fee_scales_verified_cites_source`);
    await q.query(`ALTER TABLE fee_scales DROP COLUMN source_date, DROP COLUMN source_title`);
  }
}
