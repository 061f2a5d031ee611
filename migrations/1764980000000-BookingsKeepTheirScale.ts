import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A booking's fee is fixed when booked, under a fee scale version (docs/rules.md#r412): the version it was rated
 * under is kept with it, so that the version is no longer edited nor deleted once a booking cites it (as for a stored
 * computation, R4.2). Bookings already rated get it from their trace's SELECT_SCALE step ("<date> (<id>…)"); those
 * rated at their contract's rate before have none (their version is the contract's computation's, kept there).
 */
export class BookingsKeepTheirScale1764980000000 implements MigrationInterface {
  name = 'BookingsKeepTheirScale1764980000000';

  async up(q: QueryRunner): Promise<void> {
    // No foreign key: its check locks the version's row (FOR KEY SHARE) in every booking's transaction, a row all the
    // bookings of a period share (a multixact whenever they overlap). On the admission bench, one crèche at 20
    // clients, PostgreSQL took 0.30–0.34 ms of CPU a booking with it, 0.22–0.29 ms without, 0.25–0.31 ms before the
    // column. The version's own guard below refuses to delete or edit a version a booking cites.
    await q.query(`ALTER TABLE bookings ADD COLUMN scale_id uuid`);
    await q.query(
      `UPDATE bookings b SET scale_id = x.scale_id
         FROM (SELECT DISTINCT ON (b2.id) b2.id,
                      (regexp_match(s->>'value', '\\(([0-9a-f-]{36})'))[1]::uuid AS scale_id
                 FROM bookings b2, jsonb_array_elements(b2.fee_trace) s
                WHERE jsonb_typeof(b2.fee_trace) = 'array' AND s->>'step' = 'SELECT_SCALE'
                ORDER BY b2.id) x
        WHERE x.id = b.id AND x.scale_id IN (SELECT id FROM fee_scales)`,
    );
    // Asked when a version is edited or deleted.
    await q.query(`CREATE INDEX ix_bookings_scale ON bookings (scale_id) WHERE scale_id IS NOT NULL`);
    await q.query(
      immutableWhenUsed(
        `OR EXISTS (SELECT 1 FROM bookings WHERE scale_id = OLD.id)`,
        `'stored computations or bookings'`,
      ),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(immutableWhenUsed('', `'stored computations'`));
    await q.query(`DROP INDEX ix_bookings_scale`);
    await q.query(`ALTER TABLE bookings DROP COLUMN scale_id`);
  }
}

/** The database's own guard (migration 1764210000000), the bookings' citations added to the computations'. */
function immutableWhenUsed(orCitedBy: string, usedBy: string): string {
  return `
    CREATE OR REPLACE FUNCTION fee_scales_immutable_when_used() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM fee_computations WHERE scale_id = OLD.id) ${orCitedBy} THEN
        RAISE EXCEPTION 'fee scale % is used by %: supersede it with a new version', OLD.id, ${usedBy}
          USING ERRCODE = 'restrict_violation', CONSTRAINT = 'ck_fee_scales_immutable_when_used';
      END IF;
      RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END $$`;
}
