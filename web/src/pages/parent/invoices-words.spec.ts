import { familyBalanceFr } from './invoices-words';

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
