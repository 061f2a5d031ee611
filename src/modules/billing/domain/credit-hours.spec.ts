import fc from 'fast-check';
import { Dec } from '../../fees/domain/decimal';
import { CreditableLine, creditHoursLines } from './credit-hours';

const line = (position: number, over: Partial<CreditableLine> = {}): CreditableLine => {
  const hours = over.hours ?? '126.0000';
  const rate = over.hourlyRate === undefined ? '1.50' : over.hourlyRate;
  return {
    position,
    kind: 'INSTALMENT',
    childId: 'lou',
    contractId: 'c1',
    bookingId: null,
    fromDate: null,
    toDate: null,
    label: 'Mensualité de mars 2027',
    hours,
    hourlyRate: rate,
    amount: new Dec(hours).times(rate ?? 0).toFixed(2, Dec.ROUND_HALF_UP),
    hoursCredited: '0',
    amountCredited: '0',
    ...over,
  };
};

const lines = [
  line(1),
  line(2, { kind: 'DEDUCTION', hours: '-7.0000', label: 'Déduction, maladie : le 3 mars 2027' }),
  line(3, { kind: 'OCCASIONAL', childId: 'zoe', contractId: null, bookingId: 'b1', hours: '3.5', hourlyRate: '0.73' }),
];

/** The invoice's lines once a credit note's lines are issued (what `linesOf` reads back). */
function afterCredit(
  before: readonly CreditableLine[],
  credit: readonly { creditedPosition: number; hours: string; amount: string }[],
): CreditableLine[] {
  return before.map((l) => {
    const c = credit.find((x) => x.creditedPosition === l.position);
    if (!c) return l;
    return {
      ...l,
      hoursCredited: new Dec(l.hoursCredited).minus(c.hours).toString(),
      amountCredited: new Dec(l.amountCredited).minus(c.amount).toString(),
    };
  });
}

describe('credit notes in hours (docs/rules.md#r816-credit-notes-in-hours)', () => {
  it("takes hours off a line at the line's rate, rounded half-up to the cent once, naming the line", () => {
    const r = creditHoursLines({
      invoiceReference: '000042',
      lines,
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
      lines: [line(1, { hoursCredited: '120', amountCredited: '180.00' }), ...lines.slice(1)],
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

  it("never takes a child below zero: the line's deductions already took their hours", () => {
    // 126 h billed, 7 h deducted: 119 h and 178.50 € are the child's to take off, not 126 h.
    const refused = creditHoursLines({ invoiceReference: '1', lines, asked: [{ position: 1, hours: '120' }] });
    expect('problems' in refused && refused.problems).toEqual([
      {
        field: 'hours[0].hours',
        errors: [
          "the child's invoice lines, net of deductions and credit notes, leave at most 119.00 hours and 178.50 euros to take off",
        ],
      },
    ]);
    expect('lines' in creditHoursLines({ invoiceReference: '1', lines, asked: [{ position: 1, hours: '119' }] })).toBe(
      true,
    );
  });

  it('prices what a line lost in all once: ten credits of 0.01 h at 1.50 € come to 0.15 €, not 0.20 €', () => {
    let current: CreditableLine[] = [line(1, { hours: '1.0000' })];
    let total = new Dec(0);
    for (let i = 0; i < 10; i += 1) {
      const r = creditHoursLines({ invoiceReference: '1', lines: current, asked: [{ position: 1, hours: '0.01' }] });
      if ('problems' in r) throw new Error(JSON.stringify(r.problems));
      total = total.plus(r.amount);
      current = afterCredit(current, r.lines);
    }
    expect(total.toFixed(2)).toBe('0.15');
  });

  it('never takes off more hours or euros than a line billed, and prices them once, however the credits follow', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 4000 }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 999 }),
        (asks, rateCents) => {
          const rate = new Dec(rateCents).div(100).toFixed(2);
          let current = [
            line(1, { hourlyRate: rate }),
            line(2, { kind: 'DEDUCTION', hours: '-7.0000', hourlyRate: rate }),
          ];
          let hours = new Dec(0);
          let euros = new Dec(0);
          for (const hundredths of asks) {
            const asked = new Dec(hundredths).div(100).toFixed(2);
            const r = creditHoursLines({
              invoiceReference: '1',
              lines: current,
              asked: [{ position: 1, hours: asked }],
            });
            if ('problems' in r) continue;
            hours = hours.plus(asked);
            euros = euros.plus(r.amount);
            current = afterCredit(current, r.lines);
          }
          expect(hours.lte(119)).toBe(true);
          expect(euros.toFixed(2)).toBe(hours.times(rate).toFixed(2, Dec.ROUND_HALF_UP));
        },
      ),
    );
  });
});
