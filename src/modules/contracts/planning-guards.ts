import type { EntityManager } from 'typeorm';
import { queryPrepared } from '../../common/db/prepared-query';
import { DomainError, invalidFields } from '../../common/errors/domain-error';
import { overlappingSlots, ScheduleSlot } from '../creches/domain/schedule';

const LOCK_CHILD = { name: 'lock_child', text: `SELECT 1 FROM children WHERE id = $1 FOR UPDATE` };

/** Locks the child row (so two admissions of one child are decided one at a time) and checks it exists. */
export async function lockChild(em: EntityManager, childId: string): Promise<void> {
  const rows = await queryPrepared(em, LOCK_CHILD, [childId]);
  if (rows.length === 0) throw new DomainError('CHILD.NOT_FOUND', 'Enfant introuvable.');
}

/** A child is in one place at a time: two slots of one weekday must not overlap. */
export function assertScheduleDisjoint(schedule: readonly ScheduleSlot[]): void {
  const problems = overlappingSlots(schedule).map((o) => ({ field: `schedule[${o.index}]`, errors: [`overlaps schedule[${o.overlaps}] on weekday ${schedule[o.index].weekday}`] }));
  if (problems.length) throw invalidFields(problems);
}
