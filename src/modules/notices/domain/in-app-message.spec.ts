import { layoutEmail } from './email-layout';
import { inAppMessage } from './in-app-message';
import { renderEmailVerification } from './notice-templates';

describe('a notice shown in the app', () => {
  const base = 'https://berceau.example';

  it('keeps the e-mail text word for word, and turns its link into a path of the app', () => {
    const email = layoutEmail({
      subject: 'Sujet',
      greeting: 'Bonjour Léa,',
      paragraphs: ['Premier paragraphe.'],
      facts: [['Crèche', 'Les Lilas']],
      action: { label: "Voir l'offre", url: `${base}/offres/42` },
    });
    const view = inAppMessage(email, `${base}/`);
    expect(view.subject).toBe('Sujet');
    expect(view.action).toEqual({ label: "Voir l'offre", href: '/offres/42' });
    expect([view.text, `Voir l'offre : ${base}/offres/42`, view.closing].join('\n\n')).toBe(email.text);
    expect(view.text).toContain('- Crèche : Les Lilas');
    expect(view.closing).toMatch(/^L'équipe Berceau/);
    expect(view.actionWithheld).toBe(false);
  });

  it('never shows a link that proves the address, marked or carrying a token', () => {
    const marked = renderEmailVerification({
      firstName: 'Léa',
      baseUrl: base,
      verifyUrl: `${base}/verifier-email?token=abc`,
    });
    expect(inAppMessage(marked, base)).toMatchObject({ action: null, actionWithheld: true });
    expect(JSON.stringify(inAppMessage(marked, base))).not.toContain('abc');
    const unmarked = layoutEmail({
      subject: 's',
      greeting: 'g',
      paragraphs: [],
      action: { label: 'Nouveau mot de passe', url: `${base}/nouveau-mot-de-passe?token=xyz` },
    });
    expect(inAppMessage(unmarked, base)).toMatchObject({ action: null, actionWithheld: true });
  });

  it('keeps a link to another site whole', () => {
    const email = layoutEmail({
      subject: 's',
      greeting: 'g',
      paragraphs: [],
      action: { label: 'Caf', url: 'https://caf.fr/x' },
    });
    expect(inAppMessage(email, base).action).toEqual({ label: 'Caf', href: 'https://caf.fr/x' });
  });
});

describe('the e-mail layout', () => {
  it('writes the same text as before: greeting, paragraphs, facts, action, signature, by blank lines', () => {
    const email = layoutEmail({
      subject: 's',
      greeting: 'Bonjour,',
      paragraphs: ['Un.', 'Deux.'],
      facts: [['A', '1']],
      action: { label: 'Voir', url: 'https://b.example/x' },
    });
    expect(email.text).toBe(
      "Bonjour,\n\nUn.\n\nDeux.\n\n- A : 1\n\nVoir : https://b.example/x\n\nL'équipe Berceau\n\nCe message vous est envoyé automatiquement par Berceau ; merci de ne pas y répondre directement.",
    );
    expect(layoutEmail({ subject: 's', greeting: 'Bonjour,', paragraphs: ['Un.'] }).text).toBe(
      "Bonjour,\n\nUn.\n\nL'équipe Berceau\n\nCe message vous est envoyé automatiquement par Berceau ; merci de ne pas y répondre directement.",
    );
  });
});
