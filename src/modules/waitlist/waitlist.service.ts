import { Inject, Injectable } from '@nestjs/common';
import { slotsOf } from '../creches/domain/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { CLOCK, Clock, todayOf } from '../../common/time/clock';
import { CapacityService } from '../creches/capacity.service';
import { CrecheAccess, notFound as crecheNotFound } from '../creches/creche-access';
import { CapacityLedger } from '../creches/domain/capacity-ledger';
import { PresenceIndex, round2 } from '../creches/domain/capacity';
import { Day, dayOf, mondayOf } from '../../common/time/calendar';
import type { Conflict } from '../creches/domain/capacity';
import type { RegularPresence } from '../creches/domain/presence';
import { atypicalHoursOf } from '../territories/territories.service';
import {
  RankingApplicant,
  RankingCreche,
  ScheduleSlotJson,
  WaitlistRankingReadModel,
} from '../../read-models/waitlist-ranking.read-model';
import { toPolicy } from './entities/priority-policy.entity';
import { atypicalMinutesPerWeek, fullMonthsBetween, rankScored, scoreApplication, ScoreLine } from './domain/score';
import { verifiedFacts } from '../families/domain/claims';
import { PriorityPoliciesService } from './priority-policies.service';

export interface WaitlistEntry {
  readonly rank: number;
  readonly applicationId: string;
  readonly status: string;
  readonly familyId: string;
  readonly childFirstName: string;
  /** Declared points: what the family says. */
  readonly score: number;
  /** Verified points: only the claims a manager saw proved count (what allocation uses). */
  readonly verifiedScore: number;
  /** One line per criterion that counted as declared, and whether it is verified (or needs no proof). */
  readonly breakdown: readonly (ScoreLine & { readonly verified: boolean })[];
  readonly preferencePosition: number;
  readonly desiredStartDate: string;
  readonly submittedAt: string;
  readonly hoursPerWeek: number;
  readonly atypicalHoursPerWeek: number;
  readonly ageAtStartMonths: number;
  readonly fitsNow: boolean;
  readonly firstConflict: Conflict | null;
  /** For the allocation engine: family on social minima or in insertion (reserved places). */
  readonly socialMinimaOrInsertion: boolean;
}

/** One year of care from the desired start: the period a schedule must fit. */
export const CONTRACT_DAYS = 364;

/**
 * The ranked waitlist of one crèche, in a bounded number of queries whatever its length: the crèche and territory,
 * the policy, the applications with their household and child (one join), siblings in care, the planned presences.
 */
