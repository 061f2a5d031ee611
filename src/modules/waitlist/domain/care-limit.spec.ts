import fc from 'fast-check';
import { dayOf, isoOf } from '../../../common/time/calendar';
import { boundByCareLimit, careEndOf, careLimit, childWindowText } from './care-limit';
import { estimateWait, WaitEstimate } from './wait-estimate';
import { monthsSpanned } from '../../fees/domain/mensualisation';

const d = dayOf;
const asOf = d('2026-12-03');
/** k competing applications ahead of none released, at one admission a year: a wait of k years, ± half of it. */
const atOneAYear = (k: number): WaitEstimate =>
  estimateWait({ asOf, competitorsAhead: k - 1, releases: [], admissionsLast12Months: 1, leftWithoutOfferShare: 0 })!;

describe(careLimit.name, () => {
  it.each([
    // Born 12 March 2026 at a crèche keeping children to 4 years: school entry on 1 September 2029 comes first.
    ['2026-03-12', false, 48, '2029-09-01', 'SCHOOL_ENTRY'],
    ['2026-05-15', false, 48, '2029-09-01', 'SCHOOL_ENTRY'],
    // Born in December: 3 years and 9 months at school entry, still before 4 years.
    ['2026-12-20', false, 48, '2029-09-01', 'SCHOOL_ENTRY'],
    // A crèche keeping children to 30 months: that age comes first.
    ['2026-03-12', false, 30, '2028-09-12', 'MAX_AGE'],
    // A child with a disability: welcome up to 6 years at least, past school entry.
    ['2026-03-12', true, 48, '2032-03-12', 'MAX_AGE'],
    ['2026-03-12', true, 84, '2033-03-12', 'MAX_AGE'],
    // Months on civil dates: born 31 August, 2 years and 6 months on the last day of February.
    ['2026-08-31', false, 30, '2029-02-28', 'MAX_AGE'],
  ])('born %s (disability %s, crèche to %i months): no start from %s (%s)', (birth, disability, max, day, reason) => {
    const limit = careLimit({ birth: d(birth), disability, maxAgeMonths: max });
    expect({ day: isoOf(limit.day), reason: limit.reason }).toEqual({ day, reason });
  });
});

