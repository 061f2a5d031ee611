import fc from 'fast-check';
import { dueForWholeDay, wholeDayDueBy, WHOLE_DAY_DUE_WITHIN_MINUTES } from './whole-day';

const at = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const slot = (from: string, to: string) => ({ from: at(from), to: at(to) });

describe('the whole day’s arrival at once (R8.9)', () => {
  it('brings in at 09:30 the children whose day is under way or starts by 10:00, not one expected at 13:00', () => {
    const dueBy = wholeDayDueBy(at('09:30'));
    expect(dueBy).toBe(at('10:00'));
    expect(dueForWholeDay([slot('05:30', '13:30')], at('09:30'), dueBy)).toBe(true);
    expect(dueForWholeDay([slot('10:00', '17:00')], at('09:30'), dueBy)).toBe(true);
    expect(dueForWholeDay([slot('13:00', '20:45')], at('09:30'), dueBy)).toBe(false);
  });

  it('leaves out a child whose planned hours are over, and brings in one whose second slot is under way', () => {
    expect(dueForWholeDay([slot('00:00', '07:30')], at('09:30'), wholeDayDueBy(at('09:30')))).toBe(false);
    expect(dueForWholeDay([slot('08:00', '12:00')], at('17:30'), wholeDayDueBy(at('17:30')))).toBe(false);
    expect(dueForWholeDay([slot('05:30', '07:00'), slot('09:00', '12:00')], at('09:30'), at('10:00'))).toBe(true);
    expect(dueForWholeDay([slot('05:30', '07:00'), slot('13:00', '17:00')], at('09:30'), at('10:00'))).toBe(false);
  });

  it('stays within the day, and never past its own bound whatever the page sends', () => {
    expect(wholeDayDueBy(at('23:45'))).toBe(24 * 60);
    expect(wholeDayDueBy(at('00:00'), 24 * 60)).toBe(WHOLE_DAY_DUE_WITHIN_MINUTES);
    expect(wholeDayDueBy(at('09:30'), at('09:40'))).toBe(at('09:40'));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1439 }), fc.option(fc.integer({ min: 0, max: 1440 })), (m, page) => {
        const by = wholeDayDueBy(m, page ?? undefined);
        return by <= Math.min(m + WHOLE_DAY_DUE_WITHIN_MINUTES, 1440) && (page === null || by <= page);
      }),
    );
  });
});
