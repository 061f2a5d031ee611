import type { EntityManager } from 'typeorm';
import { DomainError, invalidFields } from '../../common/errors/domain-error';
import { overlappingSlots, ScheduleSlot } from '../creches/domain/schedule';

/** Locks the child row (so two admissions of one child are decided one at a time) and checks it exists. */
export async function lockChild(em: EntityManager, childId: string): Promise<void> {
  const rows: unknown[] = await em.query(`SELECT 1 FROM children WHERE id = $1 FOR UPDATE`, [childId]);
  if (rows.length === 0) throw new DomainError('CHILD.NOT_FOUND', 'Enfant introuvable.');
}

/** A child is in one place at a time: two slots of one weekday must not overlap. */
export function assertScheduleDisjoint(schedule: readonly ScheduleSlot[]): void {
  const problems = overlappingSlots(schedule).map((o) => ({ field: `schedule[${o.index}]`, errors: [`overlaps schedule[${o.overlaps}] on weekday ${schedule[o.index].weekday}`] }));
  if (problems.length) throw invalidFields(problems);
}
