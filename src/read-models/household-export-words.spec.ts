import { HolidayCalendar } from '../common/time/holiday-calendar';
import { dayOf } from '../common/time/calendar';
import {
  computeHourlyRate,
  computeMensualisedFee,
  computeMonthlyFee,
  TraceStep,
} from '../modules/fees/domain/compute-fee';
import { FeeScaleVersion } from '../modules/fees/domain/fee-scale';
import { computeFromSnapshot } from '../modules/fees/domain/fee-inputs';
import { mensualise } from '../modules/fees/domain/mensualisation';
import { CONTRACT_RATE_RULES, occasionalFee } from '../modules/fees/domain/occasional-fee';
import { SEED_SCALES } from '../modules/fees/domain/seed-scales';
import {
  EXPORT_CODES,
  frenchJson,
  frenchVerifiedClaims,
  inFrench,
  traceRuleFr,
  traceValueFr,
} from './household-export-words';

/** Every rule text the fee engines write, each case of each step run once. */
function engineRules(): string[] {
  const scales: FeeScaleVersion[] = SEED_SCALES.map((s, i) => ({ ...s, id: `v${i}` }));
  const base = {
    date: '2027-09-01',
    careType: 'COLLECTIVE' as const,
    monthlyResources: '3000.00' as string | null,
    dependentChildren: 2,
    aeehChildren: 0,
    asePlacement: false,
  };
  const hourly = [
    base,
    { ...base, monthlyResources: null },
    { ...base, monthlyResources: null, resourcesUnchecked: true, childrenUnchecked: true },
    { ...base, resourcesRefused: true },
    { ...base, asePlacement: true },
  ].map((input) => computeHourlyRate(input, scales));
  const m = mensualise({
    start: '2027-09-01',
    end: '2028-08-31',
    schedule: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '08:00', to: '16:00' })),
    closures: [{ from: '2028-08-01', to: '2028-08-18' }],
    leavePeriods: [],
    publicHolidays: new HolidayCalendar().between(dayOf('2027-09-01'), dayOf('2028-08-31')),
    opensOnPublicHolidays: false,
  });
  const weeks = computeFromSnapshot(
    { ...base, ceilingOverride: null, hoursPerWeek: '40', weeksPerYear: '45', billedMonths: 12 },
    scales,
  );
  const care = (['OCCASIONAL', 'EMERGENCY'] as const).flatMap((kind) =>
    [false, true].map((resourcesUnknown) =>
      occasionalFee({
        kind,
        minutes: 185,
        unitMinutes: 30,
        hourlyRate: '1.55',
        resourcesUnknown,
        emergencyRate: 'FIXED',
        emergencyHourlyRate: '1.42',
      }),
    ),
  );
  const traces: (readonly TraceStep[])[] = [
    ...hourly.map((h) => h.trace),
    computeMonthlyFee({ hourlyRate: '1.55', hoursPerWeek: '38', weeksPerYear: '45', billedMonths: 12 }).trace,
    computeMensualisedFee(m, '1.55').trace,
    computeMensualisedFee(m, '1.55', 40).trace,
    weeks.trace,
    ...care.map((c) => c.trace),
  ];
  return [...new Set([...traces.flat().map((s) => s.rule), ...Object.values(CONTRACT_RATE_RULES)])];
}

