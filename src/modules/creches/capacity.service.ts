import { Injectable } from '@nestjs/common';
import { bandSlotsOf, openingSlotsOf } from './domain/schedule';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { queryPrepared } from '../../common/db/prepared-query';
import { DomainError } from '../../common/errors/domain-error';
import { Day, dayOf, isoOf, mondayOf } from '../../common/time/calendar';
import { checkAdmission, Conflict, PresenceIndex } from './domain/capacity';
import { presenceSpan, spanOfAll, weekRunsOf } from './domain/presence-weeks';
import { compileRules, CompiledRules, CrecheRules, RulesPiece } from './domain/creche-rules';
import { computeOccupancy, Occupancy } from './domain/occupancy';
import type { AtypicalHours } from '../territories/domain/atypical-hours';
import type { Presence } from './domain/presence';
import { CrecheEntity } from './entities/creche.entity';
import { notFound } from './creche-access';
import { HolidayCalendar } from '../../common/time/holiday-calendar';
import { CrechesRepository } from './creches.repository';
import { PlannedPresenceRepository, PresenceRow, presencesOf } from './planned-presence.repository';

/**
 * Child lock, crèche lock (with the manager's right) and the planned presences over `[$4, $5]`, read after the
 * locks: one round trip (function `lock_for_admission`, migration AddAdmissionFunctions). No row: no such crèche,
 * or not the planner's.
 */
const LOCK_FOR_ADMISSION = {
  name: 'lock_for_admission_v2',
  text: `SELECT * FROM lock_for_admission($1, $2, $3, $4, $5, $6)`,
};

interface AdmissionContext {
  places: number;
  surnombre: boolean;
  opening_hours: CrecheEntity['openingHours'];
  capacity_bands: CrecheEntity['capacityBands'];
  closures: CrecheEntity['closures'];
  opens_on_public_holidays: boolean;
  child_found: boolean;
  presences: PresenceRow[];
}

/** What `lockForAdmissions` read under the locks: what is planned in the weeks beyond the first run, besides. */
export interface LockedForAdmissions extends LockedForAdmission {
  readonly more: readonly Presence[];
}

/** What `lockForAdmission` read under the locks (no context: no such crèche, or not the planner's). */
export interface LockedForAdmission {
  readonly context: AdmissionContext | undefined;
}

/** What the capacity engine needs of a crèche. */
export type CrecheRuleFields = Pick<
  CrecheEntity,
  'id' | 'places' | 'surnombre' | 'openingHours' | 'capacityBands' | 'closures' | 'opensOnPublicHolidays'
>;

export interface Admission<T> {
  readonly crecheId: string;
  /** Locked with the crèche: checks of the child's other presences belong in `insert`, after the lock. */
  readonly childId: string;
  readonly candidate: Presence;
  /** Whose right to plan in the crèche is checked under the lock; null when the caller has checked it (an offer). */
  readonly planner: AuthUser | null;
  /** Checks of the child's other presences, run under the locks before the capacity check (their error first). */
  readonly underLock?: () => Promise<void>;
  /** The open offer whose place this admission takes (its own place is not counted against it). */
  readonly heldBy?: string;
  /** Writes the admitted presence; runs only when it fits, under the lock. */
  readonly insert: () => Promise<T>;
}

/**
 * Capacity questions against the database: every admission (contract, booking, accepted offer) goes through
 * `admit`, which locks the crèche row so that concurrent admissions are decided one at a time.
 */
@Injectable()
export class CapacityService {
  constructor(
    private readonly holidays: HolidayCalendar,
    private readonly presences: PlannedPresenceRepository,
    private readonly creches: CrechesRepository,
  ) {}

  /**
   * Locks the child and the crèche, reads what is planned, checks that `candidate` fits, and runs `insert` in the
   * same transaction; otherwise throws CAPACITY.FULL with the conflicts. Call inside `dataSource.transaction`. The
   * locks and the read are one round trip: every admission takes this path, and while the crèche is locked each
   * trip through Node makes the others wait longer.
   */
  async admit<T>(em: EntityManager, admission: Admission<T>): Promise<T> {
    return this.decide(await this.lockForAdmission(em, admission), admission);
  }