describe(boundByCareLimit.name, () => {
  it('keeps a window that ends before the limit as it is', () => {
    const e = atOneAYear(1); // expected December 2027
    const limit = careLimit({ birth: d('2026-03-12'), disability: false, maxAgeMonths: 48 });
    const bounded = boundByCareLimit(e, limit);
    expect(bounded).toEqual({ outlook: 'WINDOW', estimate: e, limit, cut: 'NONE' });
    expect(childWindowText(bounded)).toBe('≈ décembre 2027, entre juin 2027 et juin 2028');
  });

  it('cuts the window at the day before school entry, the expected date past it too (born 12/03/2026)', () => {
    // Was "≈ décembre 2029, entre juin 2028 et juin 2031" though the child enters school in September 2029.
    const e = atOneAYear(3);
    expect([e.earliest, e.expected, e.latest].map(isoOf)).toEqual(['2028-06-03', '2029-12-03', '2031-06-04']);
    const bounded = boundByCareLimit(e, careLimit({ birth: d('2026-03-12'), disability: false, maxAgeMonths: 48 }));
    expect(bounded).toMatchObject({ outlook: 'WINDOW', cut: 'EXPECTED' });
    expect([bounded.estimate.earliest, bounded.estimate.expected, bounded.estimate.latest].map(isoOf)).toEqual([
      '2028-06-03',
      '2029-08-31',
      '2029-08-31',
    ]);
    expect(childWindowText(bounded)).toBe(
      "Au plus tôt juin 2028, au plus tard août 2029, avant l'entrée à l'école de votre enfant (septembre 2029) : une place avant cette date est incertaine.",
    );
  });

  it('cuts only the end of a window whose expected date comes before the limit', () => {
    const e = atOneAYear(2); // expected December 2028, to June 2030
    const bounded = boundByCareLimit(e, careLimit({ birth: d('2026-03-12'), disability: false, maxAgeMonths: 48 }));
    expect(bounded).toMatchObject({ outlook: 'WINDOW', cut: 'LATEST' });
    expect(isoOf(bounded.estimate.expected)).toBe(isoOf(e.expected));
    expect(childWindowText(bounded)).toBe(
      "≈ décembre 2028, entre décembre 2027 et août 2029, avant l'entrée à l'école de votre enfant (septembre 2029)",
    );
  });

  it('says plainly a place is unlikely when even the earliest date is past the limit (born 15/05/2026)', () => {
    // Was "≈ décembre 2032, entre décembre 2029 et décembre 2035".
    const e = atOneAYear(6);
    const bounded = boundByCareLimit(e, careLimit({ birth: d('2026-05-15'), disability: false, maxAgeMonths: 48 }));
    expect(bounded.outlook).toBe('UNLIKELY');
    expect(childWindowText(bounded)).toBe(
      "Une place dans cette crèche avant l'entrée à l'école de votre enfant (septembre 2029) est peu probable : aucune date ne peut être estimée avant.",
    );
  });

  it("names the crèche's maximum age when it comes first", () => {
    const bounded = boundByCareLimit(
      atOneAYear(3),
      careLimit({ birth: d('2026-03-12'), disability: false, maxAgeMonths: 26 }),
    );
    expect(bounded.outlook).toBe('UNLIKELY');
    expect(childWindowText(bounded)).toContain("avant ses 26 mois, l'âge limite de la crèche (mai 2028)");
    const disabled = boundByCareLimit(
      atOneAYear(3),
      careLimit({ birth: d('2026-03-12'), disability: true, maxAgeMonths: 48 }),
    );
    expect(disabled).toMatchObject({ outlook: 'WINDOW', cut: 'NONE' });
  });

  it('never gives a month the child can no longer start in, and withholds dates only when even the earliest is past', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 30 }),
        fc.array(fc.integer({ min: 0, max: 1500 }), { maxLength: 8 }),
        fc.integer({ min: 0, max: 24 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: -1000, max: 300 }),
        fc.boolean(),
        fc.integer({ min: 12, max: 84 }),
        (ahead, releases, admissions, share, born, disability, maxAgeMonths) => {
          const e = estimateWait({
            asOf,
            competitorsAhead: ahead,
            releases: releases.map((r) => asOf + r),
            admissionsLast12Months: admissions,
            leftWithoutOfferShare: share / 100,
          });
          if (!e) return;
          const limit = careLimit({ birth: asOf + born, disability, maxAgeMonths });
          const bounded = boundByCareLimit(e, limit);
          const text = childWindowText(bounded);
          if (bounded.outlook === 'UNLIKELY') {
            expect(e.earliest).toBeGreaterThanOrEqual(limit.day);
            expect(text).toMatch(/^Une place dans cette crèche avant .* est peu probable/);
            return;
          }
          const { earliest, expected, latest } = bounded.estimate;
          expect(e.earliest).toBeLessThan(limit.day);
          expect(earliest).toBe(e.earliest);
          expect(earliest).toBeLessThanOrEqual(expected);
          expect(expected).toBeLessThanOrEqual(latest);
          expect(latest).toBeLessThan(limit.day);
          // Unchanged when the whole window came before the limit.
          if (e.latest < limit.day) expect(bounded.estimate).toBe(e);
          // The text names no year after the limit's.
          const years = [...text.matchAll(/\b(20\d\d)\b/g)].map((m) => Number(m[1]));
          for (const y of years) expect(y).toBeLessThanOrEqual(Number(isoOf(limit.day).slice(0, 4)));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe(careEndOf.name, () => {
  it.each([
    ['2027-09-01', '2028-08-31'], // over 29 February 2028: 365 days, not 364
    ['2026-09-01', '2027-08-31'],
    ['2027-01-04', '2027-12-31'], // 12 instalments, not a 13th for 1–3 January 2028
    ['2027-09-15', '2028-08-31'],
    ['2028-02-29', '2029-01-31'],
    ['2027-12-31', '2028-11-30'],
  ])('a year of care from %s ends on %s', (start, end) => {
    expect(isoOf(careEndOf(d(start)))).toBe(end);
  });
  it('spans twelve calendar months, so twelve instalments, whatever the day it starts', () => {
    fc.assert(
      fc.property(fc.integer({ min: d('2020-01-01'), max: d('2040-12-31') }), (start) => {
        const end = careEndOf(start);
        expect(monthsSpanned(isoOf(start), isoOf(end))).toBe(12);
        expect(end).toBeGreaterThan(start + 300);
        expect(isoOf(end + 1).slice(8)).toBe('01');
      }),
    );
  });
});
