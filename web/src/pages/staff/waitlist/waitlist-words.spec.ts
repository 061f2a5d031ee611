import {
  ageFr,
  awaitsDisabilityProof,
  breakdownRowFr,
  claimOf,
  claimValueOf,
  filtersQuery,
  fitFr,
  isChildClaim,
  NO_FILTERS,
  preferenceFr,
  proofOf,
  scoreFr,
  totalFr,
  weeklyHoursFr,
} from './waitlist-words';

describe("Liste d'attente words", () => {
  it('names the claim that proves each criterion, and none for those needing no proof', () => {
    expect(claimOf('BOTH_WORKING')).toBe('PARENTS_ACTIVITY');
    expect(claimOf('ONE_WORKING_ONE_JOBSEEKING')).toBe('PARENTS_ACTIVITY');
    expect(claimOf('SINGLE_PARENT')).toBe('SINGLE_PARENT');
    expect(claimOf('CHILD_DISABILITY')).toBe('CHILD_DISABILITY');
    for (const free of ['RESIDES_IN_TERRITORY', 'ATYPICAL_HOURS_COVERED', 'SIBLING_ENROLLED', 'WAITING_MONTHS (7)'])
      expect(claimOf(free)).toBeNull();
    expect(isChildClaim('MULTIPLE_BIRTH')).toBe(true);
    expect(isChildClaim('SINGLE_PARENT')).toBe(false);
  });

  it('sends the declared value a line shows with its verification (the activity itself, or a flag set)', () => {
    expect(claimValueOf('ONE_WORKING_ONE_INACTIVE')).toBe('ONE_WORKING_ONE_INACTIVE');
    expect(claimValueOf('BOTH_WORKING')).toBe('BOTH_WORKING');
    expect(claimValueOf('SINGLE_PARENT')).toBe(true);
    expect(claimValueOf('CHILD_DISABILITY')).toBe(true);
  });

  it('warns of a child over the age limit whose disability, which lifts it, is not verified yet', () => {
    const line = (verified: boolean) => ({ criterion: 'CHILD_DISABILITY', points: 30, verified });
    expect(awaitsDisabilityProof({ ageAtStartMonths: 55, breakdown: [line(false)] }, 48)).toBe(true);
    expect(awaitsDisabilityProof({ ageAtStartMonths: 48, breakdown: [line(false)] }, 48)).toBe(true);
    expect(awaitsDisabilityProof({ ageAtStartMonths: 55, breakdown: [line(true)] }, 48)).toBe(false);
    expect(awaitsDisabilityProof({ ageAtStartMonths: 47, breakdown: [line(false)] }, 48)).toBe(false);
  });

  it('tells declared from verified in each breakdown line', () => {
    expect(proofOf({ criterion: 'SINGLE_PARENT', points: 30, verified: false })).toBe('TO_VERIFY');
    expect(proofOf({ criterion: 'SINGLE_PARENT', points: 30, verified: true })).toBe('VERIFIED');
    expect(proofOf({ criterion: 'RESIDES_IN_TERRITORY', points: 300, verified: true })).toBe('NOT_NEEDED');
    expect(breakdownRowFr({ criterion: 'SINGLE_PARENT', points: 30, verified: false })).toEqual([
      'Famille monoparentale',
      '+30 points',
      'Déclaré, justificatif à voir',
    ]);
    expect(breakdownRowFr({ criterion: 'REFUSALS (1)', points: -20, verified: true })).toEqual([
      '1 offre refusée ou expirée',
      '−20 points',
      'Aucun justificatif à voir',
    ]);
    expect(scoreFr(410, 410)).toBe('410 points déclarés, tous vérifiés');
    expect(scoreFr(410, 340)).toBe('410 points déclarés, 340 vérifiés');
  });

  it("says a small child's age, the hours asked and whether they fit", () => {
    expect(ageFr(-2)).toBe('à naître');
    expect(ageFr(0)).toBe('0 mois');
    expect(ageFr(11)).toBe('11 mois');
    expect(ageFr(12)).toBe('1 an');
    expect(ageFr(28)).toBe('2 ans et 4 mois');
    expect(weeklyHoursFr(40, 7.5)).toBe(
      '40 h par semaine, dont 7,5 h en horaires atypiques (tôt le matin, tard le soir, week-end ou jour férié)',
    );
    expect(weeklyHoursFr(45, 0)).toBe('45 h par semaine, aucune en horaires atypiques');
    expect(fitFr(true, '2027-09-01', null)).toBe('Horaires compatibles avec les places de la crèche dès le 01/09/2027');
    expect(fitFr(false, '2027-09-01', { date: '2027-09-06', from: '05:30', to: '07:00', present: 7, limit: 6 })).toBe(
      'Horaires incompatibles : le 06/09/2027 de 05:30 à 07:00, 7 enfants pour 6 places',
    );
    expect(preferenceFr(1)).toBe('1er choix de la famille');
    expect(preferenceFr(2)).toBe('2e choix de la famille');
  });

  it('turns the form into the API filters, only those set', () => {
    expect(filtersQuery(NO_FILTERS)).toEqual({});
    expect(filtersQuery({ status: 'OFFERED', fits: 'false', atypical: true, toVerify: true })).toEqual({
      status: 'OFFERED',
      fitsNow: false,
      atypical: true,
      toVerify: true,
    });
    expect(filtersQuery({ ...NO_FILTERS, fits: 'true' })).toEqual({ fitsNow: true });
    expect(totalFr(32, false)).toBe("32 demandes en liste d'attente");
    expect(totalFr(1, true)).toBe('1 demande correspondant aux filtres');
    expect(totalFr(0, true)).toBe('Aucune demande correspondant aux filtres');
  });
});
