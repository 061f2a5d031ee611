import { childMonth, DayPlanned } from './child-days';

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
  const none = { reserved: [], deducted: null, bookings: [], extraMinutes: 0, overtimeMinutes: 0 };
  const planned = new Map<string, DayPlanned>([
    [
      '2027-03-02',
      { ...none, reserved: slot, bookings: [{ from: 1020, to: 1080, kind: 'OCCASIONAL' }], extraMinutes: 30 },
    ],
    ['2027-03-03', { ...none, reserved: slot }],
    // Reserved, and Lou was in hospital: deducted.
    ['2027-03-04', { ...none, reserved: slot, deducted: 'HOSPITALISATION' }],
    // A Friday booked 09:00–11:00, and Lou stayed until 11:40.
    ['2027-03-05', { ...none, bookings: [{ from: 540, to: 660, kind: 'OCCASIONAL' }], overtimeMinutes: 60 }],
  ]);
  const lines = [
    line({}),
    line({ position: 2, kind: 'EXTRA_HOURS', hours: '0.5000', amount: '0.75' }),
    line({ position: 3, kind: 'EXTRA_HOURS', hours: '1.0000', amount: '1.50' }),
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

  it('gives every day reserved, attended or booked in order, with what it bills, and the totals of the per-child row', () => {
    const m = childMonth({
      childId: 'lou',
      month: '2027-03',
      issued: true,
      attended: [...attended, { date: '2027-03-05', childId: 'lou', from: 540, to: 700 }],
      planned,
      openArrivals: [],
      lines,
    });
    const reserved = [{ from: '08:00', to: '17:00' }];
    const day = { deducted: null, openArrival: false, bookings: [], extraMinutes: 0, overtimeMinutes: 0 };
    expect(m.days).toEqual([
      {
        ...day,
        date: '2027-03-02',
        reserved,
        reservedMinutes: 540,
        records: [{ arrivedAt: '08:05', leftAt: '17:10', minutes: 545 }],
        minutes: 545,
        bookings: [{ kind: 'OCCASIONAL', from: '17:00', to: '18:00' }],
        extraMinutes: 30,
      },
      {
        ...day,
        date: '2027-03-03',
        reserved,
        reservedMinutes: 540,
        records: [{ arrivedAt: '08:00', leftAt: '17:00', minutes: 540 }],
        minutes: 540,
      },
      {
        ...day,
        date: '2027-03-04',
        reserved,
        reservedMinutes: 540,
        deducted: 'HOSPITALISATION',
        records: [],
        minutes: 0,
      },
      {
        ...day,
        date: '2027-03-05',
        reserved: [],
        reservedMinutes: 0,
        records: [{ arrivedAt: '09:00', leftAt: '11:40', minutes: 160 }],
        minutes: 160,
        bookings: [{ kind: 'OCCASIONAL', from: '09:00', to: '11:00' }],
        overtimeMinutes: 60,
      },
    ]);
    expect(m.lines.map((l) => [l.reference, l.documentKind, l.hours, l.creditedPosition])).toEqual([
      ['000012', 'INVOICE', '20.0000', null],
      ['000012', 'INVOICE', '0.5000', null],
      ['000012', 'INVOICE', '1.0000', null],
      ['000013', 'CREDIT_NOTE', '-2.0000', 1],
    ]);
    // The extra time counted again (30 + 60 min) is the invoice's two lines (0.5 h + 1 h).
    expect([m.extraHoursNow, m.extraHoursBilled]).toEqual(['1.50', '1.50']);
    // 20 h 45 min attended, 19.5 h billed net of the 2 h credited: 93.98 %.
    expect(m.totals).toMatchObject({
      hoursAttended: '20.75',
      hoursBilled: '19.50',
      hoursCredited: '-2.00',
      billingRateAlert: false,
    });
  });

  it('bills nothing in a month not issued, still gives its days, and says a day with an arrival and no departure', () => {
    const m = childMonth({
      childId: 'lou',
      month: '2027-03',
      issued: false,
      attended,
      planned,
      openArrivals: ['2027-03-08'],
      lines: [],
    });
    expect(m.totals).toMatchObject({ hoursAttended: '0.00', hoursBilled: '0.00', billingRatePercent: null });
    expect(m.days.map((d) => [d.date, d.openArrival])).toEqual([
      ['2027-03-02', false],
      ['2027-03-03', false],
      ['2027-03-04', false],
      ['2027-03-05', false],
      ['2027-03-08', true],
    ]);
    expect([m.extraHoursNow, m.extraHoursBilled]).toEqual(['1.50', '0.00']);
  });

  it('adds up in minutes, with the records of a day in order', () => {
    const twice = [
      { date: '2027-03-02', childId: 'lou', from: 840, to: 960 },
      { date: '2027-03-02', childId: 'lou', from: 485, to: 690 },
      { date: '2027-03-06', childId: 'lou', from: 485, to: 690 },
    ];
    const m = childMonth({
      childId: 'lou',
      month: '2027-03',
      issued: true,
      attended: twice,
      planned: new Map(),
      openArrivals: [],
      lines: [line({})],
    });
    expect(m.days.map((d) => [d.date, d.records.map((r) => r.arrivedAt), d.minutes])).toEqual([
      ['2027-03-02', ['08:05', '14:00'], 325],
      ['2027-03-06', ['08:05'], 205],
    ]);
    // Three records of 3 h 25, 2 h and 3 h 25 min: 8 h 50 min; their rounded hours (3.42 + 2.00 + 3.42) would say 8.84.
    expect(m.days.reduce((sum, d) => sum + d.minutes, 0)).toBe(530);
    expect(m.totals.hoursAttended).toBe('8.83');
  });
});
