import { EXPORT_CODES, frenchJson, frenchVerifiedClaims, inFrench, traceValueFr } from './household-export-words';

describe('household export words', () => {
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
