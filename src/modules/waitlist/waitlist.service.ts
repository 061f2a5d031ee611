import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
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
import { careEndOf } from './domain/care-limit';
import type { Conflict } from '../creches/domain/capacity';
import type { Presence, RegularPresence } from '../creches/domain/presence';
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
import { WaitlistRankingsRepository } from './waitlist-rankings.repository';
import { decodeCursor, encodeCursor, pageOf, WaitlistFilters } from './domain/waitlist-page';
import { fitsBesideOwnOffer } from './domain/own-offer-fit';
import { DomainError, invalidFields } from '../../common/errors/domain-error';
import { civilDateProblems } from '../../common/http/validators';

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

export interface WaitlistPageQuery extends WaitlistFilters {
  readonly asOf?: string;
  /** With each entry's household (parents' names and e-mails…): the manager's view. */
  readonly families?: boolean;
  readonly cursor?: string;
  readonly limit?: number;
}

export interface WaitlistPage {
  readonly items: WaitlistEntry[];
  readonly nextCursor: string | null;
  readonly total: number;
  readonly version: number;
  readonly asOf: string;
}

interface HeldRanking {
  readonly version: string;
  readonly entries: WaitlistEntry[];
  /** Each entry serialized once, when first served (a page is their concatenation). */
  readonly json: (string | undefined)[];
}

function held(version: string, entries: WaitlistEntry[]): HeldRanking {
  return { version, entries, json: new Array<string | undefined>(entries.length) };
}

function jsonOf(ranking: HeldRanking, e: WaitlistEntry): string {
  return (ranking.json[e.rank - 1] ??= JSON.stringify(e));
}

/** Rankings (crèche and day) an instance holds in memory, least recently loaded dropped first. */
const HELD_RANKINGS = 32;

/**
 * The ranked waitlist of one crèche, in a bounded number of queries whatever its length: the crèche and territory,
 * the policy, the applications with their household and child (one join), siblings in care, the planned presences.
 */
