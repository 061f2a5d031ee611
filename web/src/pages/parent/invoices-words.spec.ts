import { familyBalanceFr, familyOverdueFr, invoiceDueFr } from './invoices-words';

describe('familyBalanceFr', () => {
  it.each([
    ['36.50', 'reste à payer 36,50\u00a0€.'],
    ['0.00', 'vous êtes à jour, rien à payer.'],
    ['-0.00', 'vous êtes à jour, rien à payer.'],
    [
      '-12.30',
      'vous avez payé 12,30\u00a0€ de plus que facturé : la crèche vous les rembourse ou les déduit d’une prochaine facture.',
    ],
  ])('%s → %s', (balance, words) => {
    expect(familyBalanceFr(balance)).toBe(words);
  });
});

describe('invoiceDueFr and familyOverdueFr (R8.13, R8.14)', () => {
  it('says the due date, or "on receipt" when it is the day of issue in France, or nothing', () => {
    // Issued at 00:30 in Paris on 1 April: due the same day is "on receipt".
    expect(invoiceDueFr({ issuedAt: '2027-03-31T22:30:00Z', dueOn: '2027-04-01' })).toBe(', payable à réception');
    expect(invoiceDueFr({ issuedAt: '2027-03-31T22:30:00Z', dueOn: '2027-04-16' })).toBe(
      ', à régler au plus tard le 16 avril 2027',
    );
    expect(invoiceDueFr({ issuedAt: '2027-03-31T22:30:00Z', dueOn: null })).toBe('');
  });

  it('says a settled invoice is, and what is left of one partly paid', () => {
    const april = { issuedAt: '2027-04-01T08:00:00Z', dueOn: '2027-04-16', total: '180.00' };
    expect(invoiceDueFr({ ...april, unsettled: '0.00' })).toBe(', réglée');
    expect(invoiceDueFr({ ...april, unsettled: '65.00' })).toBe(
      ', reste 65,00\u00a0€ à régler au plus tard le 16 avril 2027',
    );
    expect(invoiceDueFr({ ...april, unsettled: '180.00' })).toBe(', à régler au plus tard le 16 avril 2027');
    expect(invoiceDueFr({ ...april, dueOn: null, unsettled: '65.00' })).toBe(', reste 65,00\u00a0€ à régler');
  });

  it('says what is late and since when, nothing when nothing is', () => {
    expect(familyOverdueFr({ overdue: '65.00', overdueSince: '2026-12-16' })).toBe(
      'Dont 65,00\u00a0€ en retard : à régler depuis le 16 décembre 2026.',
    );
    expect(familyOverdueFr({ overdue: '0.00', overdueSince: null })).toBeNull();
  });
});
