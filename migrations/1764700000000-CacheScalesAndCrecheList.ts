import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What lets the API processes hold the fee scales and the public crèche list in memory (issue #18).
 *
 * - `fee_scales`: each statement that changes it notifies `fee_scales_changed` at commit (DbNotifications), and every
 *   process drops the scales it holds.
 * - `creches` and `territories` (its communes' names and atypical hours are in the list): each change bumps the
 *   `creches` row of `cache_versions`, at commit (a deferred trigger, so the row is locked last, after every other lock
 *   of the transaction, and only until its commit). A process serves the list it holds while the committed version is
 *   the one it was built at: one indexed read a request, and a change is seen by the very next request everywhere.
 */
export class CacheScalesAndCrecheList1764700000000 implements MigrationInterface {
  name = 'CacheScalesAndCrecheList1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION notify_fee_scales_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('fee_scales_changed', '');
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER trg_fee_scales_notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON fee_scales
      FOR EACH STATEMENT EXECUTE FUNCTION notify_fee_scales_changed()`);
    await q.query(`CREATE TABLE cache_versions (name text PRIMARY KEY, version bigint NOT NULL DEFAULT 0)`);
    await q.query(`INSERT INTO cache_versions (name) VALUES ('creches')`);
    await q.query(`
      CREATE FUNCTION bump_cache_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE cache_versions SET version = version + 1 WHERE name = TG_ARGV[0];
        RETURN NULL;
      END $$`);
    for (const table of ['creches', 'territories'])
      await q.query(`
        CREATE CONSTRAINT TRIGGER trg_${table}_bump_list_version AFTER INSERT OR UPDATE OR DELETE ON ${table}
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_cache_version('creches')`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['creches', 'territories'])
      await q.query(`DROP TRIGGER trg_${table}_bump_list_version ON ${table}`);
    await q.query(`DROP FUNCTION bump_cache_version()`);
    await q.query(`DROP TABLE cache_versions`);
    await q.query(`DROP TRIGGER trg_fee_scales_notify_change ON fee_scales`);
    await q.query(`DROP FUNCTION notify_fee_scales_changed()`);
  }
}