@Injectable()
export class WaitlistService implements OnModuleDestroy {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly access: CrecheAccess,
    private readonly policies: PriorityPoliciesService,
    private readonly capacity: CapacityService,
    private readonly ranking: WaitlistRankingReadModel,
    private readonly rankings: WaitlistRankingsRepository,
  ) {}

  private readonly held = new Map<string, HeldRanking>();
  private readonly loading = new Map<string, Promise<HeldRanking>>();
  private readonly storing = new Set<Promise<void>>();
  private readonly logger = new Logger(WaitlistService.name);

  /**
   * One page of the crèche's ranked waitlist for its manager (or an admin). The ranking is computed once per version
   * of its inputs and day, stored for every instance (`waitlist_rankings`) and held in memory here: a request reads
   * the committed version (one indexed read) and serves the page from the ranking of that version.
   */
  async page(user: AuthUser, crecheId: string, q: WaitlistPageQuery): Promise<string> {
    const decoded = q.cursor === undefined ? null : decodeCursor(q.cursor);
    // A cursor's day is ours when it is real: a forged one (2027-13-45) would reach PostgreSQL as a date.
    const cursor = decoded && !civilDateProblems('cursor', decoded.asOf).length ? decoded : null;
    if (q.cursor !== undefined && !cursor)
      throw invalidFields([{ field: 'cursor', errors: ['cursor must be the nextCursor of a previous page'] }]);
    if (cursor && q.asOf !== undefined && q.asOf !== cursor.asOf)
      throw invalidFields([{ field: 'cursor', errors: ['cursor was given for another asOf'] }]);
    const asOf = cursor?.asOf ?? q.asOf ?? this.today();
    await this.access.assertCanPlan(this.dataSource.manager, user, crecheId);
    const ranking = await this.current(crecheId, asOf);
    if (cursor && cursor.version !== ranking.version)
      throw new DomainError(
        'WAITLIST.CHANGED',
        'The waitlist changed since this cursor was given: start again from the first page.',
      );
    const limit = q.limit ?? 50;
    const filters = { status: q.status, fitsNow: q.fitsNow, atypical: q.atypical, toVerify: q.toVerify };
    const { items, more, total } = pageOf(ranking.entries, filters, cursor?.afterRank ?? 0, limit);
    const last = items[items.length - 1];
    const nextCursor = more && last ? encodeCursor({ version: ranking.version, asOf, afterRank: last.rank }) : null;
    // The WaitlistPageDto, from the entries serialized once.
    const body = items.map((e) => jsonOf(ranking, e)).join(',');
    const families = q.families ? `,"families":${await this.householdsJson(crecheId, items)}` : '';
    return `{"items":[${body}],"nextCursor":${JSON.stringify(nextCursor)},"total":${total},"version":${Number(ranking.version)},"asOf":"${asOf}"${families}}`;
  }

  /**
   * The households of a page's entries, in their order, read when the page is served (names and e-mails change
   * without moving the ranking's version: they are never part of the stored ranking).
   */
  private async householdsJson(crecheId: string, items: readonly WaitlistEntry[]): Promise<string> {
    const rows = await this.ranking.households(
      this.dataSource.manager,
      crecheId,
      items.map((e) => e.applicationId),
    );
    const byApplication = new Map(rows.map((r) => [r.applicationId, r]));
    return JSON.stringify(items.flatMap((e) => byApplication.get(e.applicationId) ?? []));
  }

  /** The crèche's ranking on `asOf` at the committed version: held, loaded from the store, or computed once. */
  private async current(crecheId: string, asOf: string): Promise<HeldRanking> {
    const version = await this.rankings.version(this.dataSource, crecheId);
    const key = `${crecheId}|${asOf}`;
    const held = this.held.get(key);
    if (held && held.version === version) return held;
    // One load per instance and version however many requests wait for it.
    const flight = `${key}|${version}`;
    let loading = this.loading.get(flight);
    if (!loading) {
      loading = this.load(crecheId, asOf).finally(() => this.loading.delete(flight));
      this.loading.set(flight, loading);
    }
    const got = await loading;
    const now = this.held.get(key);
    if (!now || BigInt(now.version) <= BigInt(got.version)) {
      this.held.delete(key);
      this.held.set(key, got);
      if (this.held.size > HELD_RANKINGS) this.held.delete(this.held.keys().next().value!);
    }
    return got;
  }

  /**
   * Reads the stored ranking of the committed version, or computes and stores it: under an advisory lock per crèche
   * and day, so instances that miss together compute it once (the others then find it stored). The version and the
   * ranking come from one REPEATABLE READ snapshot, taken after the lock: the version names exactly what was ranked.
   * A computed ranking is served at once; it is stored (and the lock released) just after.
   */
  private load(crecheId: string, asOf: string): Promise<HeldRanking> {
    return new Promise<HeldRanking>((resolve, reject) => {
      let served = false;
      const serve = (ranking: HeldRanking) => {
        served = true;
        resolve(ranking);
      };
      const work = this.loadOrCompute(crecheId, asOf, serve).then(
        () => undefined,
        (err: unknown) => {
          if (!served) reject(err instanceof Error ? err : new Error(String(err)));
          else this.logger.error(`storing a waitlist ranking failed: ${(err as Error).message}`);
        },
      );
      this.storing.add(work);
      void work.finally(() => this.storing.delete(work));
    });
  }

  private async loadOrCompute(crecheId: string, asOf: string, serve: (r: HeldRanking) => void): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    const lock = `waitlist:${crecheId}:${asOf}`;
    await runner.connect();
    try {
      await runner.query(`SELECT pg_advisory_lock(hashtextextended($1, 0))`, [lock]);
      try {
        await runner.startTransaction('REPEATABLE READ');
        try {
          const em = runner.manager;
          const version = await this.rankings.version(em, crecheId);
          const stored = await this.rankings.stored(em, crecheId, asOf, version);
          if (stored !== null) {
            await runner.commitTransaction();
            serve(held(version, JSON.parse(stored) as WaitlistEntry[]));
            return;
          }
          const entries = await this.rank(em, crecheId, asOf);
          const ranking = held(version, entries);
          serve(ranking);
          // Let the waiting requests answer before the whole ranking is serialized for the store.
          await new Promise((resolve) => setImmediate(resolve));
          await this.rankings.store(em, crecheId, asOf, version, JSON.stringify(entries));
          await runner.commitTransaction();
        } catch (err) {
          if (runner.isTransactionActive) await runner.rollbackTransaction();
          throw err;
        }
      } finally {
        await runner.query(`SELECT pg_advisory_unlock(hashtextextended($1, 0))`, [lock]);
      }
    } finally {
      await runner.release();
    }
  }

  /** Once every ranking computed so far is stored (they are stored just after being served). */
  async storesSettled(): Promise<void> {
    await Promise.all([...this.storing]);
  }

  /** Stores still under way finish before the pool closes. */
  async onModuleDestroy(): Promise<void> {
    await this.storesSettled();
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
    const planned = rows.length ? await this.ledgerFor(em, creche, rows) : null;
    const communes = new Set(creche.territoryCommunes.map((c) => c.inseeCode));
    const atypical = atypicalHoursOf(creche.territoryAtypicalHours);
    // Many families ask for the same schedule from the same date: check each distinct request once.
    const fits = new Map<string, ReturnType<CapacityLedger['fits']>>();
    // …and work out each distinct weekly schedule once.
    const schedules = new Map<string, { slots: ReturnType<typeof slotsOf>; hours: number; atypicalHours: number }>();
    const scheduleOf = (text: string, json: readonly ScheduleSlotJson[]) => {
      let known = schedules.get(text);
      if (!known) {
        const slots = slotsOf(json);
        const minutes = slots.reduce((sum, s) => sum + s.to - s.from, 0);
        known = {
          slots,
          hours: round2(minutes / 60),
          atypicalHours: round2(atypicalMinutesPerWeek(slots, atypical) / 60),
        };
        schedules.set(text, known);
      }
      return known;
    };
    const fitOf = (r: RankingApplicant, scheduleText: string) => {
      // An application with an open offer here fits beside everything planned but its own offer: its answer is its own.
      const own = r.ownOfferId === null ? undefined : planned!.offers.get(r.ownOfferId);
      if (own) return fitsBesideOwnOffer(planned!.ledger, presenceOf(r), own);
      const key = `${r.desiredStartDate}|${scheduleText}`;
      let answer = fits.get(key);
      if (!answer) {
        answer = planned!.ledger.fits(presenceOf(r));
        fits.set(key, answer);
      }
      return answer;
    };
    // Siblings in care, by family: a child counts for its brothers and sisters, not for itself.
    const inCare = new Map<string, string[]>();
    for (const s of siblings) inCare.set(s.familyId, [...(inCare.get(s.familyId) ?? []), s.childId]);
    const here = new Set([crecheId]);
    const nowhere = new Set<string>();
    const scoringCreche = { id: crecheId, territoryCommunes: communes, atypicalHours: atypical };
    const scored = rows.map((r) => {
      const scheduleText = JSON.stringify(r.schedule);
      const submittedAt = r.submittedAt.toISOString();
      const { slots: schedule, hours, atypicalHours } = scheduleOf(scheduleText, r.schedule);
      const siblingHere = inCare.get(r.familyId)?.some((childId) => childId !== r.childId) ?? false;
      const declaredFamily = {
        communeInseeCode: r.communeInseeCode,
        parentsActivity: r.parentsActivity,
        singleParent: r.singleParent,
        atypicalWorkHours: r.atypicalWorkHours,
        socialMinimaOrInsertion: r.socialMinimaOrInsertion,
        otherHouseholdDisability: r.otherHouseholdDisability,
        siblingCrecheIds: siblingHere ? here : nowhere,
      };
      const declaredChild = { disability: r.disability, multipleBirth: r.multipleBirth };
      const common = {
        application: { id: r.id, submittedAt, refusals: r.refusals, schedule },
        creche: scoringCreche,
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
      const fit = fitOf(r, scheduleText);
      return {
        id: r.id,
        submittedAt,
        score,
        // Ranked below, in place (5 000 entries: no copy).
        entry: {
          rank: 0,
          applicationId: r.id,
          status: r.status,
          familyId: r.familyId,
          childFirstName: r.childFirstName,
          score,
          verifiedScore: verified.score,
          breakdown,
          preferencePosition: r.preferencePosition,
          desiredStartDate: r.desiredStartDate,
          submittedAt,
          hoursPerWeek: hours,
          atypicalHoursPerWeek: atypicalHours,
          ageAtStartMonths: fullMonthsBetween(r.birth, r.desiredStartDate),
          fitsNow: fit.ok,
          firstConflict: fit.ok ? null : fit.conflict,
          socialMinimaOrInsertion: r.socialMinimaOrInsertion,
        },
      };
    });
    return rankScored(scored).map(({ rank, item }) => {
      item.entry.rank = rank;
      return item.entry;
    });
  }

  /**
   * The crèche's load over every requested period (two queries), to check each schedule against it, and the open
   * offers of the applications ranked here among what is planned (each left out of its own application's fit).
   */
  private async ledgerFor(
    em: EntityManager,
    creche: RankingCreche,
    rows: readonly RankingApplicant[],
  ): Promise<{ ledger: CapacityLedger; offers: Map<string, Presence> }> {
    const starts = rows.map((r) => dayOf(r.desiredStartDate));
    const from: Day = mondayOf(Math.min(...starts));
    const to: Day = mondayOf(careEndOf(Math.max(...starts))) + 6;
    const presences = await this.capacity.plannedPresences(em, creche.id, from, to);
    const owned = new Set(rows.flatMap((r) => (r.ownOfferId === null ? [] : [r.ownOfferId])));
    const offers = new Map(presences.filter((p) => owned.has(p.id)).map((p) => [p.id, p]));
    const index = new PresenceIndex(presences);
    return { ledger: new CapacityLedger(this.capacity.compile(creche, from, to), index, from, to), offers };
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
    end: careEndOf(start),
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
