import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { CLOCK, Clock, todayOf } from '../../common/time/clock';
import { CapacityService } from '../creches/capacity.service';
import { CrecheAccess } from '../creches/creche-access';
import { CapacityLedger } from '../creches/domain/capacity-ledger';
import { PresenceIndex, round2 } from '../creches/domain/capacity';
import { Day, dayOf, minuteOf, mondayOf, Weekday } from '../creches/domain/calendar';
import type { Conflict } from '../creches/domain/capacity';
import type { RegularPresence } from '../creches/domain/presence';
import { CrecheEntity } from '../creches/entities/creche.entity';
import { PlannedPresenceRepository } from '../creches/planned-presence.repository';
import { atypicalHoursOf } from '../territories/territories.service';
import { TerritoryEntity } from '../territories/entities/territory.entity';
import { toPolicy } from './entities/priority-policy.entity';
import { atypicalMinutesPerWeek, fullMonthsBetween, rankScored, scoreApplication, ScoreLine } from './domain/score';
import type { ParentsActivity } from './domain/score';
import { PriorityPoliciesService } from './priority-policies.service';

export interface WaitlistEntry {
  readonly rank: number;
  readonly applicationId: string;
  readonly status: string;
  readonly familyId: string;
  readonly childFirstName: string;
  readonly score: number;
  readonly breakdown: readonly ScoreLine[];
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

interface Row {
  id: string;
  status: string;
  family_id: string;
  child_id: string;
  child_first_name: string;
  birth: string;
  disability: boolean;
  multiple_birth: boolean;
  desired_start_date: string;
  schedule: { weekday: number; from: string; to: string }[];
  submitted_at: Date;
  refusals: number;
  rank: number;
  commune_insee_code: string | null;
  parents_activity: ParentsActivity;
  single_parent: boolean;
  atypical_work_hours: boolean;
  social_minima_or_insertion: boolean;
  other_household_disability: boolean;
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
    private readonly presences: PlannedPresenceRepository,
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

  async rank(em: EntityManager, crecheId: string, asOf: string, statuses: readonly string[] = ['SUBMITTED', 'OFFERED']): Promise<WaitlistEntry[]> {
    const creche = await em.findOneOrFail(CrecheEntity, { where: { id: crecheId } });
    const territory = await em.findOneOrFail(TerritoryEntity, { where: { id: creche.territoryId } });
    const policy = toPolicy(await this.policies.current(creche.territoryId, em));
    const rows: Row[] = await em.query(
      `SELECT a.id, a.status, a.family_id, a.child_id, ch.first_name AS child_first_name,
              to_char(COALESCE(ch.birth_date, ch.expected_birth_date), 'YYYY-MM-DD') AS birth, ch.disability, ch.multiple_birth,
              to_char(a.desired_start_date, 'YYYY-MM-DD') AS desired_start_date, a.schedule, a.submitted_at, a.refusals, p.rank,
              f.commune_insee_code, f.parents_activity, f.single_parent, f.atypical_work_hours, f.social_minima_or_insertion, f.other_household_disability
         FROM application_preferences p
         JOIN applications a ON a.id = p.application_id
         JOIN children ch ON ch.id = a.child_id
         JOIN families f ON f.id = a.family_id
        WHERE p.creche_id = $1 AND a.status = ANY($2)`,
      [crecheId, statuses],
    );
    const siblings: { family_id: string; child_id: string }[] = await em.query(
      `SELECT ch.family_id, c.child_id FROM contracts c JOIN children ch ON ch.id = c.child_id
        WHERE c.creche_id = $1 AND c.start_date <= $2 AND c.end_date >= $2`,
      [crecheId, asOf],
    );
    const ledger = rows.length ? await this.ledgerFor(em, creche, rows) : null;
    const communes = new Set(territory.communes.map((c) => c.inseeCode));
    const atypical = atypicalHoursOf(territory.atypicalHours);
    // Many families ask for the same schedule from the same date: check each distinct request once.
    const fits = new Map<string, ReturnType<CapacityLedger['fits']>>();
    const fitOf = (r: Row) => {
      const key = `${r.desired_start_date}|${JSON.stringify(r.schedule)}`;
      let answer = fits.get(key);
      if (!answer) {
        answer = ledger!.fits(presenceOf(r));
        fits.set(key, answer);
      }
      return answer;
    };
    const scored = rows.map((r) => {
      const schedule = r.schedule.map((s) => ({ weekday: s.weekday as Weekday, from: minuteOf(s.from), to: minuteOf(s.to) }));
      const siblingHere = siblings.some((s) => s.family_id === r.family_id && s.child_id !== r.child_id);
      const { score, breakdown } = scoreApplication({
        application: { id: r.id, submittedAt: r.submitted_at.toISOString(), refusals: r.refusals, schedule },
        family: {
          communeInseeCode: r.commune_insee_code,
          parentsActivity: r.parents_activity,
          singleParent: r.single_parent,
          atypicalWorkHours: r.atypical_work_hours,
          socialMinimaOrInsertion: r.social_minima_or_insertion,
          otherHouseholdDisability: r.other_household_disability,
          siblingCrecheIds: siblingHere ? new Set([crecheId]) : new Set<string>(),
        },
        child: { disability: r.disability, multipleBirth: r.multiple_birth },
        creche: { id: crecheId, territoryCommunes: communes, atypicalHours: atypical },
        policy,
        asOf,
      });
      const fit = fitOf(r);
      const minutes = schedule.reduce((sum, s) => sum + s.to - s.from, 0);
      return {
        id: r.id,
        submittedAt: r.submitted_at.toISOString(),
        score,
        entry: {
          applicationId: r.id,
          status: r.status,
          familyId: r.family_id,
          childFirstName: r.child_first_name,
          score,
          breakdown,
          preferencePosition: r.rank,
          desiredStartDate: r.desired_start_date,
          submittedAt: r.submitted_at.toISOString(),
          hoursPerWeek: round2(minutes / 60),
          atypicalHoursPerWeek: round2(atypicalMinutesPerWeek(schedule, atypical) / 60),
          ageAtStartMonths: fullMonthsBetween(r.birth, r.desired_start_date),
          fitsNow: fit.ok,
          firstConflict: fit.ok ? null : fit.conflict,
          socialMinimaOrInsertion: r.social_minima_or_insertion,
        },
      };
    });
    return rankScored(scored).map(({ rank, item }) => ({ rank, ...item.entry }));
  }

  /** The crèche's load over every requested period (two queries), to check each schedule against it. */
  private async ledgerFor(em: EntityManager, creche: CrecheEntity, rows: Row[]): Promise<CapacityLedger> {
    const starts = rows.map((r) => dayOf(r.desired_start_date));
    const from: Day = mondayOf(Math.min(...starts));
    const to: Day = mondayOf(Math.max(...starts) + CONTRACT_DAYS) + 6;
    const index = new PresenceIndex(await this.presences.load(em, creche.id, from, to));
    return new CapacityLedger(this.capacity.compile(creche, from, to), index, from, to);
  }
}

export function presenceOf(r: { id: string; desired_start_date: string; schedule: { weekday: number; from: string; to: string }[] }): RegularPresence {
  const start = dayOf(r.desired_start_date);
  return {
    kind: 'REGULAR',
    id: r.id,
    start,
    end: start + CONTRACT_DAYS,
    slots: r.schedule.map((s) => ({ weekday: s.weekday as Weekday, from: minuteOf(s.from), to: minuteOf(s.to) })),
  };
}

