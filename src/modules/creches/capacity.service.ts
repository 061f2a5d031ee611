import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error';
import { Day, dayOf, minuteOf, mondayOf, Weekday } from './domain/calendar';
import { checkAdmission, Conflict, PresenceIndex } from './domain/capacity';
import { compileRules, CompiledRules, CrecheRules } from './domain/creche-rules';
import { computeOccupancy, Occupancy } from './domain/occupancy';
import type { AtypicalHours } from './domain/atypical-hours';
import type { Presence } from './domain/presence';
import { CrecheEntity } from './entities/creche.entity';
import { notFound } from './creche-access';
import { HolidayCalendar } from './holiday-calendar';
import { PlannedPresenceRepository } from './planned-presence.repository';

/** The span of a presence, widened to whole ISO weeks (the weekly rule looks at the whole week). */
export function presenceSpan(p: Presence): { from: Day; to: Day } {
  const from = p.kind === 'REGULAR' ? p.start : p.day;
  const to = p.kind === 'REGULAR' ? p.end : p.day;
  return { from: mondayOf(from), to: mondayOf(to) + 6 };
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
  ) {}

  /**
   * Locks the crèche, checks that `candidate` fits, and runs `insert` in the same transaction; otherwise throws
   * CAPACITY.FULL with the conflicts. Call inside `dataSource.transaction`.
   */
  async admit<T>(em: EntityManager, crecheId: string, candidate: Presence, insert: () => Promise<T>): Promise<T> {
    const creche = await this.lockCreche(em, crecheId);
    const conflicts = await this.conflictsFor(em, creche, candidate);
    if (conflicts) throw capacityFull(conflicts.conflicts, conflicts.conflictCount);
    return insert();
  }

  /** Conflicts of `candidate` against what is planned now, or null when it fits. No lock: for previews. */
  async conflictsFor(em: EntityManager, creche: CrecheEntity, candidate: Presence, opts: { excludeContractId?: string } = {}) {
    const span = presenceSpan(candidate);
    const rules = this.compile(creche, span.from, span.to);
    const existing = await this.presences.load(em, creche.id, span.from, span.to, opts);
    const answer = checkAdmission({ rules, existing: new PresenceIndex(existing), candidate });
    return answer.ok ? null : answer;
  }

  async lockCreche(em: EntityManager, crecheId: string): Promise<CrecheEntity> {
    const creche = await em.findOne(CrecheEntity, { where: { id: crecheId }, lock: { mode: 'pessimistic_write' } });
    if (!creche) throw notFound();
    return creche;
  }

  async occupancy(em: EntityManager, creche: CrecheEntity, from: Day, to: Day, atypical: AtypicalHours): Promise<Occupancy> {
    const span = { from: mondayOf(from), to: mondayOf(to) + 6 };
    const rules = this.compile(creche, span.from, span.to);
    const index = new PresenceIndex(await this.presences.load(em, creche.id, span.from, span.to));
    return computeOccupancy({ rules, index, from, to, atypical });
  }

  /**
   * Re-admits every presence planned from `from` on, one by one, under the crèche's (new) rules: the conflicts of
   * those that no longer fit. Used before a change of places, hours, bands or closures is saved.
   */
  async replan(em: EntityManager, creche: CrecheEntity, from: Day): Promise<Conflict[]> {
    const planned = await this.presences.load(em, creche.id, from, dayOf('2999-12-31'));
    const clipped = planned.map((p) => (p.kind === 'REGULAR' ? { ...p, start: Math.max(p.start, from) } : p)).filter((p) => p.kind !== 'REGULAR' || p.start <= p.end);
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

  compile(creche: CrecheEntity, from: Day, to: Day): CompiledRules {
    return compileRules(rulesOf(creche, this.holidays.between(from, to)));
  }
}

export function rulesOf(creche: CrecheEntity, publicHolidays: ReadonlySet<Day>): CrecheRules {
  return {
    places: creche.places,
    surnombre: creche.surnombre,
    openingHours: creche.openingHours.map((o) => ({ weekday: o.weekday as Weekday, from: minuteOf(o.opens), to: minuteOf(o.closes) })),
    capacityBands: creche.capacityBands.map((b) => ({ weekday: b.weekday as Weekday, from: minuteOf(b.from), to: minuteOf(b.to), places: b.places })),
    closures: creche.closures.map((c) => ({ from: dayOf(c.from), to: dayOf(c.to) })),
    publicHolidays,
    opensOnPublicHolidays: creche.opensOnPublicHolidays,
  };
}

export function capacityFull(conflicts: readonly Conflict[], conflictCount: number): DomainError {
  const first = conflicts[0];
  const where = first ? ` (first: ${first.date} ${first.from}-${first.to}, ${first.rule})` : '';
  return new DomainError('CAPACITY.FULL', `Capacité insuffisante${where}.`, { conflicts, conflictCount });
}
