import fc from 'fast-check';
import { HolidayCalendar } from '../../../common/time/holiday-calendar';
import { dayOf } from '../../../common/time/calendar';
import { computeHourlyRate, computeMensualisedFee, computeMonthlyFee, HourlyRateInput } from './compute-fee';
import { Dec } from './decimal';
import { CARE_TYPES, FeeScaleVersion } from './fee-scale';
import { mensualise } from './mensualisation';
import { occasionalFee } from './occasional-fee';
import { SEED_SCALES } from './seed-scales';

const scales: FeeScaleVersion[] = SEED_SCALES.map((s, i) => ({ ...s, id: `v${i}` }));
const base: HourlyRateInput = {
  date: '2025-10-01',
  careType: 'COLLECTIVE',
  monthlyResources: '3000.00',
  dependentChildren: 2,
  aeehChildren: 0,
  asePlacement: false,
};
const rate = (over: Partial<HourlyRateInput>) => computeHourlyRate({ ...base, ...over }, scales);

describe('computeHourlyRate', () => {
  it('gives the worked example: 3 000 €, 2 children, collective, 2025-10-01 → 0.0516 % → 1.55 €/h', () => {
    const r = rate({});
    expect(r).toMatchObject({
      hourlyRate: '1.55',
      effortRatePercent: '0.0516',
      tier: '2',
      boundedResources: '3000.00',
      table: 'collective',
    });
    expect(r.scale.effectiveFrom).toBe('2025-09-01');
    expect(r.trace.map((s) => s.step)).toEqual([
      'SELECT_SCALE',
      'SELECT_TABLE',
      'TIER',
      'BOUND_RESOURCES',
      'EFFORT_RATE',
      'HOURLY_RATE',
    ]);
    expect(r.trace.find((s) => s.step === 'HOURLY_RATE')).toMatchObject({ inputs: { exact: '1.548' }, value: '1.55' });
  });

  it.each([
    ['unknown resources: the floor', { monthlyResources: null }, '801.00', '0.41'],
    [
      'refused resources: the ceiling (2025-10-01: 8 500 €)',
      { monthlyResources: null, resourcesRefused: true },
      '8500.00',
      '4.39',
    ],
    ['refused even with an amount given: the ceiling', { resourcesRefused: true }, '8500.00', '4.39'],
    [
      'a child placed by child welfare: the floor at the one-child rate',
      { asePlacement: true, resourcesRefused: true },
      '801.00',
      '0.50',
    ],
  ] as const)('bounds %s', (_label, over, bounded, hourly) => {
    const r = rate(over as Partial<HourlyRateInput>);
    expect(r).toMatchObject({ boundedResources: bounded, hourlyRate: hourly });
  });

  it.each([
    // date, care type, resources, children, AEEH, ASE, expected rate, tier, bounded
    ['2019-03-01', 'COLLECTIVE', '500.00', 1, 0, false, '0.41', '1', '687.30'], // 2019 floor
    ['2019-06-01', 'MICRO_CRECHE', '3000.00', 1, 0, false, '1.50', '1', '3000.00'], // micro used the familial table
    ['2019-10-01', 'MICRO_CRECHE', '3000.00', 1, 0, false, '1.82', '1', '3000.00'], // aligned on collective; 1.815 half-up
    ['2020-05-01', 'COLLECTIVE', '9000.00', 1, 0, false, '3.42', '1', '5600.00'], // 2020 ceiling
    ['2023-06-01', 'COLLECTIVE', '10000.00', 1, 0, false, '3.71', '1', '6000.00'], // 2023 ceiling
    ['2024-10-01', 'COLLECTIVE', '10000.00', 1, 0, false, '4.33', '1', '7000.00'], // ceiling from 2024-09
    ['2026-02-01', 'COLLECTIVE', '10000.00', 1, 0, false, '5.26', '1', '8500.00'], // 2026 ceiling
    ['2026-02-01', 'COLLECTIVE', '100.00', 1, 0, false, '0.50', '1', '814.62'], // 2026 floor
    ['2025-10-01', 'COLLECTIVE', '3000.00', 2, 1, false, '1.24', '3', '3000.00'], // AEEH: one tier down
    ['2025-10-01', 'COLLECTIVE', '3000.00', 9, 0, false, '0.62', '8+', '3000.00'], // last tier
    ['2025-10-01', 'COLLECTIVE', '3000.00', 8, 3, false, '0.62', '8+', '3000.00'], // AEEH capped at the last tier
    ['2025-10-01', 'COLLECTIVE', '3000.00', 5, 0, false, '0.93', '4-7', '3000.00'],
    ['2025-10-01', 'FAMILIAL', '3000.00', 4, 0, false, '0.93', '3-5', '3000.00'],
    ['2025-10-01', 'PARENTAL', '3000.00', 6, 0, false, '0.62', '6+', '3000.00'],
    ['2026-03-01', 'COLLECTIVE', null, 1, 0, false, '0.50', '1', '814.62'], // unknown resources: the floor
    ['2026-03-01', 'COLLECTIVE', '5000.00', 3, 0, true, '0.50', '1', '814.62'], // ASE: floor, one-child rate
  ] as const)(
    '%s %s %s € %i children %i AEEH ASE=%s → %s €/h (tier %s, %s €)',
    (date, careType, monthlyResources, dependentChildren, aeehChildren, asePlacement, hourly, tier, bounded) => {
      const r = rate({ date, careType, monthlyResources, dependentChildren, aeehChildren, asePlacement });
      expect([r.hourlyRate, r.tier, r.boundedResources]).toEqual([hourly, tier, bounded]);
    },
  );

  it('applies a higher crèche ceiling, never a lower one', () => {
    expect(
      rate({ date: '2026-02-01', monthlyResources: '10000.00', dependentChildren: 1, ceilingOverride: '9000.00' })
        .hourlyRate,
    ).toBe('5.57');
    expect(
      rate({ date: '2026-02-01', monthlyResources: '10000.00', dependentChildren: 1, ceilingOverride: '5000.00' })
        .boundedResources,
    ).toBe('8500.00');
  });

  it('refuses a date before the first scale', () => {
    expect(() => rate({ date: '2018-12-31' })).toThrow(/no fee scale/);
  });
});

