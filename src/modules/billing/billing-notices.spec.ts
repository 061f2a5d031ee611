import { monthNotIssuedWords } from './billing-notices';

describe(monthNotIssuedWords.name, () => {
  const words = (reason: Parameters<typeof monthNotIssuedWords>[0]) =>
    monthNotIssuedWords(reason, 'juillet 2027', '31 août 2027');

  it('names the open arrivals by their days and says what lifts the reason', () => {
    const w = words({ code: 'INVOICE.ATTENDANCE_OPEN', count: 2, days: ['2027-07-15', '2027-07-16'] });
    expect(w.why).toBe(
      '2 arrivées sans départ pointé en juillet 2027 (15 juillet 2027, 16 juillet 2027) : ces heures ne seraient jamais facturées.',
    );
    expect(w.next).toBe(
      'Dès que l’heure de départ est saisie (page Aujourd’hui, « Départs non pointés »), vous pouvez émettre les factures de juillet 2027 depuis Facturation ; sinon Berceau réessaie chaque matin, jusqu’au 31 août 2027.',
    );
  });

  it('sends the manager to the administrator when fees stay unrecomputed, and asks nothing for a technical error', () => {
    expect(words({ code: 'INVOICE.FEES_PENDING' }).why).toContain('prévenez l’administrateur de Berceau');
    expect(words({ code: 'INVOICE.FEES_PENDING' }).why).not.toContain('une minute');
    const technical = words({ code: 'TECHNICAL' });
    expect(technical.why).toMatch(/^une erreur technique/);
    expect(technical.next).toMatch(
      /^Vous n’avez rien à faire : Berceau réessaie chaque matin, jusqu’au 31 août 2027\./,
    );
  });

  it('gives another refusal by its code, for Facturation to explain', () => {
    expect(words({ code: 'CRECHE.NOT_FOUND' }).why).toBe(
      'l’émission a été refusée (code CRECHE.NOT_FOUND) ; émettez les factures de juillet 2027 depuis Facturation pour en lire la raison.',
    );
  });
});
