import fc from 'fast-check';
import { dayOf, mondayOf } from '../../../common/time/calendar';
import type { Presence } from './presence';
import { presenceSpan, spanOfAll, weekRunsOf } from './presence-weeks';

const base = dayOf('2027-01-04');

const presence: fc.Arbitrary<Presence> = fc.oneof(
  fc.record({ day: fc.nat(400) }).map(({ day }): Presence => ({
    kind: 'OCCASIONAL',
    id: `b${day}`,
    day: base + day,
    from: 480,
    to: 600,
  })),
  fc.record({ start: fc.nat(400), length: fc.nat(60) }).map(({ start, length }): Presence => ({
    kind: 'REGULAR',
    id: `c${start}`,
    start: base + start,
    end: base + start + length,
    slots: [{ weekday: 1, from: 480, to: 600 }],
  })),
);

describe('weekRunsOf', () => {
  it('gives one run for presences in one week, two for weeks apart, one for weeks that follow', () => {
    const booking = (iso: string): Presence => ({ kind: 'OCCASIONAL', id: iso, day: dayOf(iso), from: 480, to: 600 });
    expect(weekRunsOf([booking('2027-03-10'), booking('2027-03-12')])).toEqual([
      { from: dayOf('2027-03-08'), to: dayOf('2027-03-14') },
    ]);
    expect(weekRunsOf([booking('2027-06-17'), booking('2027-03-10')])).toEqual([
      { from: dayOf('2027-03-08'), to: dayOf('2027-03-14') },
      { from: dayOf('2027-06-14'), to: dayOf('2027-06-20') },
    ]);
    expect(weekRunsOf([booking('2027-03-10'), booking('2027-03-17')])).toEqual([
      { from: dayOf('2027-03-08'), to: dayOf('2027-03-21') },
    ]);
    expect(() => weekRunsOf([])).toThrow();
  });

  it('covers the weeks of every presence and no other day, in whole weeks, in order, apart', () => {
    fc.assert(
      fc.property(fc.array(presence, { minLength: 1, maxLength: 30 }), (presences) => {
        const runs = weekRunsOf(presences);
        const inRuns = (d: number) => runs.some((r) => r.from <= d && d <= r.to);
        for (const [i, run] of runs.entries()) {
          expect(mondayOf(run.from)).toBe(run.from);
          expect(run.to - run.from + 1).toBeGreaterThan(0);
          expect((run.to - run.from + 1) % 7).toBe(0);
          // Neither overlapping nor touching the next one: a gap of at least a week.
          if (i > 0) expect(run.from).toBeGreaterThan(runs[i - 1].to + 1);
        }
        const spans = presences.map(presenceSpan);
        for (const span of spans) for (let d = span.from; d <= span.to; d += 1) expect(inRuns(d)).toBe(true);
        for (const run of runs)
          for (let d = run.from; d <= run.to; d += 7) expect(spans.some((s) => s.from <= d && d <= s.to)).toBe(true);
        expect(spanOfAll(presences)).toEqual({ from: runs[0].from, to: runs[runs.length - 1].to });
      }),
    );
  });
});
