import { layoutEmail, RenderedEmail } from './email-layout';
import { atPlaceFr } from '../../../common/text/french-places';

/** Facts every template receives about its recipient and the deployment. */
export interface RecipientFacts {
  readonly firstName: string;
  readonly baseUrl: string;
}

export interface WelcomeFacts extends RecipientFacts {
  /** The link that proves the address, while it is not proved yet. */
  readonly verifyUrl?: string;
}

export function renderWelcome(f: WelcomeFacts): RenderedEmail {
  return layoutEmail({
    subject: 'Bienvenue sur Berceau',
    // No name here: the registrant chose it, and this e-mail goes to an address nobody has proved yet (issue #13).
    greeting: 'Bonjour,',
    paragraphs: [
      'Bienvenue sur Berceau ! Votre compte est créé.',
      ...(f.verifyUrl
        ? [
            "Confirmez d'abord votre adresse e-mail avec le bouton ci-dessous (le lien est valable 72 heures) : vous pourrez ensuite déposer une demande de place ou rejoindre le foyer qui vous invite. Si vous n'avez pas créé de compte, ignorez ce message.",
          ]
        : []),
      "Vous pouvez déclarer votre foyer, simuler votre participation familiale et déposer une demande de place dans les crèches du territoire. Vous suivrez ensuite votre demande et votre position en liste d'attente en toute transparence.",
    ],
    action: f.verifyUrl
      ? { label: 'Confirmer mon adresse e-mail', url: f.verifyUrl, secret: true }
      : { label: 'Accéder à mon espace', url: `${f.baseUrl}/` },
  });
}

/** A new link to prove the account's address, on request. */
export function renderEmailVerification(f: RecipientFacts & { verifyUrl: string }): RenderedEmail {
  return layoutEmail({
    subject: 'Confirmez votre adresse e-mail',
    greeting: `Bonjour ${f.firstName},`,
    paragraphs: ['Voici un nouveau lien pour confirmer votre adresse e-mail sur Berceau. Il est valable 72 heures.'],
    action: { label: 'Confirmer mon adresse e-mail', url: f.verifyUrl, secret: true },
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

/**
 * A crèche's staff account, made by its manager for an auxiliary who does the pointage: the link sets the account's
 * first password (it has none anyone knows until then) and proves the address.
 */
export function renderStaffInvitation(
  f: RecipientFacts & {
    crecheName: string;
    /** null once the password is chosen. */ setPasswordUrl: string | null;
    /** The account existed already (an auxiliary of another crèche too): it joins one more team. */
    addedToTeam?: boolean;
  },
): RenderedEmail {
  const created = f.addedToTeam
    ? `La direction de la crèche ${f.crecheName} a ajouté votre compte Berceau à son équipe : vous pouvez maintenant y pointer aussi les arrivées et les départs des enfants. Choisissez la crèche dans la liste en haut des pages de pointage.`
    : `La direction de la crèche ${f.crecheName} vous a créé un compte Berceau pour pointer les arrivées et les départs des enfants.`;
  return layoutEmail({
    subject: `Votre compte Berceau pour le pointage ${atPlaceFr(f.crecheName)}`,
    greeting: `Bonjour ${f.firstName},`,
    paragraphs: f.setPasswordUrl
      ? [
          created,
          'Choisissez votre mot de passe avec le bouton ci-dessous : le lien est valable 7 jours et ne sert qu’une fois. Vous vous connecterez ensuite avec cette adresse e-mail et ce mot de passe.',
          'Si le lien a expiré, demandez-en un nouveau avec « Mot de passe oublié » sur la page de connexion. Si vous ne travaillez pas dans cette crèche, ignorez ce message.',
        ]
      : [
          created,
          f.addedToTeam
            ? 'Connectez-vous comme d’habitude, avec cette adresse e-mail et votre mot de passe.'
            : 'Votre mot de passe est choisi : connectez-vous avec cette adresse e-mail et ce mot de passe.',
        ],
    action: f.setPasswordUrl
      ? { label: 'Choisir mon mot de passe', url: f.setPasswordUrl, secret: true }
      : { label: 'Me connecter', url: `${f.baseUrl}/connexion` },
  });
}

/** The link to choose a new password, asked from the "Mot de passe oublié" page. */
export function renderPasswordReset(f: RecipientFacts & { resetUrl: string }): RenderedEmail {
  return layoutEmail({
    subject: 'Choisissez un nouveau mot de passe',
    greeting: `Bonjour ${f.firstName},`,
    paragraphs: [
      'Vous avez demandé à changer le mot de passe de votre compte Berceau. Choisissez-en un nouveau avec le bouton ci-dessous : le lien est valable une heure et ne sert qu’une fois. Toutes vos sessions ouvertes seront fermées.',
      "Si vous n'avez rien demandé, ignorez ce message : votre mot de passe ne change pas.",
    ],
    action: { label: 'Choisir un nouveau mot de passe', url: f.resetUrl },
  });
}
