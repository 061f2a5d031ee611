import { createHash } from 'node:crypto';
import { bandSlotsOf, openingSlotsOf, slotsOf } from '../creches/domain/schedule';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { canonicalJson } from '../../common/text/canonical-json';
import { HolidayCalendar } from '../../common/time/holiday-calendar';
import { CapacityService } from '../creches/capacity.service';
import { AllocationSnapshotReadModel } from '../../read-models/allocation-snapshot.read-model';
import { dayOf, mondayOf } from '../../common/time/calendar';
import type { CrecheEntity } from '../creches/entities/creche.entity';
import { provedDisability } from '../families/domain/claims';
import { careEndOf } from '../waitlist/domain/care-limit';
import { WaitlistService } from '../waitlist/waitlist.service';
import { AllocationSnapshot, ENGINE_VERSION, SnapshotApplicant, SnapshotCreche } from './domain/snapshot';

/** Reads everything the engine needs for a round, as plain data, and fingerprints what could change under it. */
@Injectable()
export class SnapshotBuilder {
  constructor(
    private readonly waitlist: WaitlistService,
    private readonly holidays: HolidayCalendar,
    private readonly capacity: CapacityService,
    private readonly read: AllocationSnapshotReadModel,
  ) {}

  async build(
    em: EntityManager,
    creches: CrecheEntity[],
    startDate: string,
    asOf: string,
  ): Promise<{ snapshot: AllocationSnapshot; policyVersions: Record<string, number> }> {
    const ids = creches.map((c) => c.id).sort();
    // Waiting applications that list these crèches, from families without an open offer (one at a time).
    const rows = await this.read.candidates(em, ids);
    // Allocation counts verified points only (claims a manager saw proved); the others wait for verification.
    const scores = new Map<string, Map<string, number>>();
    const awaiting = new Set<string>();
    for (const id of ids) {
      const ranked = await this.waitlist.rank(em, id, asOf, ['SUBMITTED']);
      scores.set(id, new Map(ranked.map((e) => [e.applicationId, e.verifiedScore])));
      for (const e of ranked) if (e.verifiedScore < e.score) awaiting.add(e.applicationId);
    }
    const start = dayOf(startDate);
    const applicants: SnapshotApplicant[] = rows.map((r) => {
      const from = Math.max(start, dayOf(r.desiredStartDate));
      // The application's schedule is the applicant's; a crèche asked for another carries its own.
      const defaultSlots = slotsOf(r.schedule);
      return {
        applicationId: r.id,
        familyId: r.familyId,
        submittedAt: r.submittedAt.toISOString(),
        // The reserved places (D214-7 CASF) go to verified claims only, as points do.
        socialMinimaOrInsertion: r.socialMinimaOrInsertion && r.familyClaims.SOCIAL_MINIMA_OR_INSERTION?.value === true,
        birth: dayOf(r.birth),
        // The age limit is lifted for a disability a manager verified (R1.3), as its points are: a declared one would
        // place an over-age child on the family's word alone.
        disability: provedDisability(r, r.childClaims),
        start: from,
        end: careEndOf(from),
        slots: defaultSlots,
        preferences: r.preferences.map((p) => {
          const score = scores.get(p.crecheId)?.get(r.id) ?? 0;
          const slots = slotsOf(p.schedule);
          // Per-crèche slots only where they differ: most families ask every crèche for the same schedule.
          return canonicalJson(slots) === canonicalJson(defaultSlots)
            ? { crecheId: p.crecheId, score }
            : { crecheId: p.crecheId, score, slots };
        }),
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
        openingHours: openingSlotsOf(c.openingHours),
        capacityBands: bandSlotsOf(c.capacityBands),
        closures: c.closures.map((x) => ({ from: dayOf(x.from), to: dayOf(x.to) })),
        publicHolidays: [...this.holidays.between(from, to)].sort((a, b) => a - b),
        opensOnPublicHolidays: c.opensOnPublicHolidays,
        reservedInsertionPlaces: c.reservedInsertionPlaces,
        minAgeMonths: c.minAgeMonths,
        maxAgeMonths: c.maxAgeMonths,
        existing: await this.capacity.plannedPresences(em, c.id, from, to),
      });
    }
    const policyVersions = await this.read.policyVersions(em, [...new Set(creches.map((c) => c.territoryId))]);
    const awaitingVerification = applicants
      .map((a) => a.applicationId)
      .filter((id) => awaiting.has(id))
      .sort();
    return {
      snapshot: { engineVersion: ENGINE_VERSION, creches: snapshotCreches, applicants, awaitingVerification },
      policyVersions,
    };
  }

  /** What a round depends on: planned presences, crèche settings, candidate applications. A change means re-run. */
  async fingerprint(em: EntityManager, crecheIds: readonly string[]): Promise<string> {
    return this.read.fingerprint(em, crecheIds);
  }
}
/** SHA-256 of the snapshot's canonical JSON, the same before and after a trip through jsonb. */
export function snapshotHash(snapshot: AllocationSnapshot): string {
  return createHash('sha256').update(canonicalJson(snapshot)).digest('hex');
}
