import {
  asUnplacedReason,
  compactScheduleFr,
  exclusionReasonFr,
  EXCLUSION_REASONS,
  nextMonthStart,
  ofNameFr,
  offerAnswerFr,
  offerStatusFr,
  parisDateTimeFr,
  preferenceFr,
  replayWarning,
  unplacedReasonFr,
  whoFr,
} from './round-words';

const conflict = (rule: string) => ({ date: '2027-01-05', from: '05:30', to: '07:00', rule });

describe('unplacedReasonFr', () => {
  it.each([
    [
      { crecheId: 'c', reason: 'OUTRANKED', lowestHeldScore: 42 },
      'Les places sur ces horaires sont allées à des demandes mieux classées qui demandaient les mêmes heures (toutes heures confondues, la crèche a retenu des demandes jusqu’à 42 points).',
    ],
    [
      { crecheId: 'c', reason: 'OUTRANKED', lowestHeldScore: 1 },
      'Les places sur ces horaires sont allées à des demandes mieux classées qui demandaient les mêmes heures (toutes heures confondues, la crèche a retenu des demandes jusqu’à 1 point).',
    ],
    [
      { crecheId: 'c', reason: 'OUTRANKED', lowestHeldScore: null },
      'Les places sur ces horaires sont allées à des demandes mieux classées qui demandaient les mêmes heures.',
    ],
    [
      { crecheId: 'c', reason: 'NO_CAPACITY', conflict: conflict('PLACES') },
      'Plus aucune place le 05/01/2027 de 5 h 30 à 7 h : toutes les places sont prises.',
    ],
    [
      { crecheId: 'c', reason: 'NO_CAPACITY', conflict: conflict('SURNOMBRE_115') },
      "Plus aucune place le 05/01/2027 de 5 h 30 à 7 h, même avec l'accueil en surnombre autorisé (115 %).",
    ],
    [
      { crecheId: 'c', reason: 'NO_CAPACITY', conflict: conflict('WEEKLY_100') },
      "Le taux d'occupation de la semaine du 05/01/2027 dépasserait 100 % avec cet enfant.",
    ],
    [{ crecheId: 'c', reason: 'AGE' }, "L'enfant n'a pas l'âge accueilli par la crèche à la date d'entrée."],
    [
      { crecheId: 'c', reason: 'CLOSED', conflict: conflict('CLOSED') },
      'La crèche est fermée le 05/01/2027 de 5 h 30 à 7 h, sur des horaires demandés.',
    ],
    [{ crecheId: 'c', reason: 'SOMETHING_NEW' }, 'Motif non précisé.'],
  ])('%j → %s', (raw, text) => {
    expect(unplacedReasonFr(asUnplacedReason(raw))).toBe(text);
  });

  it('reads a loosely typed reason defensively', () => {
    expect(asUnplacedReason({ reason: 'OUTRANKED' })).toEqual({
      crecheId: '',
      reason: 'OUTRANKED',
      lowestHeldScore: null,
    });
  });
});

describe('exclusion reasons', () => {
  it('names each reason the API accepts, once', () => {
    expect(EXCLUSION_REASONS.map((r) => r.value)).toEqual([
      'FAMILY_MOVED',
      'NO_LONGER_INTERESTED',
      'SCHEDULE_CHANGED',
      'CHILD_CARED_ELSEWHERE',
      'DUPLICATE_APPLICATION',
      'OTHER',
    ]);
    expect(new Set(EXCLUSION_REASONS.map((r) => r.label)).size).toBe(EXCLUSION_REASONS.length);
    expect(exclusionReasonFr('CHILD_CARED_ELSEWHERE')).toBe("L'enfant est déjà gardé ailleurs");
  });
});

describe('offers', () => {
  // 13:59 UTC in December is 14:59 in Paris; in July 15:59.
  const deadline = '2026-12-09T13:59:00.000Z';
  it('gives the deadline in Paris time', () => {
    expect(parisDateTimeFr(deadline)).toBe('mercredi 9 décembre 2026 à 14:59');
    expect(parisDateTimeFr('2027-07-01T13:59:00.000Z')).toBe('jeudi 1er juillet 2027 à 15:59');
  });

  it.each([
    [
      { status: 'OPEN' as const, answeredAt: null },
      'Réponse attendue avant le mercredi 9 décembre 2026 à 14:59 (heure de Paris)',
    ],
    [
      { status: 'ACCEPTED' as const, answeredAt: '2026-12-02T09:00:00.000Z' },
      'Acceptée le mercredi 2 décembre 2026 à 10:00',
    ],
    [
      { status: 'DECLINED' as const, answeredAt: '2026-12-02T09:00:00.000Z', declineReason: 'Trop loin' },
      'Refusée le mercredi 2 décembre 2026 à 10:00. Motif : « Trop loin »',
    ],
    [
      { status: 'DECLINED' as const, answeredAt: '2026-12-02T09:00:00.000Z', declineReason: null },
      'Refusée le mercredi 2 décembre 2026 à 10:00, sans motif donné',
    ],
    [
      { status: 'EXPIRED' as const, answeredAt: null },
      'Expirée le mercredi 9 décembre 2026 à 14:59 sans réponse (compte comme un refus)',
    ],
    [
      { status: 'WITHDRAWN' as const, answeredAt: null, withdrawalReason: 'CAPACITY_REDUCED' },
      "Retirée par la crèche : capacité d'accueil réduite",
    ],
  ])('%j → %s', (o, text) => {
    expect(offerAnswerFr({ deadline, ...o })).toBe(text);
  });

  it('names every status', () => {
    expect(['OPEN', 'ACCEPTED', 'DECLINED', 'EXPIRED', 'WITHDRAWN'].map((s) => offerStatusFr(s as never))).toEqual([
      'En attente de réponse',
      'Acceptée',
      'Refusée',
      'Expirée sans réponse',
      'Retirée par la crèche',
    ]);
  });
});