@Injectable()
export class WaitlistService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly access: CrecheAccess,
    private readonly policies: PriorityPoliciesService,
    private readonly capacity: CapacityService,
    private readonly ranking: WaitlistRankingReadModel,
  ) {}

  async forManager(user: AuthUser, crecheId: string, asOf?: string): Promise<WaitlistEntry[]> {
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      await this.access.assertCanPlan(em, user, crecheId);
      return this.rank(em, crecheId, asOf ?? this.today());
    });
  }

  today(): string {
    return todayOf(this.clock);
  }

  async rank(
    em: EntityManager,
    crecheId: string,
    asOf: string,
    statuses: readonly string[] = ['SUBMITTED', 'OFFERED'],
  ): Promise<WaitlistEntry[]> {
    const creche = await this.ranking.creche(em, crecheId);
    if (!creche) throw crecheNotFound();
    const policy = toPolicy(await this.policies.current(creche.territoryId, em));
    const rows = await this.ranking.applicants(em, crecheId, statuses);
    const siblings = await this.ranking.childrenInCare(em, crecheId, asOf);
    const ledger = rows.length ? await this.ledgerFor(em, creche, rows) : null;
    const communes = new Set(creche.territoryCommunes.map((c) => c.inseeCode));
    const atypical = atypicalHoursOf(creche.territoryAtypicalHours);
    // Many families ask for the same schedule from the same date: check each distinct request once.
    const fits = new Map<string, ReturnType<CapacityLedger['fits']>>();
    const fitOf = (r: RankingApplicant) => {
      const key = `${r.desiredStartDate}|${JSON.stringify(r.schedule)}`;
      let answer = fits.get(key);
      if (!answer) {
        answer = ledger!.fits(presenceOf(r));
        fits.set(key, answer);
      }
      return answer;
    };
    const scored = rows.map((r) => {
      const schedule = slotsOf(r.schedule);
      const siblingHere = siblings.some((s) => s.familyId === r.familyId && s.childId !== r.childId);
      const declaredFamily = {
        communeInseeCode: r.communeInseeCode,
        parentsActivity: r.parentsActivity,
        singleParent: r.singleParent,
        atypicalWorkHours: r.atypicalWorkHours,
        socialMinimaOrInsertion: r.socialMinimaOrInsertion,
        otherHouseholdDisability: r.otherHouseholdDisability,
        siblingCrecheIds: siblingHere ? new Set([crecheId]) : new Set<string>(),
      };
      const declaredChild = { disability: r.disability, multipleBirth: r.multipleBirth };
      const common = {
        application: { id: r.id, submittedAt: r.submittedAt.toISOString(), refusals: r.refusals, schedule },
        creche: { id: crecheId, territoryCommunes: communes, atypicalHours: atypical },
        policy,
        asOf,
      };
      const declared = scoreApplication({ ...common, family: declaredFamily, child: declaredChild });
      const proved = verifiedFacts(declaredFamily, declaredChild, { family: r.familyClaims, child: r.childClaims });
      // Most households claim nothing unproved: score them once.
      const unchanged = sameProvableFacts(proved, declaredFamily, declaredChild);
      const verified = unchanged ? declared : scoreApplication({ ...common, ...proved });
      const score = declared.score;
      const breakdown = declared.breakdown.map((l) => ({
        ...l,
        verified: verified.breakdown.some((v) => v.criterion === l.criterion),
      }));
      const fit = fitOf(r);
      const minutes = schedule.reduce((sum, s) => sum + s.to - s.from, 0);
      return {
        id: r.id,
        submittedAt: r.submittedAt.toISOString(),
        score,
        entry: {
          applicationId: r.id,
          status: r.status,
          familyId: r.familyId,
          childFirstName: r.childFirstName,
          score,
          verifiedScore: verified.score,
          breakdown,
          preferencePosition: r.preferencePosition,
          desiredStartDate: r.desiredStartDate,
          submittedAt: r.submittedAt.toISOString(),
          hoursPerWeek: round2(minutes / 60),
          atypicalHoursPerWeek: round2(atypicalMinutesPerWeek(schedule, atypical) / 60),
          ageAtStartMonths: fullMonthsBetween(r.birth, r.desiredStartDate),
          fitsNow: fit.ok,
          firstConflict: fit.ok ? null : fit.conflict,
          socialMinimaOrInsertion: r.socialMinimaOrInsertion,
        },
      };
    });
    return rankScored(scored).map(({ rank, item }) => ({ rank, ...item.entry }));
  }

  /** The crèche's load over every requested period (two queries), to check each schedule against it. */
  private async ledgerFor(
    em: EntityManager,
    creche: RankingCreche,
    rows: readonly RankingApplicant[],
  ): Promise<CapacityLedger> {
    const starts = rows.map((r) => dayOf(r.desiredStartDate));
    const from: Day = mondayOf(Math.min(...starts));
    const to: Day = mondayOf(Math.max(...starts) + CONTRACT_DAYS) + 6;
    const index = new PresenceIndex(await this.capacity.plannedPresences(em, creche.id, from, to));
    return new CapacityLedger(this.capacity.compile(creche, from, to), index, from, to);
  }
}

export function presenceOf(r: {
  id: string;
  desiredStartDate: string;
  schedule: readonly ScheduleSlotJson[];
}): RegularPresence {
  const start = dayOf(r.desiredStartDate);
  return {
    kind: 'REGULAR',
    id: r.id,
    start,
    end: start + CONTRACT_DAYS,
    slots: slotsOf(r.schedule),
  };
}

/** Whether keeping verified claims only changed nothing that scores. */
function sameProvableFacts(
  proved: {
    family: {
      parentsActivity: string;
      singleParent: boolean;
      socialMinimaOrInsertion: boolean;
      otherHouseholdDisability: boolean;
    };
    child: { disability: boolean; multipleBirth: boolean };
  },
  family: {
    parentsActivity: string;
    singleParent: boolean;
    socialMinimaOrInsertion: boolean;
    otherHouseholdDisability: boolean;
  },
  child: { disability: boolean; multipleBirth: boolean },
): boolean {
  return (
    proved.family.parentsActivity === family.parentsActivity &&
    proved.family.singleParent === family.singleParent &&
    proved.family.socialMinimaOrInsertion === family.socialMinimaOrInsertion &&
    proved.family.otherHouseholdDisability === family.otherHouseholdDisability &&
    proved.child.disability === child.disability &&
    proved.child.multipleBirth === child.multipleBirth
  );
}
