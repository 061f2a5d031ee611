import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #14 §2: occasional and emergency bookings are billed at the family's hourly rate on their hours, by the
 * crèche's billing unit; emergency care with unknown resources takes the floor or a fixed rate the crèche sets.
 * Bookings made before carry no fee (null).
 */
export class BillOccasionalCare1764345000000 implements MigrationInterface {
  name = 'BillOccasionalCare1764345000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE creches
         ADD COLUMN billing_unit_minutes int NOT NULL DEFAULT 30
           CONSTRAINT ck_creches_billing_unit CHECK (billing_unit_minutes IN (1, 5, 10, 15, 30, 60)),
         ADD COLUMN emergency_rate text NOT NULL DEFAULT 'FLOOR'
           CONSTRAINT ck_creches_emergency_rate CHECK (emergency_rate IN ('FLOOR', 'FIXED')),
         ADD COLUMN emergency_hourly_rate numeric(10, 2),
         ADD CONSTRAINT ck_creches_fixed_rate_given CHECK (emergency_rate = 'FLOOR' OR emergency_hourly_rate IS NOT NULL)`,
    );
    await q.query(
      `ALTER TABLE bookings
         ADD COLUMN hourly_rate numeric(10, 2),
         ADD COLUMN billed_minutes int,
         ADD COLUMN amount numeric(12, 2),
         ADD COLUMN fee_trace jsonb`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE bookings DROP COLUMN fee_trace, DROP COLUMN amount, DROP COLUMN billed_minutes, DROP COLUMN hourly_rate`,
    );
    await q.query(
      `ALTER TABLE creches DROP CONSTRAINT ck_creches_fixed_rate_given, DROP COLUMN emergency_hourly_rate,
         DROP COLUMN emergency_rate, DROP COLUMN billing_unit_minutes`,
    );
  }
}
