import { invalidFields } from '../../common/errors/domain-error';
import { overlappingSlots, ScheduleSlot } from '../creches/domain/schedule';

/** A child is in one place at a time: two slots of one weekday must not overlap. */
export function assertScheduleDisjoint(schedule: readonly ScheduleSlot[]): void {
  const problems = overlappingSlots(schedule).map((o) => ({
    field: `schedule[${o.index}]`,
    errors: [`overlaps schedule[${o.overlaps}] on weekday ${schedule[o.index].weekday}`],
  }));
  if (problems.length) throw invalidFields(problems);
}
