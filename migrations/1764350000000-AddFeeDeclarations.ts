import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #14 §4 and §6: a change of the household's fee situation (resources, dependent children, children receiving
 * AEEH) is a declaration with its proof, checked by a manager, that applies from the first day of the month after it
 * was made (Cnaf PSU conditions, LC 2019-005). The proof is a file kept outside the web root under a random name; the
 * row keeps its hash, size and the type read from its bytes. One pending declaration per household at a time
 * (`uq_fee_declarations_pending`), so validations apply in the order the changes were declared.
 *
 * Children get an `aeeh` flag: the household's `aeeh_children` (the tier shift, a sibling not in care included) is never
 * lower than the number of its children flagged with AEEH (checked under the household's row lock).
 */
export class AddFeeDeclarations1764350000000 implements MigrationInterface {
  name = 'AddFeeDeclarations1764350000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE fee_declarations (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        family_id uuid NOT NULL,
        resources_kind text,
        monthly_resources numeric(12, 2),
        dependent_children int,
        aeeh_children int,
        document_type text NOT NULL,
        document_key text NOT NULL,
        document_mime text NOT NULL,
        document_size int NOT NULL,
        document_sha256 text NOT NULL,
        declared_by uuid NOT NULL,
        declared_at timestamptz NOT NULL,
        applies_from date NOT NULL,
        status text NOT NULL DEFAULT 'PENDING',
        reviewed_by uuid,
        reviewed_at timestamptz,
        rejection_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_fee_declarations PRIMARY KEY (id),
        CONSTRAINT fk_fee_declarations_family FOREIGN KEY (family_id) REFERENCES families (id),
        CONSTRAINT fk_fee_declarations_declared_by FOREIGN KEY (declared_by) REFERENCES users (id),
        CONSTRAINT fk_fee_declarations_reviewed_by FOREIGN KEY (reviewed_by) REFERENCES users (id),
        CONSTRAINT uq_fee_declarations_document_key UNIQUE (document_key),
        CONSTRAINT ck_fee_declarations_resources CHECK (
          (resources_kind IS NULL AND monthly_resources IS NULL)
          OR (resources_kind = 'AMOUNT' AND monthly_resources >= 0)
          OR (resources_kind IN ('UNKNOWN', 'REFUSED') AND monthly_resources IS NULL)),
        CONSTRAINT ck_fee_declarations_children CHECK (
          (dependent_children IS NULL OR dependent_children BETWEEN 1 AND 20)
          AND (aeeh_children IS NULL OR aeeh_children BETWEEN 0 AND 20)),
        CONSTRAINT ck_fee_declarations_something CHECK (
          resources_kind IS NOT NULL OR dependent_children IS NOT NULL OR aeeh_children IS NOT NULL),
        CONSTRAINT ck_fee_declarations_document_type CHECK (
          document_type IN ('TAX_NOTICE_N2', 'CAF_CDAP', 'CERTIFICATE', 'AEEH_NOTIFICATION', 'OTHER')),
        CONSTRAINT ck_fee_declarations_document_mime CHECK (
          document_mime IN ('application/pdf', 'image/jpeg', 'image/png')),
        CONSTRAINT ck_fee_declarations_document_size CHECK (document_size BETWEEN 1 AND 5242880),
        CONSTRAINT ck_fee_declarations_document_sha256 CHECK (document_sha256 ~ '^[0-9a-f]{64}$'),
        CONSTRAINT ck_fee_declarations_applies_from CHECK (
          extract(day FROM applies_from) = 1 AND applies_from > (declared_at AT TIME ZONE 'UTC')::date),
        CONSTRAINT ck_fee_declarations_status CHECK (status IN ('PENDING', 'VALIDATED', 'REJECTED')),
        CONSTRAINT ck_fee_declarations_review CHECK (
          (status = 'PENDING') = (reviewed_at IS NULL) AND (reviewed_at IS NULL) = (reviewed_by IS NULL)),
        CONSTRAINT ck_fee_declarations_rejection_reason CHECK (
          (status = 'REJECTED') = (rejection_reason IS NOT NULL))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX uq_fee_declarations_pending ON fee_declarations (family_id) WHERE status = 'PENDING'`,
    );
    await q.query(`CREATE INDEX ix_fee_declarations_family ON fee_declarations (family_id, declared_at DESC)`);
    await q.query(`ALTER TABLE children ADD COLUMN aeeh boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE children DROP COLUMN aeeh`);
    await q.query(`DROP TABLE fee_declarations`);
  }
}