describe('who and when', () => {
  it.each([
    [{ childFirstName: 'Lou', parents: ['Camille Famille'] }, 'Lou (Camille Famille)'],
    [{ childFirstName: 'Lou', parents: ['A B', 'C D'] }, 'Lou (A B, C D)'],
    [{ childFirstName: 'Lou', parents: [] }, 'Lou'],
    [{ childFirstName: null, parents: [] }, 'Famille effacée'],
  ])('%j → %s', (p, text) => {
    expect(whoFr(p)).toBe(text);
  });

  it('says the choice and the default start of a round', () => {
    expect([1, 2, 3].map(preferenceFr)).toEqual(['1er choix', '2e choix', '3e choix']);
    // 23:30 UTC on 31 December is already January in Paris.
    expect(nextMonthStart(new Date('2026-12-31T23:30:00Z'))).toBe('2027-02-01');
    expect(nextMonthStart(new Date('2026-12-01T10:00:00Z'))).toBe('2027-01-01');
    expect(nextMonthStart(new Date('2026-06-15T10:00:00Z'))).toBe('2026-07-01');
  });
});

describe('ofNameFr', () => {
  it.each([
    ['Lou', 'de Lou'],
    ['Inès', "d'Inès"],
    ['Adam', "d'Adam"],
  ])('%s → %s', (name, text) => {
    expect(ofNameFr(name)).toBe(text);
  });
});

describe('compactScheduleFr', () => {
  const week = (days: number[], from: string, to: string) => days.map((weekday) => ({ weekday, from, to }));
  it.each([
    [week([1, 2, 3, 4, 5], '05:30', '13:30'), 'du lundi au vendredi de 5 h 30 à 13 h 30'],
    [
      [...week([1, 2, 3], '05:30', '13:30'), ...week([6], '06:00', '14:00')],
      'du lundi au mercredi de 5 h 30 à 13 h 30 ; samedi de 6 h à 14 h',
    ],
    [week([1, 2, 4], '07:30', '18:00'), 'lundi, mardi et jeudi de 7 h 30 à 18 h'],
    [
      [...week([1, 3, 5], '13:00', '21:00'), ...week([6], '08:00', '12:00')],
      'lundi, mercredi et vendredi de 13 h à 21 h ; samedi de 8 h à 12 h',
    ],
    [week([1, 2, 3, 5, 6], '08:00', '17:00'), 'du lundi au mercredi, vendredi et samedi de 8 h à 17 h'],
    [[...week([3], '13:00', '21:00'), ...week([3], '08:00', '12:00')], 'mercredi de 8 h à 12 h et de 13 h à 21 h'],
    [[], 'aucun horaire'],
  ])('%j → %s', (schedule, text) => {
    expect(compactScheduleFr(schedule)).toBe(text);
  });
});

describe('replayWarning', () => {
  it('tells a snapshot changed outside Berceau, households erased since, and a difference neither explains', () => {
    expect(replayWarning({ hashMatches: false, erasedApplicants: 1 })).toContain(
      'ne correspondent plus à leur empreinte',
    );
    expect(replayWarning({ hashMatches: true, erasedApplicants: 1 })).toContain(
      'une demande a été réduite depuis l’attribution, son foyer ayant demandé l’effacement de ses données',
    );
    expect(replayWarning({ hashMatches: true, erasedApplicants: 3 })).toContain(
      '3 demandes ont été réduites depuis l’attribution, leurs foyers ayant demandé l’effacement de leurs données',
    );
    expect(replayWarning({ hashMatches: true, erasedApplicants: 0 })).toBe(
      'Rejoué sur les données enregistrées, le calcul donne un autre résultat : ne confirmez pas, lancez une nouvelle attribution.',
    );
  });
});
