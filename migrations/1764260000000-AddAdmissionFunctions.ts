import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The admission path's reads in the database, so that it takes one round trip under the crèche lock instead of two:
 * - `planned_presences`: a crèche's contracts and live bookings over a period (the one definition, also read by
 *   previews, occupancy and re-planning);
 * - `lock_for_admission`: locks the child, then the crèche (checking the manager's right), then reads the planned
 *   presences in a statement of its own. Under READ COMMITTED each statement of a volatile function takes a new
 *   snapshot, so that read sees every admission committed before the lock was granted: the guarantee of reading
 *   after locking, without going back to Node in between.
 */
export class AddAdmissionFunctions1764260000000 implements MigrationInterface {
  name = 'AddAdmissionFunctions1764260000000';

  async up(q: QueryRunner): Promise<void> {
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
                 (SELECT coalesce(json_agg(p), '[]'::json) FROM planned_presences(p_creche, p_from, p_to, NULL) p);
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION lock_for_admission(uuid, uuid, uuid, date, date)`);
    await q.query(`DROP FUNCTION planned_presences(uuid, date, date, uuid)`);
  }
}
