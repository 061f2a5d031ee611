import { explainQuote } from '../public/quote-steps';
import type { OfferDetail as Offer } from './follow-types';
import {
  criterionFr,
  lastRoundFr,
  contractDiffersFr,
  estimatedLeaveWeeks,
  frenchDateTime,
  frenchLongDate,
  offerQuote,
  pointsFr,
  withChildFr,
} from './follow-words';

const offer = (over: Partial<Offer> = {}): Offer => ({
  id: 'o',
  roundId: 'r',
  applicationId: 'a',
  familyId: 'f',
  childId: 'c',
  crecheId: 'k',
  startDate: '2027-09-01',
  endDate: '2028-08-30',
  schedule: [],
  score: 300,
  status: 'OPEN',
  deadline: '2026-12-09T13:59:00.000Z',
  estimatedHourlyRate: '1.49',
  estimatedMonthlyFee: '259.63',
  answeredAt: null,
  contractId: null,
  withdrawalReason: null,
  feeTrace: null,
  ...over,
});

const trace = (scale: string, monthlyHours: string) => [
  { step: 'SELECT_SCALE', inputs: { date: '2027-09-01' }, rule: '', source: '', value: scale },
  { step: 'EFFORT_RATE', inputs: {}, rule: '', source: '', value: '0.0619' },
  { step: 'MONTHLY_HOURS', inputs: { reservedHours: '2091', months: 12 }, rule: '', source: '', value: monthlyHours },
  { step: 'MONTHLY_FEE', inputs: {}, rule: '', source: '', value: '259.63' },
];

describe('the follow-up pages in French', () => {
  it('names each criterion, the months on the waitlist and the refusals', () => {
    expect(criterionFr('SINGLE_PARENT')).toBe('Famille monoparentale');
    expect(criterionFr('WAITING_MONTHS (1)')).toBe('Ancienneté de la demande : 1 mois complet sur la liste d’attente');
    expect(criterionFr('WAITING_MONTHS (7)')).toBe('Ancienneté de la demande : 7 mois complets sur la liste d’attente');
    expect(criterionFr('REFUSALS (2)')).toBe('2 offres refusées ou expirées');
    expect(criterionFr('SOMETHING_NEW')).toBe('SOMETHING_NEW');
    expect([pointsFr(300), pointsFr(-20), pointsFr(1), pointsFr(0)]).toEqual([
      '+300 points',
      '−20 points',
      '+1 point',
      '0 point',
    ]);
  });

  it('gives a deadline in Paris time, whatever the time zone of the browser, and dates without shifting them', () => {
    // 23:30 UTC on 31 December is already 1 January in Paris.
    expect(frenchDateTime('2026-12-31T23:30:00.000Z')).toBe('vendredi 1er janvier 2027 à 00:30');
    expect(frenchLongDate('2027-09-01')).toBe('mercredi 1er septembre 2027');
  });

  it("reads the offer's estimate as a quote from its trace: scale, verification and monthly hours", () => {
    const verified = offerQuote(offer({ feeTrace: trace('2026-01-01 (cnaf-2026)', '8365/48 h = 174.25 h') }));
    expect(verified).toMatchObject({
      monthlyFee: '259.63',
      hourlyRate: '1.49',
      monthlyHours: '174.25',
      scale: { id: 'cnaf-2026', effectiveFrom: '2026-01-01', verified: true },
    });
    expect(explainQuote(verified!).map((s) => s.title)).toEqual([
      'Le barème',
      'Le taux d’effort',
      'Les heures par mois',
      'La participation mensuelle',
    ]);
    const unverified = offerQuote(offer({ feeTrace: trace('2026-01-01 (cnaf-2026, unverified)', '150') }));
    expect(unverified).toMatchObject({ monthlyHours: '150.00', scale: { verified: false } });
    expect(explainQuote(unverified!)[0].text).toMatch(/pas encore été vérifiés/);
  });

  it('has no quote without a trace or without an estimate (erased household, no scale)', () => {
    expect(offerQuote(offer({ feeTrace: null }))).toBeNull();
    expect(offerQuote(offer({ feeTrace: trace('2026-01-01 (x)', '1'), estimatedMonthlyFee: null }))).toBeNull();
  });
});

