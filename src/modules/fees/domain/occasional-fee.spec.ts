import fc from 'fast-check';
import { billedMinutesOf, occasionalFee, OccasionalFeeInput } from './occasional-fee';

const base: OccasionalFeeInput = {
  kind: 'OCCASIONAL',
  minutes: 185,
  unitMinutes: 30,
  hourlyRate: '1.55',
  resourcesUnknown: false,
  emergencyRate: 'FLOOR',
  emergencyHourlyRate: null,
};

describe('occasional and emergency care (#14 §2)', () => {
  it('bills every started half-hour at the family’s rate: 3 h 05 → 3.5 h × 1.55 € = 5.43 €', () => {
    expect(occasionalFee(base)).toMatchObject({ hourlyRate: '1.55', billedMinutes: 210, amount: '5.43' });
  });

  it('bills emergency care with unknown resources at the crèche’s fixed rate when it chose one', () => {
    const fixed = { ...base, kind: 'EMERGENCY' as const, emergencyRate: 'FIXED' as const, emergencyHourlyRate: '1.42' };
    expect(occasionalFee({ ...fixed, resourcesUnknown: true })).toMatchObject({ hourlyRate: '1.42', amount: '4.97' });
    // Known resources: the family's own rate, even in an emergency.
    expect(occasionalFee(fixed).hourlyRate).toBe('1.55');
    // Occasional care never takes the emergency rate.
    expect(occasionalFee({ ...fixed, kind: 'OCCASIONAL', resourcesUnknown: true }).hourlyRate).toBe('1.55');
  });

  it('never bills less than the care given, nor a whole unit more', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1440 }), fc.constantFrom(1, 5, 10, 15, 30, 60), (minutes, unit) => {
        const billed = billedMinutesOf(minutes, unit);
        expect(billed).toBeGreaterThanOrEqual(minutes);
        expect(billed - minutes).toBeLessThan(unit);
        expect(billed % unit).toBe(0);
      }),
    );
  });
});
