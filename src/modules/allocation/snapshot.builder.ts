import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { canonicalJson } from '../../common/text/canonical-json';
import { HolidayCalendar } from '../creches/holiday-calendar';
import { PlannedPresenceRepository } from '../creches/planned-presence.repository';
import { dayOf, minuteOf, mondayOf, Weekday } from '../creches/domain/calendar';
import { CrecheEntity } from '../creches/entities/creche.entity';
import { CONTRACT_DAYS, WaitlistService } from '../waitlist/waitlist.service';
import { AllocationSnapshot, ENGINE_VERSION, SnapshotApplicant, SnapshotCreche } from './domain/snapshot';

interface CandidateRow {
  id: string;
  family_id: string;
  birth: string;
  disability: boolean;
  desired_start_date: string;
  schedule: { weekday: number; from: string; to: string }[];
  submitted_at: Date;
  social_minima_or_insertion: boolean;
  preferences: string[];
}

/** Reads everything the engine needs for a round, as plain data, and fingerprints what could change under it. */
@Injectable()
export class SnapshotBuilder {
  constructor(
    private readonly waitlist: WaitlistService,
    private readonly holidays: HolidayCalendar,
    private readonly presences: PlannedPresenceRepository,
  ) {}

  async build(em: EntityManager, creches: CrecheEntity[], startDate: string, asOf: string): Promise<{ snapshot: AllocationSnapshot; policyVersions: Record<string, number> }> {
    const ids = creches.map((c) => c.id).sort();
    // Waiting applications that list these crèches, from families without an open offer (one at a time).
    const rows: CandidateRow[] = await em.query(
      `SELECT a.id, a.family_id, to_char(COALESCE(ch.birth_date, ch.expected_birth_date), 'YYYY-MM-DD') AS birth, ch.disability,
              to_char(a.desired_start_date, 'YYYY-MM-DD') AS desired_start_date, a.schedule, a.submitted_at, f.social_minima_or_insertion,
              array_agg(p.creche_id::text ORDER BY p.rank) AS preferences
         FROM applications a
         JOIN application_preferences p ON p.application_id = a.id AND p.creche_id = ANY($1::uuid[])
         JOIN children ch ON ch.id = a.child_id
         JOIN families f ON f.id = a.family_id
        WHERE a.status = 'SUBMITTED'
          AND NOT EXISTS (SELECT 1 FROM offers o WHERE o.family_id = a.family_id AND o.status = 'OPEN')
        GROUP BY a.id, ch.birth_date, ch.expected_birth_date, ch.disability, f.social_minima_or_insertion
        ORDER BY a.id`,
      [ids],
    );
    const scores = new Map<string, Map<string, number>>();
    for (const id of ids) {
      const ranked = await this.waitlist.rank(em, id, asOf, ['SUBMITTED']);
      scores.set(id, new Map(ranked.map((e) => [e.applicationId, e.score])));
    }
    const start = dayOf(startDate);
    const applicants: SnapshotApplicant[] = rows.map((r) => {
      const from = Math.max(start, dayOf(r.desired_start_date));
      return {
        applicationId: r.id,
        familyId: r.family_id,
        submittedAt: r.submitted_at.toISOString(),
        socialMinimaOrInsertion: r.social_minima_or_insertion,
        birth: dayOf(r.birth),
        disability: r.disability,
        start: from,
        end: from + CONTRACT_DAYS,
        slots: r.schedule.map((s) => ({ weekday: s.weekday as Weekday, from: minuteOf(s.from), to: minuteOf(s.to) })),
        preferences: r.preferences.map((crecheId) => ({ crecheId, score: scores.get(crecheId)?.get(r.id) ?? 0 })),
      };
    });
    const until = Math.max(start, ...applicants.map((a) => a.end));
    const snapshotCreches: SnapshotCreche[] = [];
    for (const c of [...creches].sort((a, b) => (a.id < b.id ? -1 : 1))) {
      const from = mondayOf(start);
      const to = mondayOf(until) + 6;
      snapshotCreches.push({
        id: c.id,
        places: c.places,
        surnombre: c.surnombre,
        openingHours: c.openingHours.map((o) => ({ weekday: o.weekday as Weekday, from: minuteOf(o.opens), to: minuteOf(o.closes) })),
        capacityBands: c.capacityBands.map((b) => ({ weekday: b.weekday as Weekday, from: minuteOf(b.from), to: minuteOf(b.to), places: b.places })),
        closures: c.closures.map((x) => ({ from: dayOf(x.from), to: dayOf(x.to) })),
        publicHolidays: [...this.holidays.between(from, to)].sort((a, b) => a - b),
        opensOnPublicHolidays: c.opensOnPublicHolidays,
        reservedInsertionPlaces: c.reservedInsertionPlaces,
        minAgeMonths: c.minAgeMonths,
        maxAgeMonths: c.maxAgeMonths,
        existing: await this.presences.load(em, c.id, from, to),
      });
    }
    const policies: { territory_id: string; version: number }[] = await em.query(
      `SELECT DISTINCT ON (territory_id) territory_id, version FROM priority_policies WHERE territory_id = ANY($1::uuid[]) ORDER BY territory_id, version DESC`,
      [[...new Set(creches.map((c) => c.territoryId))]],
    );
    return { snapshot: { engineVersion: ENGINE_VERSION, creches: snapshotCreches, applicants }, policyVersions: Object.fromEntries(policies.map((p) => [p.territory_id, p.version])) };
  }

  /** What a round depends on: planned presences, crèche settings, candidate applications. A change means re-run. */
  async fingerprint(em: EntityManager, crecheIds: readonly string[]): Promise<string> {
    const [row]: { fp: string | null }[] = await em.query(
      `SELECT md5(concat_ws('|',
          (SELECT string_agg(id::text || end_date::text || updated_at::text, ',' ORDER BY id) FROM contracts WHERE creche_id = ANY($1::uuid[])),
          (SELECT string_agg(id::text || coalesce(cancelled_at::text, ''), ',' ORDER BY id) FROM bookings WHERE creche_id = ANY($1::uuid[])),
          (SELECT string_agg(id::text || updated_at::text, ',' ORDER BY id) FROM creches WHERE id = ANY($1::uuid[])),
          (SELECT string_agg(DISTINCT a.id::text || a.status || a.updated_at::text, ',') FROM applications a
             JOIN application_preferences p ON p.application_id = a.id WHERE p.creche_id = ANY($1::uuid[]) AND a.status IN ('SUBMITTED', 'OFFERED')),
          (SELECT string_agg(DISTINCT o.family_id::text, ',') FROM offers o WHERE o.status = 'OPEN')
        )) AS fp`,
      [crecheIds],
    );
    return row.fp ?? '';
  }
}

/** SHA-256 of the snapshot's canonical JSON, the same before and after a trip through jsonb. */
export function snapshotHash(snapshot: AllocationSnapshot): string {
  return createHash('sha256').update(canonicalJson(snapshot)).digest('hex');
}
