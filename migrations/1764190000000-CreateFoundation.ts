import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateFoundation1764190000000 implements MigrationInterface {
  name = 'CreateFoundation1764190000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        email text NOT NULL,
        password_hash text NOT NULL,
        first_name text NOT NULL,
        last_name text NOT NULL,
        role text NOT NULL,
        token_version int NOT NULL DEFAULT 0,
        disabled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_users PRIMARY KEY (id),
        CONSTRAINT uq_users_email UNIQUE (email),
        CONSTRAINT ck_users_email_lower CHECK (email = lower(email)),
        CONSTRAINT ck_users_role CHECK (role IN ('PARENT', 'MANAGER', 'CAF_AUDITOR', 'ADMIN'))
      )`);

    await q.query(`
      CREATE TABLE audit_events (
        id bigserial NOT NULL,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor_user_id uuid,
        actor_role text,
        action text NOT NULL,
        subject_type text NOT NULL,
        subject_id text,
        request_id text,
        details jsonb NOT NULL DEFAULT '{}'::jsonb,
        CONSTRAINT pk_audit_events PRIMARY KEY (id)
      )`);
    await q.query(`CREATE INDEX ix_audit_events_subject ON audit_events (subject_type, subject_id, id)`);
    await q.query(`CREATE INDEX ix_audit_events_action ON audit_events (action, id)`);
    await q.query(`CREATE INDEX ix_audit_events_actor ON audit_events (actor_user_id, id)`);
    await q.query(`
      CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER trg_audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`);
    await q.query(`
      CREATE TRIGGER trg_audit_events_no_truncate BEFORE TRUNCATE ON audit_events
      FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()`);

    await q.query(`
      CREATE TABLE notices (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        recipient_user_id uuid NOT NULL,
        type text NOT NULL,
        template_data jsonb NOT NULL DEFAULT '{}'::jsonb,
        status text NOT NULL DEFAULT 'PENDING',
        attempts int NOT NULL DEFAULT 0,
        last_error text,
        claimed_until timestamptz,
        sent_at timestamptz,
        idempotency_key text NOT NULL,
        subject_type text,
        subject_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_notices PRIMARY KEY (id),
        CONSTRAINT uq_notices_idempotency_key UNIQUE (idempotency_key),
        CONSTRAINT fk_notices_recipient FOREIGN KEY (recipient_user_id) REFERENCES users (id),
        CONSTRAINT ck_notices_status CHECK (status IN ('PENDING', 'SENT', 'FAILED')),
        CONSTRAINT ck_notices_sent_at CHECK ((status = 'SENT') = (sent_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX ix_notices_pending ON notices (created_at) WHERE status = 'PENDING'`);
    await q.query(`CREATE INDEX ix_notices_recipient ON notices (recipient_user_id, created_at)`);
    await q.query(`CREATE INDEX ix_notices_subject ON notices (subject_type, subject_id)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notices`);
    await q.query(`DROP TABLE audit_events`);
    await q.query(`DROP FUNCTION audit_events_append_only()`);
    await q.query(`DROP TABLE users`);
  }
}
