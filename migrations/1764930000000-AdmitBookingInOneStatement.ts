import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #18, admissions on one crèche: a booking is decided under the crèche's lock without a trip through Node while
 * the lock is held. Node works out beforehand, from the crèche's rules, what the check needs (the limits of each
 * piece of the booked hours, and for the weekly rule the week's open days and capacity: `bookingLimits`,
 * src/modules/creches/domain/capacity.ts); `admit_booking` then, in the statement that inserts the booking, locks the
 * child and the crèche, makes sure the rules and the household's situation are still those Node read (else STALE),
 * counts what is planned (`booking_fits`) and answers. The lock is held for the statement and its commit only.
 *
 * `booking_fits` counts like `checkAdmission` does, or more (a contract's overlapping slots of one weekday are counted
 * twice where the engine merges them): it never admits what the engine refuses. What it refuses, Node re-checks with
 * the engine on the presences it returns, and takes the locked path if the engine admits it.
 */
export class AdmitBookingInOneStatement1764930000000 implements MigrationInterface {
  name = 'AdmitBookingInOneStatement1764930000000';

  async up(q: QueryRunner): Promise<void> {
    // What a booking's fee rests on, as a stamp: any change of the household's row or of one of its declarations.
    await q.query(`
      CREATE FUNCTION family_situation_stamp(p_family uuid) RETURNS text
      LANGUAGE sql STABLE AS $$
        SELECT md5(f.xmin::text || '|' || coalesce((SELECT string_agg(d.id::text || ':' || d.xmin::text, ',' ORDER BY d.id)
                                                      FROM fee_declarations d WHERE d.family_id = f.id), ''))
          FROM families f WHERE f.id = p_family
      $$`);
    // A row of planned_presences, typed, for the check to read without parsing JSON.
    await q.query(`
      CREATE TYPE planned_presence AS (id uuid, kind text, start_date date, end_date date, schedule jsonb,
                                       from_minute int, to_minute int)`);
    // p_days: the days whose intervals count (the booked day, and for the weekly rule every open day of its week);
    // the booked hours in pieces [p_seg_from[i], p_seg_to[i]) of limit p_seg_limit[i]. PL/pgSQL, so that the
    // query's plan is kept for the session (a SQL function's would be made again on every call).
    await q.query(`
      CREATE FUNCTION booking_fits(p_presences planned_presence[], p_day date, p_from int, p_to int,
                                   p_seg_from int[], p_seg_to int[], p_seg_limit int[], p_days date[], p_week_capacity int)
      RETURNS boolean
      LANGUAGE plpgsql IMMUTABLE AS $$
      BEGIN
        RETURN (
          WITH slots AS (
            -- Each weekly slot of a contract or open offer, read once (not once a day).
            SELECT p.start_date, p.end_date, (s->>'weekday')::int AS weekday,
                   split_part(s->>'from', ':', 1)::int * 60 + split_part(s->>'from', ':', 2)::int AS f,
                   split_part(s->>'to', ':', 1)::int * 60 + split_part(s->>'to', ':', 2)::int AS t
              FROM unnest(p_presences) AS p
              CROSS JOIN LATERAL jsonb_array_elements(p.schedule) AS s
             WHERE p.kind = 'REGULAR'
          ),
          intervals AS (
            SELECT d.day, s.f, s.t
              FROM unnest(p_days) AS d(day)
              JOIN slots s ON s.weekday = extract(isodow FROM d.day)::int AND s.start_date <= d.day AND s.end_date >= d.day
            UNION ALL
            SELECT p.start_date, p.from_minute, p.to_minute
              FROM unnest(p_presences) AS p
             WHERE p.kind <> 'REGULAR' AND p.start_date = ANY (p_days)
          ),
          today AS (SELECT f, t FROM intervals WHERE day = p_day)
          SELECT NOT EXISTS (
                   SELECT 1
                     FROM unnest(p_seg_from, p_seg_to, p_seg_limit) AS g(f, t, lim)
                    CROSS JOIN LATERAL (
                          SELECT g.f AS at
                          UNION SELECT o.f FROM today o WHERE o.f > g.f AND o.f < g.t
                          UNION SELECT o.t FROM today o WHERE o.t > g.f AND o.t < g.t) AS pt
                    WHERE 1 + (SELECT count(*) FROM today o WHERE o.f <= pt.at AND pt.at < o.t) > g.lim)
             AND (p_week_capacity IS NULL
                  OR (SELECT coalesce(sum(t - f), 0) FROM intervals) + (p_to - p_from) <= p_week_capacity));
      END $$`);
    // Outcomes: NO_CRECHE (or not the manager's), NO_CHILD, STALE (rules or situation changed since Node read them),
    // REFUSED (with the week's presences, for the engine's conflicts; p_seg_from NULL: the rules alone refuse, as Node
    // found), CHILD_BOOKED (at overlapping hours), FITS. Every outcome but FITS wrote nothing: its commit need not wait
    // for the WAL flush (it only took row locks), so the crèche is not held for a flush a refusal does not need.
    await q.query(`
      CREATE FUNCTION admit_booking(p_creche uuid, p_manager uuid, p_child uuid, p_day date, p_from int, p_to int,
                                    p_creche_version text, p_situation_stamp text, p_seg_from int[], p_seg_to int[],
                                    p_seg_limit int[], p_days date[], p_week_capacity int, p_week_from date, p_week_to date)
      RETURNS TABLE (outcome text, presences json)
      LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        v_family uuid;
        v_child_found boolean;
        v_version text;
        v_planned planned_presence[];
        v_sync text := current_setting('synchronous_commit');
      BEGIN
        PERFORM set_config('synchronous_commit', 'off', true);
        -- The child first, then the crèche: the order of every admission (lock_for_admission).
        SELECT ch.family_id INTO v_family FROM children ch WHERE ch.id = p_child FOR UPDATE;
        v_child_found := FOUND;
        SELECT cr.xmin::text INTO v_version FROM creches cr
         WHERE cr.id = p_creche
           AND (p_manager IS NULL OR EXISTS (SELECT 1 FROM creche_managers m WHERE m.creche_id = cr.id AND m.user_id = p_manager))
           FOR UPDATE;
        IF NOT FOUND THEN
          RETURN QUERY SELECT 'NO_CRECHE', NULL::json;
          RETURN;
        END IF;
        IF NOT v_child_found THEN
          RETURN QUERY SELECT 'NO_CHILD', NULL::json;
          RETURN;
        END IF;
        -- The household kept from changing until the commit, as the locked path does (FOR SHARE).
        PERFORM 1 FROM families f WHERE f.id = v_family FOR SHARE;
        IF v_version <> p_creche_version OR family_situation_stamp(v_family) IS DISTINCT FROM p_situation_stamp THEN
          RETURN QUERY SELECT 'STALE', NULL::json;
          RETURN;
        END IF;
        v_planned := ARRAY(SELECT ROW(p.id, p.kind, p.start_date::date, p.end_date::date, p.schedule, p.from_minute,
                                      p.to_minute)::planned_presence
                             FROM planned_presences(p_creche, p_week_from, p_week_to, NULL) p);
        IF p_seg_from IS NULL
           OR NOT booking_fits(v_planned, p_day, p_from, p_to, p_seg_from, p_seg_to, p_seg_limit, p_days, p_week_capacity) THEN
          RETURN QUERY SELECT 'REFUSED', (SELECT coalesce(json_agg(p), '[]'::json) FROM unnest(v_planned) AS p);
          RETURN;
        END IF;
        IF EXISTS (SELECT 1 FROM bookings b
                    WHERE b.child_id = p_child AND b.date = p_day AND b.cancelled_at IS NULL
                      AND b.from_minute < p_to AND b.to_minute > p_from) THEN
          RETURN QUERY SELECT 'CHILD_BOOKED', NULL::json;
          RETURN;
        END IF;
        -- The booking is written by the statement that called this: its commit waits for the flush, as any.
        PERFORM set_config('synchronous_commit', v_sync, true);
        RETURN QUERY SELECT 'FITS', NULL::json;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DROP FUNCTION admit_booking(uuid, uuid, uuid, date, int, int, text, text, int[], int[], int[], date[], int, date, date)`,
    );
    await q.query(`DROP FUNCTION booking_fits(planned_presence[], date, int, int, int[], int[], int[], date[], int)`);
    await q.query(`DROP TYPE planned_presence`);
    await q.query(`DROP FUNCTION family_situation_stamp(uuid)`);
  }
}
