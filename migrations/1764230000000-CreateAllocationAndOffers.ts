import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAllocationAndOffers1764230000000 implements MigrationInterface {
  name = 'CreateAllocationAndOffers1764230000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE allocation_rounds (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        territory_id uuid NOT NULL,
        creche_ids uuid[] NOT NULL,
        start_date date NOT NULL,
        status text NOT NULL DEFAULT 'DRAFT',
        snapshot jsonb NOT NULL,
        snapshot_hash text NOT NULL,
        capacity_fingerprint text NOT NULL,
        result jsonb NOT NULL,
        policy_versions jsonb NOT NULL,
        engine_version text NOT NULL,
        exclusions jsonb NOT NULL DEFAULT '[]'::jsonb,
        envy_cases int,
        created_by uuid NOT NULL,
        confirmed_by uuid,
        confirmed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_allocation_rounds PRIMARY KEY (id),
        CONSTRAINT fk_allocation_rounds_territory FOREIGN KEY (territory_id) REFERENCES territories (id),
        CONSTRAINT ck_allocation_rounds_status CHECK (status IN ('DRAFT', 'CONFIRMED'))
      )`);
    await q.query(`
      CREATE TABLE offers (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        round_id uuid NOT NULL,
        application_id uuid NOT NULL,
        family_id uuid NOT NULL,
        child_id uuid NOT NULL,
        creche_id uuid NOT NULL,
        start_date date NOT NULL,
        end_date date NOT NULL,
        schedule jsonb NOT NULL,
        score int NOT NULL,
        status text NOT NULL DEFAULT 'OPEN',
        deadline timestamptz NOT NULL,
        estimated_hourly_rate numeric(10,2),
        estimated_monthly_fee numeric(12,2),
        fee_trace jsonb,
        reminder_sent_at timestamptz,
        answered_at timestamptz,
        answered_by uuid,
        decline_reason text,
        contract_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_offers PRIMARY KEY (id),
        CONSTRAINT fk_offers_round FOREIGN KEY (round_id) REFERENCES allocation_rounds (id),
        CONSTRAINT fk_offers_application FOREIGN KEY (application_id) REFERENCES applications (id),
        CONSTRAINT fk_offers_family FOREIGN KEY (family_id) REFERENCES families (id),
        CONSTRAINT fk_offers_creche FOREIGN KEY (creche_id) REFERENCES creches (id),
        CONSTRAINT fk_offers_contract FOREIGN KEY (contract_id) REFERENCES contracts (id),
        CONSTRAINT ck_offers_status CHECK (status IN ('OPEN', 'ACCEPTED', 'DECLINED', 'EXPIRED')),
        CONSTRAINT ck_offers_answered CHECK ((status = 'OPEN') = (answered_at IS NULL)),
        CONSTRAINT ck_offers_contract CHECK ((status = 'ACCEPTED') = (contract_id IS NOT NULL))
      )`);
    // One open offer per family at a time, and per application.
    await q.query(`CREATE UNIQUE INDEX uq_offers_family_open ON offers (family_id) WHERE status = 'OPEN'`);
    await q.query(`CREATE UNIQUE INDEX uq_offers_application_open ON offers (application_id) WHERE status = 'OPEN'`);
    await q.query(`CREATE INDEX ix_offers_creche_status ON offers (creche_id, status)`);
    await q.query(`CREATE INDEX ix_offers_open_deadline ON offers (deadline) WHERE status = 'OPEN'`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE offers`);
    await q.query(`DROP TABLE allocation_rounds`);
  }
}
