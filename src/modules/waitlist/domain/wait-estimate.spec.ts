import fc from 'fast-check';
import { dayOf, isoOf, minuteOf, Weekday } from '../../../common/time/calendar';
import { basisText, estimateFromFacts, estimateWait, releaseDay, schedulesCompete, windowText } from './wait-estimate';

const d = dayOf;
const slot = (weekday: number, from: string, to: string) => ({
  weekday: weekday as Weekday,
  from: minuteOf(from),
  to: minuteOf(to),
});

describe('estimateWait', () => {
  const asOf = d('2027-03-01');

  it('takes the k-th release and k admissions at the pace, and spans both', () => {
    // 3rd (2 ahead); places free on 1 Sept 2027 twice and 1 Jan 2028; 6 admissions a year: 3 ÷ 0.5 = 6 months.
    const e = estimateWait({
      asOf,
      competitorsAhead: 2,
      releases: [d('2028-01-01'), d('2027-09-01'), d('2027-09-01'), d('2026-09-01')],
      admissionsLast12Months: 6,
      leftWithoutOfferShare: 0,
    })!;
    const byPace = asOf + Math.round(6 * 30.44); // 183 days
    expect(isoOf(byPace)).toBe('2027-08-31');
    expect(e).toMatchObject({ method: 'RELEASES_AND_PACE', competingRank: 3, releases: 3, admissionsLast12Months: 6 });
    // Midway between 31 August and 1 January (123 days): 31 August + 62.
    expect(isoOf(e.expected)).toBe('2027-11-01');
    // A wait of 245 days: ± 123 days (half the wait), which spans both dates.
    expect(isoOf(e.earliest)).toBe('2027-07-01');
    expect(isoOf(e.latest)).toBe('2028-03-03');
    expect(windowText(e)).toBe('≈ novembre 2027, entre juillet 2027 et mars 2028');
  });

  it('uses the releases alone when nobody was admitted in 12 months: ± half the wait', () => {
    const e = estimateWait({
      asOf,
      competitorsAhead: 0,
      releases: [d('2027-09-01')],
      admissionsLast12Months: 0,
      leftWithoutOfferShare: 0,
    })!;
    expect(e.method).toBe('RELEASES');
    // 184 days: ± 92.
    expect([e.earliest, e.expected, e.latest].map(isoOf)).toEqual(['2027-06-01', '2027-09-01', '2027-12-02']);
    expect(windowText(e)).toBe('≈ septembre 2027, entre juin et décembre');
  });

  it('keeps a window of two months at least, never before today', () => {
    const e = estimateWait({
      asOf,
      competitorsAhead: 0,
      releases: [d('2027-04-01')],
      admissionsLast12Months: 0,
      leftWithoutOfferShare: 0,
    })!;
    expect([e.earliest, e.expected, e.latest].map(isoOf)).toEqual(['2027-03-01', '2027-04-01', '2027-06-01']);
  });

  it('uses the pace alone when no place of these hours is known to free up', () => {
    const e = estimateWait({
      asOf,
      competitorsAhead: 4,
      releases: [],
      admissionsLast12Months: 12,
      leftWithoutOfferShare: 0,
    })!;
    // 5 places at 1 a month: 5 × 30.44 → 152 days.
    expect(e.method).toBe('PACE');
    expect(isoOf(e.expected)).toBe('2027-07-31');
  });

  it('gives no estimate with neither releases enough nor admissions', () => {
    expect(
      estimateWait({
        asOf,
        competitorsAhead: 1,
        releases: [d('2027-09-01')],
        admissionsLast12Months: 0,
        leftWithoutOfferShare: 0,
      }),
    ).toBeNull();
  });

  it('keeps earliest ≤ expected ≤ latest, never before today, and later for a worse rank', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 40 }),
        fc.array(fc.integer({ min: -200, max: 1500 }), { maxLength: 20 }),
        fc.nat({ max: 30 }),
        (ahead, offsets, admissions) => {
          const releases = offsets.map((o) => asOf + o);
          const e = estimateWait({
            asOf,
            competitorsAhead: ahead,
            releases,
            admissionsLast12Months: admissions,
            leftWithoutOfferShare: 0.3,
          });
          const next = estimateWait({
            asOf,
            competitorsAhead: ahead + 1,
            releases,
            admissionsLast12Months: admissions,
            leftWithoutOfferShare: 0.3,
          });
          if (e === null) {
            expect(next).toBeNull();
            return;
          }
          expect(e.earliest).toBeLessThanOrEqual(e.expected);
          expect(e.expected).toBeLessThanOrEqual(e.latest);
          expect(e.earliest).toBeGreaterThanOrEqual(asOf);
          if (next) expect(next.expected).toBeGreaterThanOrEqual(e.expected);
        },
      ),
    );
  });

  it('counts only the share of those ahead expected to stay until an offer', () => {
    // 10 ahead, 40 % of the leavers left without an offer: 6 expected to stay, k = 7; 12 admissions a year → 7 months.
    const e = estimateWait({
      asOf,
      competitorsAhead: 10,
      releases: [],
      admissionsLast12Months: 12,
      leftWithoutOfferShare: 0.4,
    })!;
    expect(e).toMatchObject({ competingRank: 11, expectedRank: 7, leftWithoutOfferPercent: 40 });
    expect(e.expected - asOf).toBe(Math.round(7 * 30.44));
    expect(basisText(e)).toContain(
      "11e parmi celles dont les horaires concurrencent les vôtres ; 40 % des demandes de ces horaires sorties de la liste en 12 mois l'ont quittée sans offre de la crèche : des 10 demandes devant la vôtre, on estime que 6 seront encore là à votre tour ;",
    );
    // All of those ahead expected to leave: said as such, never "3e … 0 demande devant vous".
    const all = estimateWait({
      asOf,
      competitorsAhead: 2,
      releases: [],
      admissionsLast12Months: 12,
      leftWithoutOfferShare: 1,
    })!;
    expect(basisText(all)).toContain(
      "3e parmi celles dont les horaires concurrencent les vôtres ; 100 % des demandes de ces horaires sorties de la liste en 12 mois l'ont quittée sans offre de la crèche : des 2 demandes devant la vôtre, on estime qu'aucune ne sera encore là à votre tour ;",
    );
  });

  it('says no contract started rather than that the crèche admitted nobody', () => {
    const e = estimateWait({
      asOf,
      competitorsAhead: 0,
      releases: [d('2027-09-01')],
      admissionsLast12Months: 0,
      leftWithoutOfferShare: 0,
    })!;
    expect(basisText(e)).toContain(
      "aucun contrat sur ces horaires n'a commencé dans la crèche au cours des 12 derniers mois.",
    );
  });

  it('says its basis in plain French', () => {
    const e = estimateWait({
      asOf,
      competitorsAhead: 2,
      releases: [d('2027-09-01')],
      admissionsLast12Months: 1,
      leftWithoutOfferShare: 0,
    })!;
    expect(basisText(e)).toBe(
      "Votre demande est 3e parmi celles dont les horaires concurrencent les vôtres ; 1 place de ces horaires se libère dans les 36 prochains mois (fins de contrat, entrées à l'école en septembre, limite d'âge de la crèche) ; 1 contrat sur ces horaires a commencé dans la crèche au cours des 12 derniers mois (toutes admissions, par la liste d'attente de Berceau ou directement par la crèche). C'est une estimation, pas un engagement.",
    );
  });
});

