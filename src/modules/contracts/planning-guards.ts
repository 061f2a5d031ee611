import type { EntityManager } from 'typeorm';
import { DomainError, invalidFields } from '../../common/errors/domain-error';
import { minuteOf } from '../creches/domain/calendar';

/** Locks the child row (so two admissions of one child are decided one at a time) and checks it exists. */
export async function lockChild(em: EntityManager, childId: string): Promise<void> {
  const rows: unknown[] = await em.query(`SELECT 1 FROM children WHERE id = $1 FOR UPDATE`, [childId]);
  if (rows.length === 0) throw new DomainError('CHILD.NOT_FOUND', 'Enfant introuvable.');
}

/** A child is in one place at a time: two slots of one weekday must not overlap. */
export function assertScheduleDisjoint(schedule: readonly { weekday: number; from: string; to: string }[]): void {
  const problems: { field: string; errors: string[] }[] = [];
  schedule.forEach((s, i) => {
    const clash = schedule.findIndex((o, j) => j < i && o.weekday === s.weekday && minuteOf(s.from) < minuteOf(o.to) && minuteOf(o.from) < minuteOf(s.to));
    if (clash >= 0) problems.push({ field: `schedule[${i}]`, errors: [`overlaps schedule[${clash}] on weekday ${s.weekday}`] });
  });
  if (problems.length) throw invalidFields(problems);
}
