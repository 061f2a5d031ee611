import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #18: `read_for_admission` reads what `lock_for_admission` reads (the crèche's rules, whether the child exists,
 * what is planned), with the same right of the manager, but takes no lock. A booking that does not fit what one
 * statement's snapshot shows is refused without waiting for the crèche's lock (the refusal is true of that snapshot);
 * one that fits then takes the locks and is checked again under them before it is written.
 */
export class AddReadForAdmission1764930000000 implements MigrationInterface {
  name = 'AddReadForAdmission1764930000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION read_for_admission(p_creche uuid, p_manager uuid, p_child uuid, p_from date, p_to date, p_exclude uuid)
      RETURNS TABLE (places int, surnombre boolean, opening_hours jsonb, capacity_bands jsonb, closures jsonb,
                     opens_on_public_holidays boolean, child_found boolean, presences json)
      LANGUAGE sql STABLE AS $$
        SELECT c.places, c.surnombre, c.opening_hours, c.capacity_bands, c.closures, c.opens_on_public_holidays,
               EXISTS (SELECT 1 FROM children ch WHERE ch.id = p_child),
               (SELECT coalesce(json_agg(p), '[]'::json) FROM planned_presences(p_creche, p_from, p_to, p_exclude) p)
          FROM creches c
         WHERE c.id = p_creche
           AND (p_manager IS NULL OR EXISTS (SELECT 1 FROM creche_managers m WHERE m.creche_id = c.id AND m.user_id = p_manager))
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION read_for_admission(uuid, uuid, uuid, date, date, uuid)`);
  }
}
