import fc from 'fast-check';
import { dayOf, isoOf } from '../../../common/time/calendar';
import { type ClosureDays, monthsOfChangedClosureDays, newlyClosedSpans } from './closure-changes';

describe(monthsOfChangedClosureDays.name, () => {
  it('names the months of the days a change closes or opens', () => {
    const before = [{ from: '2027-03-29', to: '2027-04-02' }];
    expect(monthsOfChangedClosureDays(before, [...before, { from: '2027-06-07', to: '2027-06-07' }])).toEqual([
      '2027-06',
    ]);
    // Shortened by a day at its start: March opens again, April is untouched.
    expect(monthsOfChangedClosureDays(before, [{ from: '2027-03-30', to: '2027-04-02' }])).toEqual(['2027-03']);
    expect(monthsOfChangedClosureDays(before, [])).toEqual(['2027-03', '2027-04']);
  });

  it('moves no month when the same days are closed, however the closures are cut', () => {
    const day = fc
      .integer({ min: 0, max: 120 })
      .map((n) => new Date(Date.UTC(2027, 0, 1 + n)).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 10 }), (from, length, cut) => {
        const start = new Date(`${from}T00:00:00Z`).getTime();
        const iso = (n: number) => new Date(start + n * 86_400_000).toISOString().slice(0, 10);
        const whole = [{ from, to: iso(length) }];
        const split =
          cut <= length
            ? [
                { from, to: iso(cut - 1) },
                { from: iso(cut), to: iso(length) },
              ]
            : whole;
        expect(monthsOfChangedClosureDays(whole, split)).toEqual([]);
      }),
    );
  });

  it('names the same months as comparing the lists day by day', () => {
    const closure = fc
      .tuple(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 70 }))
      .map(([start, length]) => ({
        from: isoOf(dayOf('2027-01-01') + start),
        to: isoOf(dayOf('2027-01-01') + start + length),
      }));
    const list = fc.array(closure, { maxLength: 6 });
    const byDay = (before: ClosureDays[], after: ClosureDays[]) => {
      const closed = (l: ClosureDays[]) => {
        const days = new Set<number>();
        for (const c of l) for (let d = dayOf(c.from); d <= dayOf(c.to); d++) days.add(d);
        return days;
      };
      const [was, is] = [closed(before), closed(after)];
      const months = new Set<string>();
      for (const d of [...was].filter((d) => !is.has(d)).concat([...is].filter((d) => !was.has(d))))
        months.add(isoOf(d).slice(0, 7));
      return [...months].sort();
    };
    fc.assert(
      fc.property(list, list, (before, after) => {
        expect(monthsOfChangedClosureDays(before, after)).toEqual(byDay(before, after));
      }),
    );
  });

  it('handles two hundred closures of a century each, by their bounds', () => {
    const century = Array.from({ length: 200 }, () => ({ from: '2000-01-01', to: '2099-12-31' }));
    expect(monthsOfChangedClosureDays(century, century)).toEqual([]);
    expect(monthsOfChangedClosureDays(century, [])).toHaveLength(1200);
  });
});

describe(newlyClosedSpans.name, () => {
  it('gives the days a change closes that were open, not those it opens nor those closed already', () => {
    const before: ClosureDays[] = [{ from: '2027-03-15', to: '2027-03-19' }];
    expect(
      newlyClosedSpans(before, [
        { from: '2027-03-17', to: '2027-03-23' },
        { from: '2027-04-01', to: '2027-04-01' },
      ]),
    ).toEqual([
      { from: '2027-03-20', to: '2027-03-23' },
      { from: '2027-04-01', to: '2027-04-01' },
    ]);
    expect(newlyClosedSpans(before, [])).toEqual([]);
    expect(newlyClosedSpans(before, before)).toEqual([]);
  });
});
