import { performance } from 'node:perf_hooks';
import { dayOf, minuteOf, Weekday } from '../../src/common/time/calendar';
import { checkAdmission, PresenceIndex } from '../../src/modules/creches/domain/capacity';
import { DEFAULT_ATYPICAL_HOURS } from '../../src/modules/territories/domain/atypical-hours';
import { compileRules, CrecheRules } from '../../src/modules/creches/domain/creche-rules';
import { computeOccupancy } from '../../src/modules/creches/domain/occupancy';
import type { Presence } from '../../src/modules/creches/domain/presence';
import { fmt, median } from './support/bench-env';

// The territory's micro-crèche: 12 places Mon–Sat 05:00–21:00, 6 before 07:00 and after 19:00, surnombre on.
const t = minuteOf;
const rules: CrecheRules = {
  places: 12,
  surnombre: true,
  openingHours: [1, 2, 3, 4, 5, 6].map((weekday) => ({
    weekday: weekday as Weekday,
    from: t('05:00'),
    to: t('21:00'),
  })),
  capacityBands: [1, 2, 3, 4, 5].flatMap((weekday) => [
    { weekday: weekday as Weekday, from: t('05:00'), to: t('07:00'), places: 6 },
    { weekday: weekday as Weekday, from: t('19:00'), to: t('21:00'), places: 6 },
  ]),
  closures: [{ from: dayOf('2027-12-24'), to: dayOf('2028-01-01') }],
  publicHolidays: new Set(
    [
      '2027-01-01',
      '2027-03-29',
      '2027-05-01',
      '2027-05-06',
      '2027-05-08',
      '2027-05-17',
      '2027-07-14',
      '2027-08-15',
      '2027-11-01',
      '2027-11-11',
      '2027-12-25',
    ].map(dayOf),
  ),
  opensOnPublicHolidays: false,
};

// 13 contracts with shift-worker patterns (early, late, Saturday) and 300 occasional bookings over the year.
const patterns: [number, string, string][][] = [
  [
    [1, '05:00', '13:30'],
    [2, '05:00', '13:30'],
    [3, '05:00', '13:30'],
  ],
  [
    [1, '13:00', '21:00'],
    [2, '13:00', '21:00'],
    [4, '13:00', '21:00'],
    [5, '13:00', '21:00'],
  ],
  [
    [6, '05:30', '14:00'],
    [3, '08:00', '17:00'],
  ],
  [
    [1, '07:30', '17:30'],
    [2, '07:30', '17:30'],
    [3, '07:30', '17:30'],
    [4, '07:30', '17:30'],
    [5, '07:30', '17:30'],
  ],
];
const start = dayOf('2027-01-04');
const end = dayOf('2027-12-17');
const existing: Presence[] = [];
for (let i = 0; i < 13; i += 1) {
  existing.push({
    kind: 'REGULAR',
    id: `c${i}`,
    start,
    end,
    slots: patterns[i % patterns.length].map(([weekday, from, to]) => ({
      weekday: weekday as Weekday,
      from: t(from),
      to: t(to),
    })),
  });
}
for (let i = 0; i < 300; i += 1) {
  const day = start + ((i * 7919) % (end - start));
  const from = 300 + ((i * 37) % 18) * 30;
  existing.push({ kind: 'OCCASIONAL', id: `b${i}`, day, from, to: Math.min(1260, from + 180) });
}
const candidate: Presence = {
  kind: 'REGULAR',
  id: 'new',
  start,
  end,
  slots: [
    [2, '05:30', '13:30'],
    [4, '05:30', '13:30'],
    [6, '06:00', '12:00'],
  ].map(([weekday, from, to]) => ({ weekday: Number(weekday) as Weekday, from: t(String(from)), to: t(String(to)) })),
};

const compiled = compileRules(rules);
const index = new PresenceIndex(existing);
const answer = checkAdmission({ rules: compiled, existing: index, candidate });

function timeEach(fn: () => void, batch: number, rounds: number): number[] {
  for (let i = 0; i < batch; i += 1) fn(); // warm-up
  const perCall: number[] = [];
  for (let r = 0; r < rounds; r += 1) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i += 1) fn();
    perCall.push((performance.now() - t0) / batch);
  }
  return perCall;
}

const check = timeEach(() => checkAdmission({ rules: compiled, existing: index, candidate }), 50, 40);
const fullPath = timeEach(
  () => checkAdmission({ rules: compileRules(rules), existing: new PresenceIndex(existing), candidate }),
  50,
  40,
);
const month = timeEach(
  () =>
    computeOccupancy({
      rules: compiled,
      index,
      from: dayOf('2027-03-01'),
      to: dayOf('2027-03-31'),
      atypical: DEFAULT_ATYPICAL_HOURS,
    }),
  50,
  40,
);

console.log(
  `capacity check, 1-year contract vs 13 contracts + 300 bookings (answer ok=${answer.ok}${answer.ok ? '' : `, ${answer.conflictCount} conflicts`})`,
);
console.log(`  median per check:                 ${fmt(median(check))} ms   (target < 2 ms)`);
console.log(`  median incl. index + rules build: ${fmt(median(fullPath))} ms`);
console.log(`occupancy of one month:             ${fmt(median(month))} ms median`);
