import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What ranks a crèche's waitlist once per change, shared by every API instance (issue #18).
 *
 * - `waitlist_versions` (waitlist): one row per crèche whose ranking inputs ever changed; its `version` moves in the
 *   very transaction that changes them: the crèche (planning) or its territory, the territory's priority policies,
 *   the applications listing the crèche and their preferences, their families and children (claims, facts scored),
 *   and what is planned in the crèche (contracts, offers, bookings: whether a schedule fits now).
 * - How: an AFTER … FOR EACH STATEMENT trigger on each of those tables (transition tables, so a bulk statement costs
 *   one query) notes the crèches it touches in a transaction-local setting (`berceau.waitlist_dirty`); at commit, a
 *   deferred constraint trigger bumps them all at once, in crèche order: the version rows are locked last, for the
 *   commit only, and two transactions never wait on each other crosswise.
 * - `waitlist_rankings` (waitlist): the ranking computed at a version for a day (`as_of`), as JSON. A request reads
 *   the version and serves the stored ranking of that version; the first request after a change computes it.
 */
const WATCHED: { table: string; creches: (rows: string) => string }[] = [
  { table: 'creches', creches: (rows) => `SELECT id FROM ${rows}` },
  { table: 'territories', creches: (rows) => `SELECT c.id FROM creches c JOIN ${rows} r ON r.id = c.territory_id` },
  {
    table: 'priority_policies',
    creches: (rows) => `SELECT c.id FROM creches c JOIN ${rows} r ON r.territory_id = c.territory_id`,
  },
  { table: 'application_preferences', creches: (rows) => `SELECT creche_id FROM ${rows}` },
  {
    table: 'applications',
    creches: (rows) => `SELECT p.creche_id FROM application_preferences p JOIN ${rows} r ON r.id = p.application_id`,
  },
  {
    table: 'families',
    creches: (rows) =>
      `SELECT p.creche_id FROM application_preferences p JOIN applications a ON a.id = p.application_id JOIN ${rows} r ON r.id = a.family_id`,
  },
  {
    table: 'children',
    creches: (rows) =>
      `SELECT p.creche_id FROM application_preferences p JOIN applications a ON a.id = p.application_id JOIN ${rows} r ON r.id = a.child_id
       UNION SELECT ct.creche_id FROM contracts ct JOIN ${rows} r ON r.id = ct.child_id`,
  },
  { table: 'contracts', creches: (rows) => `SELECT creche_id FROM ${rows}` },
  { table: 'offers', creches: (rows) => `SELECT creche_id FROM ${rows}` },
  { table: 'bookings', creches: (rows) => `SELECT creche_id FROM ${rows}` },
];

export class CacheWaitlistRankings1764810000000 implements MigrationInterface {
  name = 'CacheWaitlistRankings1764810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE waitlist_versions (creche_id uuid PRIMARY KEY, version bigint NOT NULL)`);
    await q.query(`
      CREATE TABLE waitlist_rankings (
        creche_id uuid NOT NULL,
        as_of date NOT NULL,
        version bigint NOT NULL,
        entries json NOT NULL,
        computed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (creche_id, as_of, version)
      )`);
    // Notes crèches whose ranking the transaction changes (deduplicated, transaction-local).
    await q.query(`
      CREATE FUNCTION waitlist_mark(p_creches uuid[]) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        noted text := coalesce(current_setting('berceau.waitlist_dirty', true), '');
      BEGIN
        IF coalesce(array_length(p_creches, 1), 0) = 0 THEN
          RETURN;
        END IF;
        PERFORM set_config('berceau.waitlist_dirty',
          (SELECT string_agg(DISTINCT x::text, ',')
             FROM unnest(string_to_array(nullif(noted, ''), ',')::uuid[] || p_creches) x
            WHERE x IS NOT NULL), true);
      END $$`);
    // At commit: bump every noted crèche once, in crèche order (the first deferred event does it, the others find none).
    await q.query(`
      CREATE FUNCTION waitlist_flush() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        noted text := coalesce(current_setting('berceau.waitlist_dirty', true), '');
      BEGIN
        IF noted <> '' THEN
          PERFORM set_config('berceau.waitlist_dirty', '', true);
          INSERT INTO waitlist_versions (creche_id, version)
          SELECT x, 1 FROM unnest(string_to_array(noted, ',')::uuid[]) x ORDER BY x
          ON CONFLICT (creche_id) DO UPDATE SET version = waitlist_versions.version + 1;
        END IF;
        RETURN NULL;
      END $$`);
    for (const { table, creches } of WATCHED) {
      await q.query(`
        CREATE FUNCTION waitlist_mark_${table}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP IN ('INSERT', 'UPDATE') THEN
            PERFORM waitlist_mark(ARRAY(${creches('new_rows')}));
          END IF;
          IF TG_OP IN ('UPDATE', 'DELETE') THEN
            PERFORM waitlist_mark(ARRAY(${creches('old_rows')}));
          END IF;
          RETURN NULL;
        END $$`);
      await q.query(`
        CREATE TRIGGER trg_${table}_waitlist_ins AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION waitlist_mark_${table}()`);
      await q.query(`
        CREATE TRIGGER trg_${table}_waitlist_upd AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION waitlist_mark_${table}()`);
      await q.query(`
        CREATE TRIGGER trg_${table}_waitlist_del AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION waitlist_mark_${table}()`);
      await q.query(`
        CREATE CONSTRAINT TRIGGER trg_${table}_waitlist_flush AFTER INSERT OR UPDATE OR DELETE ON ${table}
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION waitlist_flush()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const { table } of [...WATCHED].reverse()) {
      for (const suffix of ['flush', 'del', 'upd', 'ins'])
        await q.query(`DROP TRIGGER trg_${table}_waitlist_${suffix} ON ${table}`);
      await q.query(`DROP FUNCTION waitlist_mark_${table}()`);
    }
    await q.query(`DROP FUNCTION waitlist_flush()`);
    await q.query(`DROP FUNCTION waitlist_mark(uuid[])`);
    await q.query(`DROP TABLE waitlist_rankings`);
    await q.query(`DROP TABLE waitlist_versions`);
  }
}
