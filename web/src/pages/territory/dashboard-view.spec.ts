import {
  countText,
  type DashboardCell,
  demandSupplySeries,
  figureLines,
  figureText,
  numberFr,
  type SecretFigure,
  shareServedSeries,
  slotLabel,
  type TerritoryDashboard,
} from './dashboard-view';

const shown = (value: number): SecretFigure => ({ secret: false, value });
const under5: SecretFigure = { secret: true, value: null, reason: 'UNDER_THRESHOLD' };
const complementary: SecretFigure = { secret: true, value: null, reason: 'COMPLEMENTARY' };

const cell = (
  slot: DashboardCell['slot'],
  f: { n: SecretFigure; h: SecretFigure; offered: number; share: SecretFigure; median?: SecretFigure },
): DashboardCell => ({
  slot,
  period: slot === 'PUBLIC_HOLIDAY' ? 'YEAR' : 'WEEK',
  activeApplications: f.n,
  hoursRequested: f.h,
  placeHoursOffered: f.offered,
  shareServedPercent: f.share,
  medianWaitDays: f.median ?? under5,
  p80WaitDays: f.median ? shown(f.median.value! + 30) : under5,
});

/** Two communes and the households from elsewhere, a territory counting Saturdays but not Sundays. */
const DASHBOARD: TerritoryDashboard = {
  territoryId: '7d9f2a4e-0000-4000-8000-000000000001',
  asOf: '2027-03-01',
  waitsSince: '2026-03-01',
  atypicalBefore: '07:30',
  atypicalAfter: '19:00',
  slots: [
    { slot: 'EARLY', period: 'WEEK' },
    { slot: 'SATURDAY', period: 'WEEK' },
    { slot: 'PUBLIC_HOLIDAY', period: 'YEAR' },
  ],
  communes: [
    {
      inseeCode: '88367',
      name: 'Rambervillers',
      cells: [
        cell('EARLY', { n: shown(6), h: shown(15), offered: 90, share: shown(100), median: shown(90) }),
        cell('SATURDAY', { n: shown(7), h: shown(1234.5), offered: 192, share: shown(15.55) }),
        cell('PUBLIC_HOLIDAY', { n: shown(6), h: shown(360), offered: 0, share: shown(0) }),
      ],
    },
    {
      inseeCode: '88075',
      name: 'Bru',
      cells: [
        cell('EARLY', { n: under5, h: under5, offered: 0, share: under5 }),
        cell('SATURDAY', { n: complementary, h: complementary, offered: 0, share: complementary }),
        cell('PUBLIC_HOLIDAY', { n: under5, h: under5, offered: 0, share: under5 }),
      ],
    },
    {
      inseeCode: null,
      name: 'Hors territoire ou commune inconnue',
      cells: [
        cell('EARLY', { n: shown(5), h: shown(12.5), offered: 0, share: shown(0) }),
        cell('SATURDAY', { n: under5, h: under5, offered: 0, share: under5 }),
        cell('PUBLIC_HOLIDAY', { n: under5, h: under5, offered: 0, share: under5 }),
      ],
    },
  ],
  territory: {
    inseeCode: null,
    name: 'Territoire',
    cells: [
      cell('EARLY', { n: shown(14), h: shown(35), offered: 90, share: shown(100), median: shown(60) }),
      cell('SATURDAY', { n: shown(12), h: shown(1300), offered: 192, share: shown(14.77) }),
      cell('PUBLIC_HOLIDAY', { n: shown(9), h: under5, offered: 0, share: under5 }),
    ],
  },
};

describe('territory dashboard view', () => {
  it('names the slots with the territory’s own limits', () => {
    expect(DASHBOARD.slots.map((s) => slotLabel(s.slot, DASHBOARD))).toEqual(['avant 07:30', 'samedi', 'jours fériés']);
    expect(slotLabel('LATE', { atypicalBefore: '06:00', atypicalAfter: '20:30' })).toBe('après 20:30');
    expect(slotLabel('SUNDAY', DASHBOARD)).toBe('dimanche');
  });

  it('writes numbers the French way and secrecy as the API gives it ("< 5", "secret")', () => {
    expect(numberFr(1234.5).replace(/\s/g, ' ')).toBe('1 234,5');
    expect(countText(shown(0))).toBe('0');
    expect(countText(under5)).toBe('< 5');
    expect(countText(complementary)).toBe('secret');
    expect(figureText(shown(15.55), ' %')).toBe('15,55 %');
    expect(figureText(under5, ' h')).toBe('secret');
    expect(figureText(complementary, ' h')).toBe('secret');
  });

  it('gives a table line per slot, every figure in its column', () => {
    const [bruEarly, bruSaturday] = figureLines(DASHBOARD.communes[1], DASHBOARD);
    expect(bruEarly).toEqual({
      slot: 'EARLY',
      slotText: 'avant 07:30',
      periodText: 'par semaine',
      applications: '< 5',
      hoursRequested: 'secret',
      placeHoursOffered: '0 h',
      shareServed: 'secret',
      medianWait: 'secret',
      p80Wait: 'secret',
    });
    expect(bruSaturday.applications).toBe('secret');
    const [early, , holidays] = figureLines(DASHBOARD.territory, DASHBOARD);
    expect(early).toMatchObject({ applications: '14', hoursRequested: '35 h', medianWait: '60 j', p80Wait: '90 j' });
    expect(holidays).toMatchObject({ periodText: 'sur 12 mois', applications: '9', hoursRequested: 'secret' });
  });

  it('charts demand against supply over the territory for the weekly slots only', () => {
    expect(demandSupplySeries(DASHBOARD)).toEqual({
      labels: ['avant 07:30', 'samedi'],
      series: [
        { name: 'Heures demandées par semaine', values: [35, 1300] },
        { name: 'Heures-places offertes par semaine', values: [90, 192] },
      ],
    });
  });

  it('draws no bar for a secret demand but still the places offered', () => {
    const secretDemand: TerritoryDashboard = {
      ...DASHBOARD,
      territory: {
        ...DASHBOARD.territory,
        cells: DASHBOARD.territory.cells.map((c) =>
          c.slot === 'SATURDAY' ? { ...c, hoursRequested: complementary } : c,
        ),
      },
    };
    expect(demandSupplySeries(secretDemand).series.map((s) => s.values)).toEqual([
      [35, null],
      [90, 192],
    ]);
  });

  it('charts the share served per commune of the territory, then the whole territory, per slot; secret as gaps', () => {
    expect(shareServedSeries(DASHBOARD)).toEqual({
      labels: ['Rambervillers', 'Bru', 'Ensemble du territoire'],
      series: [
        { name: 'avant 07:30', values: [100, null, 100] },
        { name: 'samedi', values: [15.55, null, 14.77] },
        { name: 'jours fériés', values: [0, null, null] },
      ],
    });
  });
});
