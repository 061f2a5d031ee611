import fc from 'fast-check';
import { Dec } from '../../fees/domain/decimal';
import { DueInvoice, overdueOf } from './overdue';

const invoice = (n: number, total: string, dueOn: string | null): DueInvoice => ({
  total,
  number: n,
  issuedAt: new Date(Date.UTC(2027, n, 1, 5)),
  dueOn,
});

describe('overdueOf (R8.14)', () => {
  const jan = invoice(0, '150.00', '2027-01-16');
  const feb = invoice(1, '120.50', '2027-02-16');
  const mar = invoice(2, '130.00', '2027-03-16');

  it('settles the oldest invoices first: what is left of those past their due date is late', () => {
    // 200 paid: January settled, 50 of February; on 1 March February's 70.50 is late since 16 February.
    expect(overdueOf([mar, feb, jan], '0', '200.00', '2027-03-01')).toEqual({
      overdue: '70.50',
      overdueSince: '2027-02-16',
    });
    // On 20 March, March's 130 too; the oldest still counts from February.
    expect(overdueOf([jan, feb, mar], '0', '200.00', '2027-03-20')).toEqual({
      overdue: '200.50',
      overdueSince: '2027-02-16',
    });
  });

  it('is not late on its due date, only the day after', () => {
    expect(overdueOf([jan], '0', '0', '2027-01-16').overdue).toBe('0.00');
    expect(overdueOf([jan], '0', '0', '2027-01-17')).toEqual({ overdue: '150.00', overdueSince: '2027-01-16' });
  });

  it('counts a credit note as settled, and an invoice with no due date as never late', () => {
    expect(overdueOf([jan, feb], '-150.00', '0', '2027-03-01')).toEqual({
      overdue: '120.50',
      overdueSince: '2027-02-16',
    });
    expect(overdueOf([invoice(0, '150.00', null)], '0', '0', '2030-01-01')).toEqual({
      overdue: '0.00',
      overdueSince: null,
    });
  });

  const cents = fc.integer({ min: 0, max: 500_000 }).map((c) => (c / 100).toFixed(2));
  const day = fc
    .integer({ min: 0, max: 400 })
    .map((d) => new Date(Date.UTC(2027, 0, 1 + d)).toISOString().slice(0, 10));
  const invoices = fc
    .array(fc.tuple(cents, fc.option(day, { nil: null })), { maxLength: 12 })
    .map((xs) => xs.map(([total, dueOn], n) => invoice(n, total, dueOn)));
  const balance = (xs: readonly DueInvoice[], credited: string, paid: string) =>
    xs
      .reduce((s, i) => s.plus(i.total), new Dec(0))
      .plus(credited)
      .minus(paid);

  it('is never more than what the household owes, nor negative; nothing when it owes nothing', () => {
    fc.assert(
      fc.property(invoices, cents, cents, day, (xs, credit, paid, today) => {
        const credited = `-${credit}`;
        const late = new Dec(overdueOf(xs, credited, paid, today).overdue);
        const owed = balance(xs, credited, paid);
        expect(late.isNegative()).toBe(false);
        expect(late.lte(Dec.max(0, owed))).toBe(true);
        if (owed.lte(0)) expect(late.isZero()).toBe(true);
      }),
    );
  });

  it('paying more never makes a household later; once every invoice is past due, the late part is what it owes', () => {
    fc.assert(
      fc.property(invoices, cents, cents, day, (xs, paid, more, today) => {
        const before = new Dec(overdueOf(xs, '0', paid, today).overdue);
        const after = new Dec(overdueOf(xs, '0', new Dec(paid).plus(more).toFixed(2), today).overdue);
        expect(after.lte(before)).toBe(true);
        const allDue = xs.map((x) => ({ ...x, dueOn: '2026-12-31' }));
        expect(overdueOf(allDue, '0', paid, '2028-06-01').overdue).toBe(Dec.max(0, balance(xs, '0', paid)).toFixed(2));
      }),
    );
  });
});