describe('withChildFr and estimatedLeaveWeeks', () => {
  it('elides before a vowel or a mute h', () => {
    expect(withChildFr('Anna')).toBe('d’Anna');
    expect(withChildFr('Élise')).toBe('d’Élise');
    expect(withChildFr('Hugo')).toBe('d’Hugo');
    expect(withChildFr('Lina')).toBe('de Lina');
  });

  it("reads the weeks of leave the offer's estimate took out", () => {
    const reserved = (inputs: Record<string, unknown>) => ({
      feeTrace: [{ step: 'RESERVED_HOURS', inputs, value: '1236 h' }],
    });
    expect(estimatedLeaveWeeks(reserved({ undatedLeaveWeeks: 5 }))).toBe(5);
    expect(estimatedLeaveWeeks(reserved({ undatedLeaveWeeks: null }))).toBe(0);
    expect(estimatedLeaveWeeks({ feeTrace: null })).toBe(0);
  });
});

describe('lastRoundFr', () => {
  const round = {
    confirmedAt: '2026-12-07T09:30:00Z',
    lowestHeldScore: null,
    conflict: null,
    exclusionReason: null,
  };
  const proved = { score: 378, verifiedScore: 378 };
  it('says why no place was offered, with the lowest verified score kept and the points waiting for proof', () => {
    expect(
      lastRoundFr({ ...round, outcome: 'OUTRANKED', lowestHeldScore: 378 }, { score: 436, verifiedScore: 356 }),
    ).toBe(
      'Lors de l’attribution des places du 7 décembre 2026, aucune place ne vous a été proposée dans cette crèche : les places sur vos horaires sont allées à des demandes d’au moins 378 points vérifiés (l’attribution ne compte que les points vérifiés). Vos points déclarés mais pas encore vérifiés (80) ne comptaient pas : envoyez vos justificatifs pour qu’ils comptent à la prochaine attribution.',
    );
    expect(lastRoundFr({ ...round, outcome: 'OUTRANKED', lowestHeldScore: 378 }, proved)).not.toContain(
      'justificatifs',
    );
  });
  it('names the day and hours that did not fit, and every other outcome in the family’s words', () => {
    const conflict = { date: '2027-09-06', from: '19:00', to: '21:00' };
    expect(lastRoundFr({ ...round, outcome: 'NO_CAPACITY', conflict }, proved)).toContain(
      'il ne restait pas de place libre sur vos horaires (par exemple le lundi 6 septembre 2027, de 19:00 à 21:00).',
    );
    expect(lastRoundFr({ ...round, outcome: 'CLOSED', conflict }, proved)).toContain(
      'la crèche est fermée sur une partie des horaires demandés (le lundi 6 septembre 2027, de 19:00 à 21:00)',
    );
    expect(lastRoundFr({ ...round, outcome: 'EXCLUDED', exclusionReason: 'FAMILY_MOVED' }, proved)).toBe(
      'Lors de l’attribution des places du 7 décembre 2026, la crèche a écarté votre demande (la crèche a noté que vous avez déménagé). Si ce n’est pas le cas, dites-le à la crèche.',
    );
    for (const outcome of ['OFFERED', 'PLACED_AT_PREFERRED', 'AGE', 'ONE_OFFER_PER_FAMILY'] as const)
      expect(lastRoundFr({ ...round, outcome }, proved)).toMatch(
        /^Lors de l’attribution des places du 7 décembre 2026, /,
      );
  });
});

describe('contractDiffersFr', () => {
  it('names the undated leave when the estimate left weeks out and the contract dated none', () => {
    expect(contractDiffersFr(5, 0)).toContain(
      'l’estimation déduisait 5 semaines de congés par an, mais aucune date de congés n’a été donnée à l’acceptation',
    );
    expect(contractDiffersFr(1, 0)).toContain('déduisait 1 semaine de congés');
    expect(contractDiffersFr(5, 2)).toContain('le contrat compte les congés datés à l’acceptation');
    expect(contractDiffersFr(0, 0)).not.toContain('semaine');
  });
});
