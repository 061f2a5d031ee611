import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { addMonths, dayOf, isoOf, minuteOf, Weekday } from '../../common/time/calendar';
import { WaitEstimateReadModel } from '../../read-models/wait-estimate.read-model';
import type { TimeSlot } from '../creches/domain/creche-rules';
import { basisText, EstimateMethod, estimateFromFacts } from './domain/wait-estimate';
import { boundByCareLimit, careLimit, CareLimitReason, childWindowText } from './domain/care-limit';

/** The estimated window for an offer at one crèche, as GET /applications/:id shows it. */
export interface CrecheWaitEstimate {
  /** WINDOW: the months below, none past the child's limit; UNLIKELY: even the earliest was past it, no month. */
  readonly outlook: 'WINDOW' | 'UNLIKELY';
  /** "YYYY-MM"; null when UNLIKELY. */
  readonly expectedMonth: string | null;
  readonly earliestMonth: string | null;
  readonly latestMonth: string | null;
  /** The month from which the child can no longer start at the crèche (school entry or maximum age), and why. */
  readonly limit: { readonly month: string; readonly reason: CareLimitReason } | null;
  /** "≈ septembre 2027, entre juin et novembre", or that a place before the child's limit is unlikely. */
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
    const asOf = dayOf(q.asOf);
    const since = isoOf(addMonths(asOf, -12));
    const e = estimateFromFacts({
      asOf,
      schedule,
      aheadSchedules: q.ranked
        .filter((r) => r.rank < mine.rank)
        .flatMap((r) => {
          const other = requested.get(r.applicationId);
          return other ? [other] : [];
        }),
      inCare: (await this.read.inCare(em, q.crecheId, q.asOf)).map((c) => ({
        schedule: slotsOf(c.schedule),
        endDate: dayOf(c.endDate),
        birth: c.birthDate ? dayOf(c.birthDate) : null,
        maxAgeMonths: c.maxAgeMonths,
      })),
      admissions: (await this.read.admissions(em, q.crecheId, since, q.asOf)).map(slotsOf),
      leavers: (await this.read.leavers(em, q.crecheId, since)).map((l) => ({
        schedule: slotsOf(l.schedule),
        offered: l.offered,
      })),
    });
    if (!e) return null;
    // Never a date the child can no longer start on (docs/rules.md R10.4).
    const child = await this.read.applicantChild(em, q.applicationId, q.crecheId);
    const limit = child
      ? careLimit({ birth: dayOf(child.birth), disability: child.disability, maxAgeMonths: child.maxAgeMonths })
      : null;
    const bounded = boundByCareLimit(e, limit);
    const month = (d: number) => isoOf(d).slice(0, 7);
    const window = bounded.outlook === 'WINDOW' ? bounded.estimate : null;
    return {
      outlook: bounded.outlook,
      expectedMonth: window && month(window.expected),
      earliestMonth: window && month(window.earliest),
      latestMonth: window && month(window.latest),
      limit: limit && { month: month(limit.day), reason: limit.reason },
      text: childWindowText(bounded),
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
