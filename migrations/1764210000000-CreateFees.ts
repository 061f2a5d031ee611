import { MigrationInterface, QueryRunner } from 'typeorm';
import { SEED_SCALES } from '../src/modules/fees/domain/seed-scales';

export class CreateFees1764210000000 implements MigrationInterface {
  name = 'CreateFees1764210000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE fee_scales (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        effective_from date NOT NULL,
        floor numeric(12,2) NOT NULL,
        ceiling numeric(12,2) NOT NULL,
        tables jsonb NOT NULL,
        micro_creche_table text NOT NULL,
        provenance text NOT NULL,
        verified boolean NOT NULL,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_fee_scales PRIMARY KEY (id),
        CONSTRAINT uq_fee_scales_effective_from UNIQUE (effective_from),
        CONSTRAINT ck_fee_scales_bounds CHECK (floor > 0 AND ceiling > floor),
        CONSTRAINT ck_fee_scales_micro_table CHECK (micro_creche_table IN ('collective', 'familial'))
      )`);
    await q.query(`
      CREATE TABLE fee_computations (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        contract_id uuid,
        creche_id uuid NOT NULL,
        effective_from date NOT NULL,
        scale_id uuid NOT NULL,
        reason text NOT NULL,
        care_type text NOT NULL,
        inputs jsonb NOT NULL,
        trace jsonb NOT NULL,
        tier text NOT NULL,
        effort_rate numeric(8,4) NOT NULL,
        bounded_resources numeric(12,2) NOT NULL,
        hourly_rate numeric(10,2) NOT NULL,
        monthly_hours numeric(10,2) NOT NULL,
        monthly_fee numeric(12,2) NOT NULL,
        triggered_by uuid,
        idempotency_key text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_fee_computations PRIMARY KEY (id),
        CONSTRAINT uq_fee_computations_idempotency_key UNIQUE (idempotency_key),
        CONSTRAINT fk_fee_computations_contract FOREIGN KEY (contract_id) REFERENCES contracts (id),
        CONSTRAINT fk_fee_computations_creche FOREIGN KEY (creche_id) REFERENCES creches (id),
        CONSTRAINT fk_fee_computations_scale FOREIGN KEY (scale_id) REFERENCES fee_scales (id) ON DELETE RESTRICT,
        CONSTRAINT ck_fee_computations_reason CHECK (reason IN ('CONTRACT_CREATED', 'SCALE_CHANGED', 'INPUTS_CHANGED'))
      )`);
    await q.query(`CREATE INDEX ix_fee_computations_creche ON fee_computations (creche_id, effective_from)`);
    await q.query(
      `CREATE INDEX ix_fee_computations_contract ON fee_computations (contract_id, effective_from, created_at)`,
    );
    await q.query(`CREATE INDEX ix_fee_computations_scale ON fee_computations (scale_id)`);
    // A scale version that a stored computation uses is immutable: a correction is a new version.
    await q.query(`
      CREATE FUNCTION fee_scales_immutable_when_used() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM fee_computations WHERE scale_id = OLD.id) THEN
          RAISE EXCEPTION 'fee scale % is used by stored computations: supersede it with a new version', OLD.id
            USING ERRCODE = 'restrict_violation', CONSTRAINT = 'ck_fee_scales_immutable_when_used';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END $$`);
    await q.query(`
      CREATE TRIGGER trg_fee_scales_immutable BEFORE UPDATE OR DELETE ON fee_scales
      FOR EACH ROW EXECUTE FUNCTION fee_scales_immutable_when_used()`);

    await q.query(`ALTER TABLE creches ADD COLUMN resources_ceiling_override numeric(12,2)`);
    // Until families carry the household situation, a contract carries its fee inputs.
    await q.query(`ALTER TABLE contracts ADD COLUMN fee_inputs jsonb`);
    await q.query(`ALTER TABLE contracts ADD COLUMN fee_inputs_version int NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE contracts ADD COLUMN fee_pending_from date`);
    await q.query(
      `CREATE INDEX ix_contracts_fee_pending ON contracts (fee_pending_from) WHERE fee_pending_from IS NOT NULL`,
    );

    for (const s of SEED_SCALES) {
      await q.query(
        `INSERT INTO fee_scales (effective_from, floor, ceiling, tables, micro_creche_table, provenance, verified) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [s.effectiveFrom, s.floor, s.ceiling, JSON.stringify(s.tables), s.microCrecheTable, s.provenance, s.verified],
      );
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_contracts_fee_pending`);
    await q.query(`ALTER TABLE contracts DROP COLUMN fee_pending_from`);
    await q.query(`ALTER TABLE contracts DROP COLUMN fee_inputs_version`);
    await q.query(`ALTER TABLE contracts DROP COLUMN fee_inputs`);
    await q.query(`ALTER TABLE creches DROP COLUMN resources_ceiling_override`);
    await q.query(`DROP TABLE fee_computations`);
    await q.query(`DROP TABLE fee_scales`);
    await q.query(`DROP FUNCTION fee_scales_immutable_when_used()`);
  }
}