describe('computeMonthlyFee', () => {
  it('gives the worked example: 40 h × 45 weeks ÷ 12 = 150 h → 232.50 €', () => {
    expect(
      computeMonthlyFee({ hourlyRate: '1.55', hoursPerWeek: '40', weeksPerYear: '45', billedMonths: 12 }),
    ).toMatchObject({ monthlyHours: '150.00', monthlyFee: '232.50' });
  });

  it('rounds once, at the end, on the exact monthly hours', () => {
    // 37.5 h × 47 weeks ÷ 12 = 146.875 h (shown 146.88); × 1.37 = 201.21875 → 201.22 (not 146.88 × 1.37 = 201.2256 → 201.23).
    const r = computeMonthlyFee({ hourlyRate: '1.37', hoursPerWeek: '37.5', weeksPerYear: '47', billedMonths: 12 });
    expect(r).toMatchObject({ monthlyHours: '146.88', monthlyFee: '201.22' });
  });
});

// ---- properties ---------------------------------------------------------------------------------------------------

const dateArb = fc
  .integer({ min: 0, max: 2900 })
  .map((d) => new Date(Date.UTC(2019, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));
const resourcesArb = fc.integer({ min: 0, max: 2_000_000 }).map((c) => new Dec(c).div(100).toFixed(2));
const inputArb = fc.record({
  date: dateArb,
  careType: fc.constantFrom(...CARE_TYPES),
  monthlyResources: resourcesArb,
  dependentChildren: fc.integer({ min: 1, max: 12 }),
  aeehChildren: fc.integer({ min: 0, max: 3 }),
  asePlacement: fc.constant(false),
});

describe('computeHourlyRate properties', () => {
  it('never decreases when resources rise', () => {
    fc.assert(
      fc.property(inputArb, resourcesArb, (input, extra) => {
        const more = new Dec(input.monthlyResources).plus(extra).toFixed(2);
        expect(
          new Dec(computeHourlyRate({ ...input, monthlyResources: more }, scales).hourlyRate).gte(
            computeHourlyRate(input, scales).hourlyRate,
          ),
        ).toBe(true);
      }),
    );
  });

  it('stays between the floor rate and the ceiling rate of the tier', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = new Dec(computeHourlyRate(input, scales).hourlyRate);
        const atFloor = computeHourlyRate({ ...input, monthlyResources: '0.00' }, scales).hourlyRate;
        const atCeiling = computeHourlyRate({ ...input, monthlyResources: '99999999.00' }, scales).hourlyRate;
        expect(r.gte(atFloor) && r.lte(atCeiling)).toBe(true);
      }),
    );
  });

  // One character above U+00FF makes V8 serialize and write a whole answer as a two-byte string (#18: some 15 µs more a
  // simulated fee); the engine's own texts stay within Latin-1.
  it('writes its trace in Latin-1 characters only', () => {
    // The period form over a contract's own months (closures, leave, public holidays).
    const m = mensualise({
      start: '2027-01-04',
      end: '2027-11-29',
      schedule: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '08:00', to: '16:00' })),
      closures: [{ from: '2027-08-02', to: '2027-08-20' }],
      leavePeriods: [{ from: '2027-04-12', to: '2027-04-16' }],
      publicHolidays: new HolidayCalendar().between(dayOf('2027-01-04'), dayOf('2027-11-29')),
      opensOnPublicHolidays: false,
    });
    fc.assert(
      fc.property(inputArb, fc.boolean(), fc.boolean(), (input, asePlacement, resourcesRefused) => {
        const r = computeHourlyRate({ ...input, asePlacement, resourcesRefused }, scales);
        const monthly = computeMonthlyFee({
          hourlyRate: r.hourlyRate,
          hoursPerWeek: '38',
          weeksPerYear: '45',
          billedMonths: 12,
        });
        // Occasional and emergency care; below, the period form whole and as a household's share (alternating residence).
        const occasional = (['OCCASIONAL', 'EMERGENCY'] as const).map(
          (kind) =>
            occasionalFee({
              kind,
              minutes: 185,
              unitMinutes: 30,
              hourlyRate: r.hourlyRate,
              resourcesUnknown: true,
              emergencyRate: 'FIXED',
              emergencyHourlyRate: '1.42',
            }).trace,
        );
        // The scale's own provenance, cited by SELECT_SCALE, is data (the seed's cite "€" and "–").
        const steps = r.trace.map((s) => (s.step === 'SELECT_SCALE' ? { ...s, source: '' } : s));
        const text = JSON.stringify([
          steps,
          monthly.trace,
          computeMensualisedFee(m, r.hourlyRate).trace,
          computeMensualisedFee(m, r.hourlyRate, 50).trace,
          occasional,
        ]);
        expect([...text].filter((c) => c.codePointAt(0)! > 0xff)).toEqual([]);
      }),
    );
  });

  it('bills unchecked children at the one-child rate, whatever was typed: never less than checked ones', () => {
    fc.assert(
      fc.property(inputArb, fc.boolean(), (typed, asePlacement) => {
        const input = { ...typed, asePlacement };
        const checked = computeHourlyRate(input, scales);
        const unchecked = computeHourlyRate({ ...input, childrenUnchecked: true }, scales);
        const oneChild = computeHourlyRate({ ...input, dependentChildren: 1, aeehChildren: 0 }, scales);
        expect(unchecked.hourlyRate).toBe(input.asePlacement ? checked.hourlyRate : oneChild.hourlyRate);
        expect(new Dec(unchecked.hourlyRate).gte(checked.hourlyRate)).toBe(true);
        const tier = unchecked.trace.find((step) => step.step === 'TIER')!;
        // The typed figures stay in the trace, for the auditor.
        expect(tier.inputs).toMatchObject({
          dependentChildren: input.dependentChildren,
          aeehChildren: input.aeehChildren,
        });
        if (!input.asePlacement) expect(tier.rule).toMatch(/children not checked yet/);
      }),
    );
  });

  it('is never raised by an AEEH child, nor by one more child', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = new Dec(computeHourlyRate(input, scales).hourlyRate);
        expect(
          new Dec(computeHourlyRate({ ...input, aeehChildren: input.aeehChildren + 1 }, scales).hourlyRate).lte(r),
        ).toBe(true);
        expect(
          new Dec(
            computeHourlyRate({ ...input, dependentChildren: input.dependentChildren + 1 }, scales).hourlyRate,
          ).lte(r),
        ).toBe(true);
      }),
    );
  });
});
