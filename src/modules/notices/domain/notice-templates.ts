import { layoutEmail, RenderedEmail } from './email-layout';

/** Facts every template receives about its recipient and the deployment. */
export interface RecipientFacts {
  readonly firstName: string;
  readonly baseUrl: string;
}

export interface WelcomeFacts extends RecipientFacts {}

export function renderWelcome(f: WelcomeFacts): RenderedEmail {
  return layoutEmail({
    subject: 'Bienvenue sur Berceau',
    // No name here: the registrant chose it, and this e-mail goes to an address nobody has proved yet (issue #13).
    greeting: 'Bonjour,',
    paragraphs: [
      'Bienvenue sur Berceau ! Votre compte est créé.',
      "Vous pouvez maintenant déclarer votre foyer, simuler votre participation familiale et déposer une demande de place dans les crèches du territoire. Vous suivrez ensuite votre demande et votre position en liste d'attente en toute transparence.",
    ],
    action: { label: 'Accéder à mon espace', url: `${f.baseUrl}/` },
  });
}

/** Someone asked to create an account with an address that already has one: its owner is told, nobody else. */
export function renderAccountExists(f: WelcomeFacts): RenderedEmail {
  return layoutEmail({
    subject: 'Votre compte Berceau existe déjà',
    greeting: `Bonjour ${f.firstName},`,
    paragraphs: [
      "Quelqu'un vient de demander la création d'un compte Berceau avec votre adresse e-mail, qui en a déjà un.",
      "Si c'est vous, connectez-vous avec votre mot de passe habituel. Sinon, vous n'avez rien à faire : aucun compte n'a été créé et votre compte n'a pas changé.",
    ],
    action: { label: 'Me connecter', url: `${f.baseUrl}/` },
  });
}