  /**
   * The first half of `admit`: the locks and what is planned, in one statement. For a caller that sends it in a
   * batch with its own reads (`PipelinedTransaction.begin`), then hands the answer to `decide`.
   */
  async lockForAdmission(
    em: EntityManager,
    admission: Pick<Admission<unknown>, 'crecheId' | 'childId' | 'candidate' | 'planner' | 'heldBy'>,
  ): Promise<LockedForAdmission> {
    const span = presenceSpan(admission.candidate);
    const [context] = await queryPrepared<AdmissionContext>(em, LOCK_FOR_ADMISSION, [
      admission.crecheId,
      managerIdOf(admission.planner),
      admission.childId,
      isoOf(span.from),
      isoOf(span.to),
      admission.heldBy ?? null,
    ]);
    return { context };
  }

  /** The second half of `admit`: under the locks `locked` took, checks that the candidate fits, then inserts. */
  async decide<T>(locked: LockedForAdmission, admission: Admission<T>): Promise<T> {
    const { crecheId, candidate } = admission;
    const { context } = locked;
    if (!context) throw notFound();
    if (!context.child_found) throw new DomainError('CHILD.NOT_FOUND', 'Enfant introuvable.');
    await admission.underLock?.();
    const rules = this.rulesRead(crecheId, context, presenceSpan(candidate));
    const answer = checkAdmission({ rules, existing: new PresenceIndex(presencesOf(context.presences)), candidate });
    if (!answer.ok) throw capacityFull(answer.conflicts, answer.conflictCount);
    return admission.insert();
  }

  /**
   * The crèche's lock and what is planned, for several admissions to it decided together (`decideInOrder`): their
   * children are locked by the caller before (children, then the crèche: the order of every admission). What is
   * planned is read over the candidates' weeks only, not the months between them (over a year, a micro-crèche's
   * reading took 4.6 ms with the crèche locked): the first run of weeks with the lock, the others by one statement
   * sent right after, which PostgreSQL runs once the lock is granted (each contract read once).
   */
  async lockForAdmissions(
    em: EntityManager,
    admissions: { crecheId: string; candidates: readonly Presence[]; planner: AuthUser | null },
  ): Promise<LockedForAdmissions> {
    const [first, ...others] = weekRunsOf(admissions.candidates);
    const [locked, more] = await Promise.all([
      queryPrepared<AdmissionContext>(em, LOCK_FOR_ADMISSION, [
        admissions.crecheId,
        managerIdOf(admissions.planner),
        null, // no child: the caller has locked them
        isoOf(first.from),
        isoOf(first.to),
        null,
      ]),
      others.length ? this.presences.loadOver(em, admissions.crecheId, others) : [],
    ]);
    return { context: locked[0], more };
  }

  /**
   * Decides, under the locks `lockForAdmissions` took, each candidate in turn, as if each had been admitted alone
   * in that order: one that fits and `counts` is counted against those after it (one that does not count is a
   * booking the insert will refuse, still checked first as it would have been). Its answer: null (fits) or the
   * CAPACITY.FULL error, in the candidates' order. A missing context (no such crèche, not the planner's) throws.
   */
  decideInOrder(
    locked: LockedForAdmissions,
    crecheId: string,
    candidates: readonly { presence: Presence; counts: boolean }[],
  ): (DomainError | null)[] {
    const { context } = locked;
    if (!context) throw notFound();
    const rules = this.rulesRead(crecheId, context, spanOfAll(candidates.map((c) => c.presence)));
    // A contract running over the first run of weeks and later ones was read with both: counted once.
    const seen = new Set<string>();
    const planned = [...presencesOf(context.presences), ...locked.more].filter(
      (p) => !seen.has(p.id) && !!seen.add(p.id),
    );
    const existing = new PresenceIndex(planned);
    return candidates.map(({ presence, counts }) => {
      const answer = checkAdmission({ rules, existing, candidate: presence });
      if (!answer.ok) return capacityFull(answer.conflicts, answer.conflictCount);
      if (counts) existing.add(presence);
      return null;
    });
  }

  /** Locks the crèche row (`FOR UPDATE`): changes to a crèche and admissions to it are decided one at a time. */
  async lockCreche(em: EntityManager, crecheId: string): Promise<CrecheEntity> {
    const creche = await this.creches.findById(em, crecheId, true);
    if (!creche) throw notFound();
    return creche;
  }

  /** Locks several crèches' rows in id order (the order every path uses, so two rounds cannot deadlock). */
  async lockCreches(em: EntityManager, crecheIds: readonly string[]): Promise<void> {
    await this.creches.lockMany(em, crecheIds);
  }

  /** The planned presences of a crèche between two days (contracts and bookings), for an allocation snapshot. */
  plannedPresences(em: EntityManager, crecheId: string, from: Day, to: Day) {
    return this.presences.load(em, crecheId, from, to);
  }

