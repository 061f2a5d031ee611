import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #16, attendance (pointage): one arrival and departure per child and day, checked by the crèche's managers; and
 * absences with their reason (docs/rules.md#r81-deductions-for-absences), over dated periods, with an optional proof
 * (medical certificate, hospital note) kept in DOCUMENTS_DIR like the fee declarations' proofs. Corrections are audited
 * (audit_events), not versioned here.
 */
export class CreateAttendance1764600000000 implements MigrationInterface {
  name = 'CreateAttendance1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE attendance_records (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        creche_id uuid NOT NULL,
        child_id uuid NOT NULL,
        date date NOT NULL,
        arrived_minute int NOT NULL,
        left_minute int,
        checked_in_by uuid NOT NULL,
        checked_out_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_attendance_records PRIMARY KEY (id),
        CONSTRAINT fk_attendance_records_creche FOREIGN KEY (creche_id) REFERENCES creches (id),
        CONSTRAINT fk_attendance_records_child FOREIGN KEY (child_id) REFERENCES children (id),
        CONSTRAINT fk_attendance_records_checked_in_by FOREIGN KEY (checked_in_by) REFERENCES users (id),
        CONSTRAINT fk_attendance_records_checked_out_by FOREIGN KEY (checked_out_by) REFERENCES users (id),
        CONSTRAINT uq_attendance_records_child_day UNIQUE (child_id, date),
        CONSTRAINT ck_attendance_records_arrived CHECK (arrived_minute BETWEEN 0 AND 1439),
        CONSTRAINT ck_attendance_records_left CHECK (
          left_minute IS NULL OR (left_minute > arrived_minute AND left_minute <= 1440)),
        CONSTRAINT ck_attendance_records_checked_out_by CHECK ((left_minute IS NULL) = (checked_out_by IS NULL))
      )`);
    await q.query(`CREATE INDEX ix_attendance_records_creche_day ON attendance_records (creche_id, date)`);
    await q.query(`
      CREATE TABLE absences (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        creche_id uuid NOT NULL,
        child_id uuid NOT NULL,
        reason text NOT NULL,
        from_date date NOT NULL,
        to_date date NOT NULL,
        certified boolean NOT NULL DEFAULT false,
        document_key text,
        document_mime text,
        document_size int,
        document_sha256 text,
        recorded_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_absences PRIMARY KEY (id),
        CONSTRAINT fk_absences_creche FOREIGN KEY (creche_id) REFERENCES creches (id),
        CONSTRAINT fk_absences_child FOREIGN KEY (child_id) REFERENCES children (id),
        CONSTRAINT fk_absences_recorded_by FOREIGN KEY (recorded_by) REFERENCES users (id),
        CONSTRAINT uq_absences_document_key UNIQUE (document_key),
        CONSTRAINT ck_absences_reason CHECK (
          reason IN ('ILLNESS', 'HOSPITALISATION', 'DOCTOR_EXCLUSION', 'EXCEPTIONAL_CLOSURE', 'UNEXCUSED')),
        CONSTRAINT ck_absences_dates CHECK (to_date >= from_date AND to_date - from_date <= 366),
        CONSTRAINT ck_absences_document CHECK (
          (document_key IS NULL) = (document_mime IS NULL)
          AND (document_key IS NULL) = (document_size IS NULL)
          AND (document_key IS NULL) = (document_sha256 IS NULL)),
        CONSTRAINT ck_absences_document_mime CHECK (
          document_mime IS NULL OR document_mime IN ('application/pdf', 'image/jpeg', 'image/png'))
      )`);
    await q.query(`CREATE INDEX ix_absences_child_dates ON absences (child_id, to_date, from_date)`);
    await q.query(`CREATE INDEX ix_absences_creche_dates ON absences (creche_id, to_date, from_date)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE absences`);
    await q.query(`DROP TABLE attendance_records`);
  }
}
