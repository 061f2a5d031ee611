import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An open offer holds its place (issue #13: a second round made 26 open offers for 12 places, and families who had
 * an offer got 409 on accept). `planned_presences`, the one definition of what is planned in a crèche, now counts
 * open offers with their schedule until they are answered or expire; `lock_for_admission` can leave out the offer
 * being accepted (its own place). Offers gain the WITHDRAWN status: a crèche that can no longer honour an offer
 * withdraws it, and no refusal is counted against the family.
 */
export class OpenOffersHoldPlaces1764280000000 implements MigrationInterface {
  name = 'OpenOffersHoldPlaces1764280000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION lock_for_admission(uuid, uuid, uuid, date, date)`);
    await q.query(`DROP FUNCTION planned_presences(uuid, date, date, uuid)`);
    await q.query(`
      CREATE FUNCTION planned_presences(p_creche uuid, p_from date, p_to date, p_exclude uuid)
      RETURNS TABLE (id uuid, kind text, start_date text, end_date text, schedule jsonb, from_minute int, to_minute int)
      LANGUAGE sql STABLE AS $$
        SELECT c.id, 'REGULAR', to_char(c.start_date, 'YYYY-MM-DD'), to_char(c.end_date, 'YYYY-MM-DD'), c.schedule, NULL::int, NULL::int
          FROM contracts c
         WHERE c.creche_id = p_creche AND c.start_date <= p_to AND c.end_date >= p_from AND c.id IS DISTINCT FROM p_exclude
        UNION ALL
        SELECT o.id, 'REGULAR', to_char(o.start_date, 'YYYY-MM-DD'), to_char(o.end_date, 'YYYY-MM-DD'), o.schedule, NULL::int, NULL::int
          FROM offers o
         WHERE o.creche_id = p_creche AND o.status = 'OPEN' AND o.start_date <= p_to AND o.end_date >= p_from AND o.id IS DISTINCT FROM p_exclude
        UNION ALL
        SELECT b.id, b.kind, to_char(b.date, 'YYYY-MM-DD'), to_char(b.date, 'YYYY-MM-DD'), NULL, b.from_minute, b.to_minute
          FROM bookings b
         WHERE b.creche_id = p_creche AND b.cancelled_at IS NULL AND b.date BETWEEN p_from AND p_to
      $$`);
    await q.query(`
      CREATE FUNCTION lock_for_admission(p_creche uuid, p_manager uuid, p_child uuid, p_from date, p_to date, p_exclude uuid)
      RETURNS TABLE (places int, surnombre boolean, opening_hours jsonb, capacity_bands jsonb, closures jsonb,
                     opens_on_public_holidays boolean, child_found boolean, presences json)
      LANGUAGE plpgsql VOLATILE AS $$
      #variable_conflict use_column
      DECLARE
        c creches%ROWTYPE;
        child_locked boolean;
      BEGIN
        -- The child first, then the crèche: the order of every admission, so two never wait on each other crosswise.
        PERFORM 1 FROM children ch WHERE ch.id = p_child FOR UPDATE;
        child_locked := FOUND;
        SELECT * INTO c FROM creches cr
         WHERE cr.id = p_creche
           AND (p_manager IS NULL OR EXISTS (SELECT 1 FROM creche_managers m WHERE m.creche_id = cr.id AND m.user_id = p_manager))
           FOR UPDATE;
        IF NOT FOUND THEN
          RETURN;
        END IF;
        RETURN QUERY
          SELECT c.places, c.surnombre, c.opening_hours, c.capacity_bands, c.closures, c.opens_on_public_holidays, child_locked,
                 (SELECT coalesce(json_agg(p), '[]'::json) FROM planned_presences(p_creche, p_from, p_to, p_exclude) p);
      END $$`);
    await q.query(`ALTER TABLE offers DROP CONSTRAINT ck_offers_status`);
    await q.query(
      `ALTER TABLE offers ADD CONSTRAINT ck_offers_status CHECK (status IN ('OPEN', 'ACCEPTED', 'DECLINED', 'EXPIRED', 'WITHDRAWN'))`,
    );
    await q.query(`ALTER TABLE offers ADD COLUMN withdrawal_reason text`);
    await q.query(
      `ALTER TABLE offers ADD CONSTRAINT ck_offers_withdrawal CHECK ((status = 'WITHDRAWN') = (withdrawal_reason IS NOT NULL))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE offers DROP CONSTRAINT ck_offers_withdrawal`);
    await q.query(`ALTER TABLE offers DROP COLUMN withdrawal_reason`);
    await q.query(`ALTER TABLE offers DROP CONSTRAINT ck_offers_status`);
    await q.query(
      `ALTER TABLE offers ADD CONSTRAINT ck_offers_status CHECK (status IN ('OPEN', 'ACCEPTED', 'DECLINED', 'EXPIRED'))`,
    );
    await q.query(`DROP FUNCTION lock_for_admission(uuid, uuid, uuid, date, date, uuid)`);
    await q.query(`DROP FUNCTION planned_presences(uuid, date, date, uuid)`);
    await q.query(`
      CREATE FUNCTION planned_presences(p_creche uuid, p_from date, p_to date, p_exclude_contract uuid)
      RETURNS TABLE (id uuid, kind text, start_date text, end_date text, schedule jsonb, from_minute int, to_minute int)
      LANGUAGE sql STABLE AS $$
        SELECT c.id, 'REGULAR', to_char(c.start_date, 'YYYY-MM-DD'), to_char(c.end_date, 'YYYY-MM-DD'), c.schedule, NULL::int, NULL::int
          FROM contracts c
         WHERE c.creche_id = p_creche AND c.start_date <= p_to AND c.end_date >= p_from AND c.id IS DISTINCT FROM p_exclude_contract
        UNION ALL
        SELECT b.id, b.kind, to_char(b.date, 'YYYY-MM-DD'), to_char(b.date, 'YYYY-MM-DD'), NULL, b.from_minute, b.to_minute
          FROM bookings b
         WHERE b.creche_id = p_creche AND b.cancelled_at IS NULL AND b.date BETWEEN p_from AND p_to
      $$`);
    await q.query(`
      CREATE FUNCTION lock_for_admission(p_creche uuid, p_manager uuid, p_child uuid, p_from date, p_to date)
      RETURNS TABLE (places int, surnombre boolean, opening_hours jsonb, capacity_bands jsonb, closures jsonb,
                     opens_on_public_holidays boolean, child_found boolean, presences json)
      LANGUAGE plpgsql VOLATILE AS $$
      #variable_conflict use_column
      DECLARE
        c creches%ROWTYPE;
        child_locked boolean;
      BEGIN
        PERFORM 1 FROM children ch WHERE ch.id = p_child FOR UPDATE;
        child_locked := FOUND;
        SELECT * INTO c FROM creches cr
         WHERE cr.id = p_creche
           AND (p_manager IS NULL OR EXISTS (SELECT 1 FROM creche_managers m WHERE m.creche_id = cr.id AND m.user_id = p_manager))
           FOR UPDATE;
        IF NOT FOUND THEN
          RETURN;
        END IF;
        RETURN QUERY
          SELECT c.places, c.surnombre, c.opening_hours, c.capacity_bands, c.closures, c.opens_on_public_holidays, child_locked,
                 (SELECT coalesce(json_agg(p), '[]'::json) FROM planned_presences(p_creche, p_from, p_to, NULL) p);
      END $$`);
  }
}
