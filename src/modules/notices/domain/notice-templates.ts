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
    greeting: `Bonjour ${f.firstName},`,
    paragraphs: [
      'Bienvenue sur Berceau ! Votre compte est créé.',
      "Vous pouvez maintenant déclarer votre foyer, simuler votre participation familiale et déposer une demande de place dans les crèches du territoire. Vous suivrez ensuite votre demande et votre position en liste d'attente en toute transparence.",
    ],
    action: { label: 'Accéder à mon espace', url: `${f.baseUrl}/` },
  });
}