describe('household export words', () => {
  it('gives every rule the fee engines write in French (a family read them in English in its export)', () => {
    const rules = engineRules();
    // Each step's cases: the three tiers' rules, the five bounds', occasional and emergency rates, the share.
    expect(rules.length).toBeGreaterThanOrEqual(25);
    const untranslated = rules.filter((r) =>
      String(traceRuleFr(r)).endsWith('(texte du moteur de calcul, en anglais)'),
    );
    expect(untranslated).toEqual([]);
    expect(traceRuleFr('ASE placement: the floor')).toBe('enfant confié à l’ASE : le plancher');
    // Texts stored by earlier engines (a minus sign then read "−") read in French too.
    expect(traceRuleFr('unknown resources: the floor')).toBe('ressources inconnues : le plancher');
    expect(
      traceRuleFr(
        '52 weeks − declared leave weeks − closure weeks of the crèche over the twelve months; billed over 12 months',
      ),
    ).toBe(
      traceRuleFr(
        '52 weeks - declared leave weeks - closure weeks of the crèche over the twelve months; billed over 12 months',
      ),
    );
    // A text no engine ever wrote: kept, and said to be the engine's.
    expect(traceRuleFr('an unknown rule')).toBe('an unknown rule (texte du moteur de calcul, en anglais)');
    expect(frenchJson({ step: 'TIER', rule: 'ASE placement: the floor' })).toEqual({
      Étape: 'Tranche retenue',
      'Règle appliquée': 'enfant confié à l’ASE : le plancher',
    });
  });

  it.each([
    [
      { weekday: 1, from: '08:00', to: '16:00' },
      { Jour: 'lundi', De: '08:00', À: '16:00' },
    ],
    [
      { from: '2027-08-02', to: '2027-08-20' },
      { Du: '2027-08-02', Au: '2027-08-20' },
    ],
    [
      { familyId: 'f1', hoursPercent: 40, feeInputs: { aeehChildren: 1, asePlacement: false } },
      {
        'Foyer (identifiant)': 'f1',
        'Part des heures (%)': 40,
        'Situation retenue pour la participation': {
          "Enfants bénéficiaires de l'AEEH": 1,
          "Enfant confié à l'aide sociale à l'enfance": false,
        },
      },
    ],
    [
      { step: 'CARE_RATE', inputs: { kind: 'EMERGENCY', emergencyRate: 'FIXED' }, value: '2.10' },
      {
        Étape: 'Tarif horaire de l’accueil',
        Données: {
          Accueil: 'urgence',
          "Tarif de l'urgence quand les ressources sont inconnues": 'tarif fixe de la crèche',
        },
        Résultat: '2.10',
      },
    ],
    [
      { careType: 'MICRO_CRECHE', table: 'familial' },
      { "Type d'accueil": 'micro-crèche', 'Tableau des taux': 'accueil familial et parental' },
    ],
    // Already French, or null: kept.
    [
      { Rang: 1, 'Horaires demandés': [] },
      { Rang: 1, 'Horaires demandés': [] },
    ],
    [null, null],
  ])('names %j in French', (value, expected) => {
    expect(frenchJson(value)).toEqual(expected);
  });

  it('keeps a code no table knows yet as stored, so nothing of the row is lost', () => {
    expect(
      inFrench(
        { Statut: 'NEW_STATUS', Type: 'OFFER_MADE' },
        { codes: { Statut: EXPORT_CODES.offerStatus, Type: EXPORT_CODES.noticeType } },
      ),
    ).toEqual({
      Statut: 'NEW_STATUS',
      Type: 'Place proposée',
    });
  });

  it('tells verified claims by their French name, with the value seen, by whom and when (to the second)', () => {
    expect(
      frenchVerifiedClaims({
        PARENTS_ACTIVITY: { value: 'NONE_WORKING', by: 'u1', at: '2026-11-26T10:00:00.000Z' },
        MULTIPLE_BIRTH: { value: true, by: 'u1', at: '2026-11-27T09:30:00.000Z' },
      }),
    ).toEqual({
      'Activité des parents': {
        'Valeur vérifiée': 'Aucun parent ne travaille',
        'Vérifiée par (identifiant du compte)': 'u1',
        'Vérifiée le': '2026-11-26T10:00:00Z',
      },
      'Naissance multiple': {
        'Valeur vérifiée': true,
        'Vérifiée par (identifiant du compte)': 'u1',
        'Vérifiée le': '2026-11-27T09:30:00Z',
      },
    });
  });

  it("says a trace step's worded result in French: the table, the tier, an unverified scale", () => {
    const trace = frenchJson([
      { step: 'SELECT_SCALE', value: '2026-01-01 (7917b566-309a-4430-9001-142e3c8cdc1d, unverified)' },
      { step: 'SELECT_TABLE', value: 'collective' },
      { step: 'TIER', value: '2 -> tier 2' },
      { step: 'HOURLY_RATE', value: '1.50' },
    ]);
    expect(trace).toEqual([
      { Étape: 'Barème appliqué', Résultat: '2026-01-01 (7917b566-309a-4430-9001-142e3c8cdc1d, non vérifié)' },
      { Étape: 'Tableau des taux d’effort', Résultat: 'accueil collectif' },
      { Étape: 'Tranche retenue', Résultat: '2 : tranche 2' },
      { Étape: 'Tarif horaire et arrondi', Résultat: '1.50' },
    ]);
    expect(traceValueFr('TIER', { a: 1 })).toEqual({ a: 1 });
  });
});
