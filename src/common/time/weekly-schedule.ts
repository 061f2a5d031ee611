import { invalidFields } from '../errors/domain-error';
import { minuteOf } from './calendar';

/** A slot of a weekly schedule, as the API takes it. */
export interface WeeklySlot {
  readonly weekday: number;
  readonly from: string;
  readonly to: string;
}

/** The slots that overlap an earlier slot of the same weekday (each with the one it overlaps). */
export function overlappingSlots(schedule: readonly WeeklySlot[]): { index: number; overlaps: number }[] {
  const out: { index: number; overlaps: number }[] = [];
  schedule.forEach((s, i) => {
    const j = schedule.findIndex(
      (o, k) =>
        k < i && o.weekday === s.weekday && minuteOf(s.from) < minuteOf(o.to) && minuteOf(o.from) < minuteOf(s.to),
    );
    if (j >= 0) out.push({ index: i, overlaps: j });
  });
  return out;
}

/** A child is in one place at a time: two slots of one weekday must not overlap (a 400 naming the slot). */
export function assertScheduleDisjoint(schedule: readonly WeeklySlot[]): void {
  const problems = overlappingSlots(schedule).map((o) => ({
    field: `schedule[${o.index}]`,
    errors: [`overlaps schedule[${o.overlaps}] on weekday ${schedule[o.index].weekday}`],
  }));
  if (problems.length) throw invalidFields(problems);
}
