import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for lookups that scanned whole tables: a child's bookings of a day (checked on every booking, and by
 * the foreign key when a child is erased) and a round's offers.
 */
export class AddLookupIndexes1764240000000 implements MigrationInterface {
  name = 'AddLookupIndexes1764240000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_bookings_child_date ON bookings (child_id, date)`);
    await q.query(`CREATE INDEX ix_offers_round ON offers (round_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_offers_round`);
    await q.query(`DROP INDEX ix_bookings_child_date`);
  }
}
