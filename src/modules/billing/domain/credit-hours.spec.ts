import fc from 'fast-check';
import { Dec } from '../../fees/domain/decimal';
import { CreditableLine, creditHoursLines } from './credit-hours';

const line = (position: number, over: Partial<CreditableLine> = {}): CreditableLine => ({
  position,
  kind: 'INSTALMENT',
  childId: 'lou',
  contractId: 'c1',
  bookingId: null,
  fromDate: null,
  toDate: null,
  label: 'Mensualité de mars 2027',
  hours: '126.0000',
  hourlyRate: '1.50',
  ...over,
});

const lines = [
  line(1),
  line(2, { kind: 'DEDUCTION', hours: '-7.0000', label: 'Déduction, maladie : le 3 mars 2027' }),
  line(3, { kind: 'OCCASIONAL', childId: 'zoe', contractId: null, bookingId: 'b1', hours: '3.5', hourlyRate: '0.73' }),
];

describe('credit notes in hours (docs/rules.md#r816-credit-notes-in-hours)', () => {
  it("takes hours off a line at the line's rate, rounded half-up to the cent once, naming the line", () => {
    const r = creditHoursLines({
      invoiceReference: '000042',
      lines,
      alreadyCredited: new Map(),
      asked: [
        { position: 1, hours: '14' },
        { position: 3, hours: '1.25' },
      ],
    });
    if ('problems' in r) throw new Error(JSON.stringify(r.problems));
    // 14 × 1.50 = 21.00; 1.25 × 0.73 = 0.9125 → 0.91.
    expect(r.lines.map((l) => [l.creditedPosition, l.childId, l.hours, l.amount])).toEqual([
      [1, 'lou', '-14', '-21.00'],
      [3, 'zoe', '-1.25', '-0.91'],
    ]);
    expect(r.amount.toFixed(2)).toBe('21.91');
    expect(r.hours.toString()).toBe('15.25');
    expect(r.lines[0]).toMatchObject({ contractId: 'c1', bookingId: null, hourlyRate: '1.50' });
    expect(r.lines[0].label).toBe(
      'Avoir sur la facture n° 000042, ligne 1 (Mensualité de mars 2027) : 14,00 h retirées',
    );
  });

  it('refuses a deduction, a missing line, a line asked twice and more hours than are left, naming each field', () => {
    const r = creditHoursLines({
      invoiceReference: '000042',
      lines,
      alreadyCredited: new Map([[1, '120']]),
      asked: [
        { position: 2, hours: '1' },
        { position: 9, hours: '1' },
        { position: 1, hours: '6.01' },
        { position: 1, hours: '1' },
      ],
    });
    expect('problems' in r && r.problems.map((p) => [p.field, p.errors[0]])).toEqual([
      ['hours[0].position', 'line 2 bills no hours to take off (a deduction or a line without hours at a rate)'],
      ['hours[1].position', 'the invoice has no line 9'],
      ['hours[2].hours', 'at most 6.00 hours are left to take off line 1'],
      ['hours[3].position', 'line 1 is asked twice'],
    ]);
  });

  it('never takes off more hours than a line billed, however the credit notes follow one another', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 4000 }), { minLength: 1, maxLength: 12 }), (asks) => {
        const credited = new Map<number, string>();
        for (const cents of asks) {
          const hours = new Dec(cents).div(100).toFixed(2);
          const r = creditHoursLines({
            invoiceReference: '1',
            lines,
            alreadyCredited: credited,
            asked: [{ position: 1, hours }],
          });
          if ('problems' in r) continue;
          credited.set(1, new Dec(credited.get(1) ?? 0).plus(hours).toString());
          expect(r.amount.toFixed(2)).toBe(new Dec(hours).times('1.50').toFixed(2, Dec.ROUND_HALF_UP));
        }
        expect(new Dec(credited.get(1) ?? 0).lte(126)).toBe(true);
      }),
    );
  });
});
