import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { addMonths, dayOf, isoOf, minuteOf, Weekday } from '../../common/time/calendar';
import { WaitEstimateReadModel } from '../../read-models/wait-estimate.read-model';
import type { TimeSlot } from '../creches/domain/creche-rules';
import {
  basisText,
  EstimateMethod,
  estimateWait,
  releaseDay,
  schedulesCompete,
  windowText,
} from './domain/wait-estimate';

/** The estimated window for an offer at one crèche, as GET /applications/:id shows it. */
export interface CrecheWaitEstimate {
  /** "YYYY-MM" */
  readonly expectedMonth: string;
  readonly earliestMonth: string;
  readonly latestMonth: string;
  /** "≈ septembre 2027, entre juin et novembre" */
  readonly text: string;
  readonly basis: {
    readonly competingRank: number;
    readonly expectedRank: number;
    readonly leftWithoutOfferPercent: number;
    readonly releases: number;
    readonly admissionsLast12Months: number;
    readonly method: EstimateMethod;
  };
  /** The basis in plain French. */
  readonly basisText: string;
}

const slotsOf = (schedule: readonly { weekday: number; from: string; to: string }[]): TimeSlot[] =>
  schedule.map((s) => ({ weekday: s.weekday as Weekday, from: minuteOf(s.from), to: minuteOf(s.to) }));

/**
 * Estimated waits (issue #17): reads the crèche's competing demand, children in care, admissions and the applications
 * that left its list; the estimate itself is pure (domain/wait-estimate.ts).
 */
@Injectable()
export class WaitEstimateService {
  constructor(private readonly read: WaitEstimateReadModel) {}

  /**
   * The estimate for `applicationId` at the crèche, given the crèche's ranked waitlist (as WaitlistService.rank gives
   * it); null when the application is not on it or nothing allows an estimate.
   */
  async estimateIn(
    em: EntityManager,
    q: {
      crecheId: string;
      applicationId: string;
      ranked: readonly { applicationId: string; rank: number }[];
      asOf: string;
    },
  ): Promise<CrecheWaitEstimate | null> {
    const mine = q.ranked.find((r) => r.applicationId === q.applicationId);
    if (!mine) return null;
    const requested = new Map(
      (await this.read.requested(em, q.crecheId)).map((r) => [r.applicationId, slotsOf(r.schedule)]),
    );
    const schedule = requested.get(q.applicationId);
    if (!schedule) return null;
    const competes = (s: readonly { weekday: number; from: string; to: string }[]) =>
      schedulesCompete(schedule, slotsOf(s));
    const asOf = dayOf(q.asOf);
    const competitorsAhead = q.ranked.filter((r) => {
      const other = requested.get(r.applicationId);
      return r.rank < mine.rank && other !== undefined && schedulesCompete(schedule, other);
    }).length;
    const releases = (await this.read.inCare(em, q.crecheId, q.asOf))
      .filter((c) => competes(c.schedule))
      .map((c) =>
        releaseDay({
          endDate: dayOf(c.endDate),
          birth: c.birthDate ? dayOf(c.birthDate) : null,
          maxAgeMonths: c.maxAgeMonths,
        }),
      );
    const since = isoOf(addMonths(asOf, -12));
    const admissions = (await this.read.admissions(em, q.crecheId, since, q.asOf)).filter(competes).length;
    const leavers = (await this.read.leavers(em, q.crecheId, since)).filter((l) => competes(l.schedule));
    const e = estimateWait({
      asOf,
      competitorsAhead,
      releases,
      admissionsLast12Months: admissions,
      leftWithoutOfferShare: leavers.length ? leavers.filter((l) => !l.offered).length / leavers.length : 0,
    });
    if (!e) return null;
    const month = (d: number) => isoOf(d).slice(0, 7);
    return {
      expectedMonth: month(e.expected),
      earliestMonth: month(e.earliest),
      latestMonth: month(e.latest),
      text: windowText(e),
      basis: {
        competingRank: e.competingRank,
        expectedRank: e.expectedRank,
        leftWithoutOfferPercent: e.leftWithoutOfferPercent,
        releases: e.releases,
        admissionsLast12Months: e.admissionsLast12Months,
        method: e.method,
      },
      basisText: basisText(e),
    };
  }
}
