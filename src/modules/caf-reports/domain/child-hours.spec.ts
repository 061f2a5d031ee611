import fc from 'fast-check';
import { Dec } from '../../fees/domain/decimal';
import { childHours, childHoursTotal } from './child-hours';

const names = new Map([
  ['lou', 'Lou'],
  ['noe', 'Noé'],
  ['ana', 'Ana'],
]);
const day = (childId: string, date: string, from = 480, to = 1020) => ({ childId, date, from, to });

/** Invoice lines of two months and three children, their hours with `decimals` decimals (credits negative). */
const linesOf = (decimals: number) =>
  fc.array(
    fc.record({
      month: fc.constantFrom('2027-03', '2027-04'),
      childId: fc.constantFrom('lou', 'noe', 'ana'),
      hours: fc
        .integer({ min: -5 * 10 ** decimals, max: 200 * 10 ** decimals })
        .map((n) => new Dec(n).div(10 ** decimals).toFixed(decimals)),
      amount: fc.constant('1.00'),
    }),
  );

describe('hours billed and attended, child by child (docs/rules.md R9.7)', () => {
  it("gives each child's rate over the issued months, alerts first, then those billed with no presence", () => {
    const rows = childHours({
      issuedMonths: new Set(['2027-03']),
      names,
      lines: [
        { month: '2027-03', childId: 'lou', hours: '126', amount: '189.00' },
        { month: '2027-03', childId: 'lou', hours: '-14', amount: '-21.00', credited: true },
        { month: '2027-03', childId: 'noe', hours: '40', amount: '60.00' },
        { month: '2027-03', childId: 'ana', hours: '20', amount: '30.00' },
        // April is not issued yet: nothing of it counts.
        { month: '2027-04', childId: 'ana', hours: '500', amount: '750.00' },
      ],
      attended: [
        ...Array.from({ length: 12 }, (_, i) => day('lou', `2027-03-${String(i + 1).padStart(2, '0')}`)),
        ...Array.from({ length: 2 }, (_, i) => day('ana', `2027-03-0${i + 1}`)),
        day('ana', '2027-04-01'),
      ],
    });
    expect(rows).toEqual([
      // 20 h billed for 18 h attended: 111.11 %.
      {
        childId: 'ana',
        hoursAttended: '18.00',
        hoursBilled: '20.00',
        hoursCredited: '0.00',
        feesBilled: '30.00',
        billingRatePercent: 111.11,
        billingRateAlert: true,
        billedWithoutAttendance: false,
        attendedWithoutBilling: false,
      },
      expect.objectContaining({
        childId: 'noe',
        hoursAttended: '0.00',
        billingRatePercent: null,
        billedWithoutAttendance: true,
      }),
      // 126 − 14 = 112 h billed for 108 h: 103.70 %, no alert once the credit note took the hours off.
      expect.objectContaining({
        childId: 'lou',
        hoursAttended: '108.00',
        hoursBilled: '112.00',
        hoursCredited: '-14.00',
        feesBilled: '168.00',
        billingRatePercent: 103.7,
        billingRateAlert: false,
      }),
    ]);
  });

  it('says a child present with no invoice line in an issued month (its household held, or booked after the issue)', () => {
    const rows = childHours({
      issuedMonths: new Set(['2027-03']),
      names,
      lines: [{ month: '2027-03', childId: 'lou', hours: '10', amount: '15.00' }],
      attended: [day('lou', '2027-03-01', 480, 1080), day('noe', '2027-03-01')],
    });
    expect(rows.map((r) => [r.childId, r.attendedWithoutBilling, r.billingRatePercent])).toEqual([
      ['noe', true, 0],
      ['lou', false, 100],
    ]);
  });

  it("adds up to the period's hours billed over its issued months, whatever the lines", () => {
    fc.assert(
      fc.property(linesOf(2), (lines) => {
        const rows = childHours({ issuedMonths: new Set(['2027-03']), names, lines, attended: [] });
        const sum = rows.reduce((s, r) => s.plus(r.hoursBilled), new Dec(0));
        const expected = lines.filter((l) => l.month === '2027-03').reduce((s, l) => s.plus(l.hours), new Dec(0));
        expect(sum.toFixed(2)).toBe(expected.toFixed(2));
      }),
    );
  });

  it("totals the exact hours and rounds once, as the activity report, where the rows' rounded hours would not", () => {
    // Three children billed 0.335 h each: each row says 0.34 h, their sum 1.02 h; the month billed 1.005 h, 1.01 h.
    const lines = ['lou', 'noe', 'ana'].map((childId) => ({
      month: '2027-03',
      childId,
      hours: '0.335',
      amount: '0.50',
    }));
    const counted = { issuedMonths: new Set(['2027-03']), lines, attended: [] };
    expect(childHours({ ...counted, names }).map((r) => r.hoursBilled)).toEqual(['0.34', '0.34', '0.34']);
    expect(childHoursTotal(counted)).toEqual({
      hoursAttended: '0.00',
      hoursBilled: '1.01',
      hoursCredited: '0.00',
      feesBilled: '1.50',
    });
    fc.assert(
      fc.property(linesOf(3), (ls) => {
        const exact = ls.filter((l) => l.month === '2027-03').reduce((s, l) => s.plus(l.hours), new Dec(0));
        expect(childHoursTotal({ issuedMonths: new Set(['2027-03']), lines: ls, attended: [] }).hoursBilled).toBe(
          exact.toFixed(2, Dec.ROUND_HALF_UP),
        );
      }),
    );
  });
});