describe('estimateFromFacts (what the API and the back-test call)', () => {
  it('counts only competing schedules, frees places by releaseDay and thins the rank by the leavers without an offer', () => {
    const early = [slot(1, '05:30', '13:30')];
    const late = [slot(1, '14:00', '20:00')];
    const e = estimateFromFacts({
      asOf: d('2027-03-01'),
      schedule: early,
      // 3 ahead, 2 of them competing.
      aheadSchedules: [early, late, early],
      inCare: [
        // Born 2024-05-10: school entry on 2027-09-01, before the contract's end.
        { schedule: early, endDate: d('2028-08-31'), birth: d('2024-05-10'), maxAgeMonths: 48 },
        { schedule: early, endDate: d('2027-12-31'), birth: null, maxAgeMonths: 48 },
        { schedule: late, endDate: d('2027-04-30'), birth: null, maxAgeMonths: 48 },
      ],
      admissions: [early, early, early, late],
      // 1 competing leaver in 2 left without an offer: 50 %; the late one does not count.
      leavers: [
        { schedule: early, offered: true },
        { schedule: early, offered: false },
        { schedule: late, offered: false },
      ],
    })!;
    expect(e).toMatchObject({
      competingRank: 3,
      leftWithoutOfferPercent: 50,
      expectedRank: 2,
      releases: 2,
      admissionsLast12Months: 3,
    });
    expect(e).toEqual(
      estimateWait({
        asOf: d('2027-03-01'),
        competitorsAhead: 2,
        releases: [d('2027-09-01'), d('2028-01-01')],
        admissionsLast12Months: 3,
        leftWithoutOfferShare: 0.5,
      }),
    );
  });
});

describe('releaseDay', () => {
  it.each([
    // Born 2025-04-10: school on 2028-09-01, 4 years on 2029-04-10; contract to 2028-08-31 → 2028-09-01.
    ['2028-08-31', '2025-04-10', 48, '2028-09-01'],
    // A contract running past school entry: school entry wins.
    ['2029-07-31', '2025-04-10', 48, '2028-09-01'],
    // A crèche keeping children until 30 months: born 2025-04-10 → 2027-10-10.
    ['2029-07-31', '2025-04-10', 30, '2027-10-10'],
    // A short contract.
    ['2027-06-30', '2025-04-10', 48, '2027-07-01'],
  ])('contract to %s, born %s, max %d months → %s', (end, birth, max, expected) => {
    expect(isoOf(releaseDay({ endDate: d(end), birth: d(birth), maxAgeMonths: max }))).toBe(expected);
  });
});

describe('schedulesCompete', () => {
  it.each([
    [[slot(1, '05:30', '13:30')], [slot(1, '13:00', '20:45')], true],
    [[slot(1, '05:30', '13:00')], [slot(1, '13:00', '20:45')], false],
    [[slot(6, '08:00', '12:00')], [slot(1, '08:00', '12:00')], false],
  ])('%j vs %j → %s', (a, b, expected) => {
    expect(schedulesCompete(a, b)).toBe(expected);
    expect(schedulesCompete(b, a)).toBe(expected);
  });
});
