import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A child may be cared for at two crèches the same day (a contract's morning at one, a booking's afternoon at
 * another): one arrival and one departure per child, crèche and day. With one record per child and day, the second
 * crèche's check-in was refused as "already checked in", and its hours attended were lost to its invoice and to the
 * Caf's activity report.
 */
export class AttendancePerCrecheAndDay1765000000000 implements MigrationInterface {
  name = 'AttendancePerCrecheAndDay1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE attendance_records DROP CONSTRAINT uq_attendance_records_child_day`);
    await q.query(
      `ALTER TABLE attendance_records ADD CONSTRAINT uq_attendance_records_child_creche_day UNIQUE (child_id, date, creche_id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE attendance_records DROP CONSTRAINT uq_attendance_records_child_creche_day`);
    await q.query(
      `ALTER TABLE attendance_records ADD CONSTRAINT uq_attendance_records_child_day UNIQUE (child_id, date)`,
    );
  }
}