  async occupancy(
    em: EntityManager,
    creche: CrecheEntity,
    from: Day,
    to: Day,
    atypical: AtypicalHours,
  ): Promise<Occupancy> {
    const span = { from: mondayOf(from), to: mondayOf(to) + 6 };
    // A past week as it was: the places and hours in force each day, not today's (R9.4).
    const rules = await this.compileOverTime(em, creche, span.from, span.to);
    const index = new PresenceIndex(await this.presences.load(em, creche.id, span.from, span.to));
    return computeOccupancy({ rules, index, from, to, atypical });
  }

  /**
   * Re-admits every presence planned from `from` on, one by one, under the crèche's (new) rules: the conflicts of
   * those that no longer fit. Used before a change of places, hours, bands or closures is saved.
   */
  async replan(em: EntityManager, creche: CrecheEntity, from: Day): Promise<Conflict[]> {
    const planned = await this.presences.load(em, creche.id, from, dayOf('2999-12-31'));
    const clipped = planned
      .map((p) => (p.kind === 'REGULAR' ? { ...p, start: Math.max(p.start, from) } : p))
      .filter((p) => p.kind !== 'REGULAR' || p.start <= p.end);
    const last = clipped.reduce((max, p) => Math.max(max, p.kind === 'REGULAR' ? p.end : p.day), from);
    const rules = this.compile(creche, mondayOf(from), mondayOf(last) + 6);
    const index = new PresenceIndex();
    const conflicts: Conflict[] = [];
    const ordered = [...clipped.filter((p) => p.kind === 'REGULAR'), ...clipped.filter((p) => p.kind !== 'REGULAR')];
    for (const p of ordered) {
      const answer = checkAdmission({ rules, existing: index, candidate: p, maxConflicts: 5 });
      if (answer.ok) index.add(p);
      else conflicts.push(...answer.conflicts);
      if (conflicts.length >= 50) break;
    }
    return conflicts;
  }

  /** The crèche's rules as the lock statement read them, compiled over `span`. */
  private rulesRead(crecheId: string, context: AdmissionContext, span: { from: Day; to: Day }): CompiledRules {
    const creche = {
      id: crecheId,
      places: context.places,
      surnombre: context.surnombre,
      openingHours: context.opening_hours,
      capacityBands: context.capacity_bands,
      closures: context.closures,
      opensOnPublicHolidays: context.opens_on_public_holidays,
    };
    return this.compile(creche, span.from, span.to);
  }

  compile(creche: CrecheRuleFields, from: Day, to: Day): CompiledRules {
    return compileRules(rulesOf(creche, this.holidays.between(from, to)));
  }

  /**
   * The crèche's rules over [from, to] as they were in force each day (docs/rules.md R9.4): the settings a manager
   * replaced apply until the day of the change, today's from then on. Its dated closures are the crèche's own.
   */
  async compileOverTime(em: EntityManager, creche: CrecheRuleFields, from: Day, to: Day): Promise<RulesPiece[]> {
    const pieces: RulesPiece[] = [];
    let start = from;
    for (const past of await this.creches.capacityHistory(em, creche.id, isoOf(from))) {
      if (start > to) break;
      const until = dayOf(past.inForceUntil);
      pieces.push({ from: start, rules: this.compile({ ...creche, ...past }, start, Math.min(to, until - 1)) });
      start = until;
    }
    if (start <= to) pieces.push({ from: start, rules: this.compile(creche, start, to) });
    return pieces;
  }
}

/** The manager whose assignment the lock statements check; null for an admin or a caller that checked already. */
function managerIdOf(planner: AuthUser | null): string | null {
  if (planner && planner.role !== 'ADMIN' && planner.role !== 'MANAGER') throw notFound();
  return planner?.role === 'MANAGER' ? planner.id : null;
}

export function rulesOf(creche: CrecheRuleFields, publicHolidays: ReadonlySet<Day>): CrecheRules {
  return {
    places: creche.places,
    surnombre: creche.surnombre,
    openingHours: openingSlotsOf(creche.openingHours),
    capacityBands: bandSlotsOf(creche.capacityBands),
    closures: creche.closures.map((c) => ({ from: dayOf(c.from), to: dayOf(c.to) })),
    publicHolidays,
    opensOnPublicHolidays: creche.opensOnPublicHolidays,
  };
}

function capacityFull(conflicts: readonly Conflict[], conflictCount: number): DomainError {
  const first = conflicts[0];
  const where = first ? ` (first: ${first.date} ${first.from}-${first.to}, ${first.rule})` : '';
  return new DomainError('CAPACITY.FULL', `Capacité insuffisante${where}.`, { conflicts, conflictCount });
}
