import { MigrationInterface, QueryRunner } from 'typeorm';
import { SEED_POLICY } from '../src/modules/waitlist/domain/seed-policy';

export class CreateFamiliesAndApplications1764220000000 implements MigrationInterface {
  name = 'CreateFamiliesAndApplications1764220000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE families
        ADD COLUMN commune_insee_code text,
        ADD COLUMN monthly_resources numeric(12,2),
        ADD COLUMN dependent_children int NOT NULL DEFAULT 1,
        ADD COLUMN aeeh_children int NOT NULL DEFAULT 0,
        ADD COLUMN benefit_scheme text NOT NULL DEFAULT 'GENERAL',
        ADD COLUMN caf_number text,
        ADD COLUMN single_parent boolean NOT NULL DEFAULT false,
        ADD COLUMN parents_activity text NOT NULL DEFAULT 'BOTH_WORKING',
        ADD COLUMN atypical_work_hours boolean NOT NULL DEFAULT false,
        ADD COLUMN social_minima_or_insertion boolean NOT NULL DEFAULT false,
        ADD COLUMN other_household_disability boolean NOT NULL DEFAULT false,
        ADD CONSTRAINT ck_families_children CHECK (dependent_children BETWEEN 1 AND 20 AND aeeh_children BETWEEN 0 AND dependent_children),
        ADD CONSTRAINT ck_families_resources CHECK (monthly_resources IS NULL OR monthly_resources >= 0),
        ADD CONSTRAINT ck_families_scheme CHECK (benefit_scheme IN ('GENERAL', 'MSA', 'OTHER')),
        ADD CONSTRAINT ck_families_activity CHECK (parents_activity IN ('BOTH_WORKING', 'ONE_WORKING_ONE_JOBSEEKING', 'ONE_WORKING_ONE_INACTIVE', 'NONE_WORKING'))`);
    await q.query(`
      CREATE TABLE family_members (
        family_id uuid NOT NULL,
        user_id uuid NOT NULL,
        joined_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_family_members PRIMARY KEY (family_id, user_id),
        CONSTRAINT uq_family_members_user UNIQUE (user_id),
        CONSTRAINT fk_family_members_family FOREIGN KEY (family_id) REFERENCES families (id),
        CONSTRAINT fk_family_members_user FOREIGN KEY (user_id) REFERENCES users (id)
      )`);
    await q.query(`
      CREATE TABLE family_invitations (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        family_id uuid NOT NULL,
        email text NOT NULL,
        invited_by uuid NOT NULL,
        accepted_by uuid,
        accepted_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_family_invitations PRIMARY KEY (id),
        CONSTRAINT fk_family_invitations_family FOREIGN KEY (family_id) REFERENCES families (id),
        CONSTRAINT ck_family_invitations_email_lower CHECK (email = lower(email))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX uq_family_invitations_pending ON family_invitations (family_id, email) WHERE accepted_at IS NULL`,
    );
    await q.query(`CREATE INDEX ix_family_invitations_email ON family_invitations (email) WHERE accepted_at IS NULL`);
    await q.query(`ALTER TABLE children ADD COLUMN multiple_birth boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE territories ADD COLUMN keep_alive_months int NOT NULL DEFAULT 6`);

    await q.query(`
      CREATE TABLE priority_policies (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        territory_id uuid NOT NULL,
        version int NOT NULL,
        effective_from date NOT NULL,
        criteria jsonb NOT NULL,
        waiting_month_points int NOT NULL,
        waiting_month_cap int NOT NULL,
        refusal_penalty int NOT NULL,
        tie_break jsonb NOT NULL,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_priority_policies PRIMARY KEY (id),
        CONSTRAINT uq_priority_policies_version UNIQUE (territory_id, version),
        CONSTRAINT fk_priority_policies_territory FOREIGN KEY (territory_id) REFERENCES territories (id)
      )`);
    const territories: { id: string }[] = await q.query(`SELECT id FROM territories`);
    for (const t of territories) {
      await q.query(
        `INSERT INTO priority_policies (territory_id, version, effective_from, criteria, waiting_month_points, waiting_month_cap, refusal_penalty, tie_break)
         VALUES ($1, 1, '2019-01-01', $2, $3, $4, $5, $6)`,
        [
          t.id,
          JSON.stringify(SEED_POLICY.criteria),
          SEED_POLICY.waitingMonthPoints,
          SEED_POLICY.waitingMonthCap,
          SEED_POLICY.refusalPenalty,
          JSON.stringify(SEED_POLICY.tieBreak),
        ],
      );
    }

    await q.query(`
      CREATE TABLE applications (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        family_id uuid NOT NULL,
        child_id uuid NOT NULL,
        desired_start_date date NOT NULL,
        schedule jsonb NOT NULL,
        leave_weeks_per_year int NOT NULL DEFAULT 0,
        status text NOT NULL DEFAULT 'SUBMITTED',
        submitted_at timestamptz NOT NULL DEFAULT now(),
        last_confirmed_at timestamptz NOT NULL DEFAULT now(),
        interest_requested_at timestamptz,
        refusals int NOT NULL DEFAULT 0,
        admitted_creche_id uuid,
        admitted_score int,
        closed_at timestamptz,
        created_by uuid,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_applications PRIMARY KEY (id),
        CONSTRAINT fk_applications_family FOREIGN KEY (family_id) REFERENCES families (id),
        CONSTRAINT fk_applications_child FOREIGN KEY (child_id) REFERENCES children (id),
        CONSTRAINT fk_applications_admitted_creche FOREIGN KEY (admitted_creche_id) REFERENCES creches (id),
        CONSTRAINT ck_applications_status CHECK (status IN ('SUBMITTED', 'OFFERED', 'ACCEPTED', 'WITHDRAWN', 'LAPSED')),
        CONSTRAINT ck_applications_refusals CHECK (refusals >= 0)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX uq_applications_child_active ON applications (child_id) WHERE status IN ('SUBMITTED', 'OFFERED')`,
    );
    await q.query(`CREATE INDEX ix_applications_family ON applications (family_id)`);
    await q.query(
      `CREATE INDEX ix_applications_keep_alive ON applications (last_confirmed_at) WHERE status = 'SUBMITTED'`,
    );
    await q.query(`
      CREATE TABLE application_preferences (
        application_id uuid NOT NULL,
        creche_id uuid NOT NULL,
        rank int NOT NULL,
        CONSTRAINT pk_application_preferences PRIMARY KEY (application_id, rank),
        CONSTRAINT uq_application_preferences_creche UNIQUE (application_id, creche_id),
        CONSTRAINT fk_application_preferences_application FOREIGN KEY (application_id) REFERENCES applications (id) ON DELETE CASCADE,
        CONSTRAINT fk_application_preferences_creche FOREIGN KEY (creche_id) REFERENCES creches (id),
        CONSTRAINT ck_application_preferences_rank CHECK (rank BETWEEN 1 AND 5)
      )`);
    await q.query(`CREATE INDEX ix_application_preferences_creche ON application_preferences (creche_id)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE application_preferences`);
    await q.query(`DROP TABLE applications`);
    await q.query(`DROP TABLE priority_policies`);
    await q.query(`ALTER TABLE territories DROP COLUMN keep_alive_months`);
    await q.query(`ALTER TABLE children DROP COLUMN multiple_birth`);
    await q.query(`DROP TABLE family_invitations`);
    await q.query(`DROP TABLE family_members`);
    await q.query(`
      ALTER TABLE families DROP CONSTRAINT ck_families_children, DROP CONSTRAINT ck_families_resources, DROP CONSTRAINT ck_families_scheme,
        DROP CONSTRAINT ck_families_activity, DROP COLUMN commune_insee_code, DROP COLUMN monthly_resources, DROP COLUMN dependent_children,
        DROP COLUMN aeeh_children, DROP COLUMN benefit_scheme, DROP COLUMN caf_number, DROP COLUMN single_parent, DROP COLUMN parents_activity,
        DROP COLUMN atypical_work_hours, DROP COLUMN social_minima_or_insertion, DROP COLUMN other_household_disability`);
  }
}
