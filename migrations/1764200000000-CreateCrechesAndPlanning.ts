import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCrechesAndPlanning1764200000000 implements MigrationInterface {
  name = 'CreateCrechesAndPlanning1764200000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE territories (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        name text NOT NULL,
        communes jsonb NOT NULL DEFAULT '[]'::jsonb,
        atypical_hours jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_territories PRIMARY KEY (id),
        CONSTRAINT uq_territories_name UNIQUE (name)
      )`);
    await q.query(`
      CREATE TABLE creches (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        territory_id uuid NOT NULL,
        name text NOT NULL,
        commune_insee_code text NOT NULL,
        kind text NOT NULL,
        places int NOT NULL,
        surnombre boolean NOT NULL DEFAULT false,
        opening_hours jsonb NOT NULL,
        capacity_bands jsonb NOT NULL DEFAULT '[]'::jsonb,
        closures jsonb NOT NULL DEFAULT '[]'::jsonb,
        opens_on_public_holidays boolean NOT NULL DEFAULT false,
        min_age_months int,
        max_age_months int NOT NULL DEFAULT 48,
        offer_response_days int NOT NULL DEFAULT 8,
        reserved_insertion_places int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_creches PRIMARY KEY (id),
        CONSTRAINT fk_creches_territory FOREIGN KEY (territory_id) REFERENCES territories (id),
        CONSTRAINT uq_creches_territory_name UNIQUE (territory_id, name),
        CONSTRAINT ck_creches_kind CHECK (kind IN ('MICRO_CRECHE', 'COLLECTIVE', 'FAMILIAL', 'PARENTAL')),
        CONSTRAINT ck_creches_places CHECK (places > 0 AND (kind <> 'MICRO_CRECHE' OR places <= 12)),
        CONSTRAINT ck_creches_ages CHECK (max_age_months BETWEEN 1 AND 72 AND (min_age_months IS NULL OR min_age_months < max_age_months)),
        CONSTRAINT ck_creches_offer_days CHECK (offer_response_days BETWEEN 1 AND 60),
        CONSTRAINT ck_creches_reserved CHECK (reserved_insertion_places >= 0 AND reserved_insertion_places <= places)
      )`);
    await q.query(`CREATE INDEX ix_creches_territory ON creches (territory_id)`);
    await q.query(`
      CREATE TABLE creche_managers (
        creche_id uuid NOT NULL,
        user_id uuid NOT NULL,
        CONSTRAINT pk_creche_managers PRIMARY KEY (creche_id, user_id),
        CONSTRAINT fk_creche_managers_creche FOREIGN KEY (creche_id) REFERENCES creches (id) ON DELETE CASCADE,
        CONSTRAINT fk_creche_managers_user FOREIGN KEY (user_id) REFERENCES users (id)
      )`);
    await q.query(`CREATE INDEX ix_creche_managers_user ON creche_managers (user_id)`);

    // Households and children: the minimal core that the families feature extends.
    await q.query(`
      CREATE TABLE families (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_families PRIMARY KEY (id)
      )`);
    await q.query(`
      CREATE TABLE children (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        family_id uuid NOT NULL,
        first_name text NOT NULL,
        birth_date date,
        expected_birth_date date,
        disability boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_children PRIMARY KEY (id),
        CONSTRAINT fk_children_family FOREIGN KEY (family_id) REFERENCES families (id),
        CONSTRAINT ck_children_birth CHECK (birth_date IS NOT NULL OR expected_birth_date IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX ix_children_family ON children (family_id)`);

    await q.query(`
      CREATE TABLE contracts (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        creche_id uuid NOT NULL,
        child_id uuid NOT NULL,
        start_date date NOT NULL,
        end_date date NOT NULL,
        schedule jsonb NOT NULL,
        leave_weeks_per_year int NOT NULL DEFAULT 0,
        created_by uuid,
        ended_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_contracts PRIMARY KEY (id),
        CONSTRAINT fk_contracts_creche FOREIGN KEY (creche_id) REFERENCES creches (id),
        CONSTRAINT fk_contracts_child FOREIGN KEY (child_id) REFERENCES children (id),
        CONSTRAINT ck_contracts_dates CHECK (start_date <= end_date),
        CONSTRAINT ck_contracts_leave CHECK (leave_weeks_per_year BETWEEN 0 AND 52)
      )`);
    await q.query(`CREATE INDEX ix_contracts_creche_period ON contracts (creche_id, end_date, start_date)`);
    await q.query(`CREATE INDEX ix_contracts_child ON contracts (child_id)`);
    await q.query(`
      CREATE TABLE bookings (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        creche_id uuid NOT NULL,
        child_id uuid NOT NULL,
        date date NOT NULL,
        from_minute int NOT NULL,
        to_minute int NOT NULL,
        kind text NOT NULL,
        created_by uuid,
        cancelled_at timestamptz,
        cancelled_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_bookings PRIMARY KEY (id),
        CONSTRAINT fk_bookings_creche FOREIGN KEY (creche_id) REFERENCES creches (id),
        CONSTRAINT fk_bookings_child FOREIGN KEY (child_id) REFERENCES children (id),
        CONSTRAINT ck_bookings_kind CHECK (kind IN ('OCCASIONAL', 'EMERGENCY')),
        CONSTRAINT ck_bookings_times CHECK (from_minute >= 0 AND from_minute < to_minute AND to_minute <= 1440)
      )`);
    await q.query(`CREATE INDEX ix_bookings_creche_date ON bookings (creche_id, date) WHERE cancelled_at IS NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE bookings`);
    await q.query(`DROP TABLE contracts`);
    await q.query(`DROP TABLE children`);
    await q.query(`DROP TABLE families`);
    await q.query(`DROP TABLE creche_managers`);
    await q.query(`DROP TABLE creches`);
    await q.query(`DROP TABLE territories`);
  }
}
