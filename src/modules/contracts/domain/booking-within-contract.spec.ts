import fc from 'fast-check';
import { contractSlotOverlapping, ReservingContract } from './booking-within-contract';

// Monday to Friday 05:30-13:30; 2026-11-17 is a Tuesday.
const contract: ReservingContract = {
  schedule: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '05:30', to: '13:30' })),
  leavePeriods: [{ from: '2026-12-21', to: '2026-12-31' }],
};

describe('contractSlotOverlapping', () => {
  it("finds the contract's slot a booking overlaps, and none outside it", () => {
    expect(contractSlotOverlapping(contract, '2026-11-17', '06:00', '12:00', false)).toEqual({
      from: '05:30',
      to: '13:30',
    });
    expect(contractSlotOverlapping(contract, '2026-11-17', '13:00', '15:00', false)).not.toBeNull();
    // Right after the contract's hours, on a Saturday, on leave, on a closed day: booked as occasional care.
    expect(contractSlotOverlapping(contract, '2026-11-17', '13:30', '16:00', false)).toBeNull();
    expect(contractSlotOverlapping(contract, '2026-11-21', '06:00', '12:00', false)).toBeNull();
    expect(contractSlotOverlapping(contract, '2026-12-22', '06:00', '12:00', false)).toBeNull();
    expect(contractSlotOverlapping(contract, '2026-11-17', '06:00', '12:00', true)).toBeNull();
  });

  it('answers an overlap exactly when the two intervals share a minute', () => {
    const minutes = fc.integer({ min: 0, max: 1440 });
    const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    fc.assert(
      fc.property(minutes, minutes, minutes, minutes, (a, b, c, d) => {
        fc.pre(a < b && c < d);
        const one: ReservingContract = { schedule: [{ weekday: 2, from: hhmm(a), to: hhmm(b) }], leavePeriods: [] };
        const shared = Math.min(b, d) - Math.max(a, c) > 0;
        expect(contractSlotOverlapping(one, '2026-11-17', hhmm(c), hhmm(d), false) !== null).toBe(shared);
      }),
    );
  });
});
