import { childMonth } from './child-days';

const line = (over: Partial<Parameters<typeof childMonth>[0]['lines'][number]>) => ({
  number: 12,
  documentKind: 'INVOICE' as const,
  month: '2027-03',
  position: 1,
  kind: 'INSTALMENT',
  label: 'Mensualité',
  hours: '20.0000',
  hourlyRate: '1.50',
  amount: '30.00',
  creditedPosition: null,
  ...over,
});

describe(childMonth.name, () => {
  const attended = [
    { date: '2027-03-03', childId: 'lou', from: 480, to: 1020 },
    { date: '2027-03-02', childId: 'lou', from: 485, to: 1030 },
  ];
  const slot = [{ from: 480, to: 1020 }];
  const planned = new Map([
    ['2027-03-02', { reserved: slot, bookings: [{ from: 1020, to: 1080, kind: 'OCCASIONAL' }], extraMinutes: 0 }],
    ['2027-03-03', { reserved: slot, bookings: [], extraMinutes: 0 }],
    // Reserved, and Lou did not come.
    ['2027-03-04', { reserved: slot, bookings: [], extraMinutes: 0 }],
  ]);
  const lines = [
    line({}),
    line({
      number: 13,
      documentKind: 'CREDIT_NOTE',
      position: 1,
      kind: 'CREDIT',
      hours: '-2.0000',
      amount: '-3.00',
      creditedPosition: 1,
    }),
  ];

  it('gives every day reserved or attended in order, the lines as printed and the totals of the per-child row', () => {
    const m = childMonth({ childId: 'lou', month: '2027-03', issued: true, attended, planned, lines });
    const reserved = [{ from: '08:00', to: '17:00' }];
    expect(m.days).toEqual([
      {
        date: '2027-03-02',
        reserved,
        reservedMinutes: 540,
        records: [{ arrivedAt: '08:05', leftAt: '17:10', minutes: 545 }],
        minutes: 545,
        bookings: [{ kind: 'OCCASIONAL', from: '17:00', to: '18:00' }],
        extraMinutes: 0,
      },
      {
        date: '2027-03-03',
        reserved,
        reservedMinutes: 540,
        records: [{ arrivedAt: '08:00', leftAt: '17:00', minutes: 540 }],
        minutes: 540,
        bookings: [],
        extraMinutes: 0,
      },
      { date: '2027-03-04', reserved, reservedMinutes: 540, records: [], minutes: 0, bookings: [], extraMinutes: 0 },
    ]);
    expect(m.lines.map((l) => [l.reference, l.documentKind, l.hours, l.creditedPosition])).toEqual([
      ['000012', 'INVOICE', '20.0000', null],
      ['000013', 'CREDIT_NOTE', '-2.0000', 1],
    ]);
    // 18 h 05 min attended, 18 h billed net of the 2 h credited: 99.54 %.
    expect(m.totals).toMatchObject({
      hoursAttended: '18.08',
      hoursBilled: '18.00',
      hoursCredited: '-2.00',
      feesBilled: '27.00',
      billingRateAlert: false,
    });
  });

  it('bills nothing in a month not issued, and still gives its days', () => {
    const m = childMonth({ childId: 'lou', month: '2027-03', issued: false, attended, planned, lines: [] });
    expect(m.totals).toMatchObject({ hoursAttended: '0.00', hoursBilled: '0.00', billingRatePercent: null });
    expect(m.days).toHaveLength(3);
  });

  it('adds up in minutes, with the records of a day in order and a day attended with nothing reserved', () => {
    const twice = [
      { date: '2027-03-02', childId: 'lou', from: 840, to: 960 },
      { date: '2027-03-02', childId: 'lou', from: 485, to: 690 },
      { date: '2027-03-06', childId: 'lou', from: 485, to: 690 },
    ];
    const extra = new Map([['2027-03-06', { reserved: [], bookings: [], extraMinutes: 210 }]]);
    const m = childMonth({
      childId: 'lou',
      month: '2027-03',
      issued: true,
      attended: twice,
      planned: extra,
      lines: [line({})],
    });
    expect(m.days.map((d) => [d.date, d.records.map((r) => r.arrivedAt), d.minutes, d.extraMinutes])).toEqual([
      ['2027-03-02', ['08:05', '14:00'], 325, 0],
      ['2027-03-06', ['08:05'], 205, 210],
    ]);
    // Three records of 3 h 25, 2 h and 3 h 25 min: 8 h 50 min; their rounded hours (3.42 + 2.00 + 3.42) would say 8.84.
    expect(m.days.reduce((sum, d) => sum + d.minutes, 0)).toBe(530);
    expect(m.totals.hoursAttended).toBe('8.83');
  });
});
