import { fieldErrorsOf, isApiError, type ApiError } from './api-error';

/**
 * Everything a family reads is French (issue #15), but the API speaks English: its error codes are stable, its
 * validation messages are class-validator's. Pages show `frenchError(e)` above a form and `fieldErrorsFr(e)` beside
 * each field. A page with a better sentence for one case says it itself and falls back on these. Every code of
 * src/common/errors/error-codes.ts has its sentence here, or deliberately the fallback of its status (errors-fr.spec.ts).
 */
const BY_CODE: Readonly<Record<string, string>> = {
  NETWORK: 'Le service ne répond pas. Vérifiez votre connexion puis réessayez.',
  'VALIDATION.FAILED': 'Corrigez les champs signalés.',
  'REQUEST.MALFORMED': 'La demande n’a pas pu être lue. Rechargez la page puis réessayez.',
  'REQUEST.TOO_DEEP': 'La demande n’a pas pu être lue. Rechargez la page puis réessayez.',
  'REQUEST.TOO_LARGE': 'Le fichier est trop lourd.',
  'REQUEST.UNSUPPORTED_MEDIA_TYPE': 'Ce type de fichier n’est pas accepté : envoyez un PDF, un JPEG ou un PNG.',
  'AUTH.UNAUTHENTICATED': 'Votre session a expiré : reconnectez-vous.',
  'AUTH.INVALID_CREDENTIALS': 'Adresse e-mail ou mot de passe incorrect.',
  'AUTH.FORBIDDEN': 'Vous n’avez pas accès à cette information.',
  'AUTH.EMAIL_NOT_VERIFIED': 'Confirmez d’abord votre adresse e-mail avec le lien reçu par e-mail.',
  'AUTH.VERIFICATION_INVALID': 'Ce lien n’est plus valable : demandez-en un nouveau.',
  'AUTH.TOO_MANY_ATTEMPTS': 'Trop de tentatives : patientez quelques minutes avant de réessayer.',
  'REQUEST.TOO_MANY': 'Trop de demandes en peu de temps : patientez une minute avant de réessayer.',
  'REQUEST.CONCURRENT_CHANGE':
    'Une autre opération modifiait les mêmes données au même moment : rien n’a été enregistré, réessayez.',
  'USER.EMAIL_TAKEN': 'Cette adresse e-mail est déjà utilisée.',
  'CHILD.NOT_FOUND': 'Cet enfant est introuvable.',
  'CHILD.DUPLICATE':
    'Un enfant de ce prénom, né (ou attendu) à moins de neuf mois de cette date, est déjà enregistré dans votre foyer : corrigez sa fiche plutôt que d’en créer une seconde.',
  'CHILD.IN_USE': 'Cet enfant ne peut pas être retiré du foyer : un dossier le concerne.',
  'FAMILY.NOT_FOUND': 'Ce foyer est introuvable.',
  'FAMILY.CHILDREN_LIMIT':
    'Vous avez atteint le nombre d’enfants déclarés pour votre foyer : corrigez d’abord ce nombre.',
  'FAMILY.ALREADY_MEMBER': 'Cette personne fait déjà partie du foyer.',
  'FAMILY.PARENTS_LIMIT': 'Ce foyer compte déjà deux parents : il ne peut pas en accueillir un troisième.',
  'FAMILY.REQUIRED': 'Créez d’abord votre foyer.',
  'INVITATION.NOT_FOUND': 'Cette invitation est introuvable ou a déjà été utilisée.',
  'DECLARATION.NOT_FOUND': 'Cette déclaration est introuvable.',
  'DECLARATION.ALREADY_REVIEWED': 'Cette déclaration a déjà été examinée.',
  'DECLARATION.PENDING_EXISTS':
    'Une déclaration est déjà en attente de vérification : attendez la décision de la crèche, ou retirez-la pour en envoyer une autre.',
  'DECLARATION.MONTHS_INVOICED':
    'Des mois à partir desquels cette déclaration s’applique sont déjà facturés : ces factures restent à l’ancienne participation.',
  'DECLARATION.CONTRACTS_CHANGING':
    'Des contrats de ce foyer viennent d’être signés pendant la vérification : réessayez dans un instant.',
  'CLAIM.NOT_DECLARED': "Cette situation n'est pas déclarée pour votre foyer : déclarez-la d'abord.",
  'CLAIM.DECLARATION_CHANGED':
    "La famille a changé cette déclaration depuis que vous l'avez lue : rien n'a été enregistré. Rechargez la liste et vérifiez le justificatif de la nouvelle déclaration.",
  'CLAIM.TWO_PARENTS':
    'Un second parent a rejoint ce foyer : la situation de parent isolé ne peut plus être vérifiée. La famille doit corriger sa déclaration.',
  'CLAIM_PROOF.NOT_FOUND': 'Ce justificatif est introuvable.',
  'APPLICATION.NOT_FOUND': 'Cette demande est introuvable.',
  'APPLICATION.ACTIVE_EXISTS': 'Cet enfant a déjà une demande en cours.',
  'APPLICATION.NOT_ACTIVE': 'Cette demande n’est plus active.',
  'OFFER.NOT_FOUND': 'Cette proposition est introuvable.',
  'OFFER.ALREADY_ANSWERED': 'Vous avez déjà répondu à cette proposition.',
  'OFFER.EXPIRED': 'Le délai pour répondre à cette proposition est dépassé.',
  'OFFER.WITHDRAWN': 'La crèche a retiré cette proposition.',
  'OFFER.CHILD_AGE':
    "Votre enfant n'a pas l'âge d'accueil de cette crèche à la date d'entrée : au-delà de l'âge maximal, seul un handicap déclaré et vérifié par la crèche permet l'accueil. Contactez la crèche avant la date limite de réponse.",
  'CRECHE.NOT_FOUND': 'Cette crèche est introuvable.',
  'WAITLIST.CHANGED': 'La liste d’attente a changé entre-temps : rechargez-la depuis le début.',
  'ROUND.NOT_FOUND': 'Cette attribution est introuvable.',
  'ROUND.ALREADY_CONFIRMED': 'Cette attribution a déjà été confirmée.',
  'ROUND.STALE':
    'Les places ou les demandes ont changé depuis le calcul de cette attribution : lancez une nouvelle attribution.',
  'CONTRACT.NOT_FOUND': 'Ce contrat est introuvable.',
  'CONTRACT.OVERLAPS': 'Cet enfant a déjà un contrat sur une partie de cette période.',
  'CONTRACT.OVERLAPS_BOOKING':
    'Cet enfant a une réservation dans les heures de ce contrat : elle serait facturée en plus et compterait une seconde place. Annulez-la d’abord, ou faites commencer le contrat après.',
  'CONTRACT.SHARED_FEE':
    'Ce contrat est partagé entre deux foyers (résidence alternée) : la situation de chaque foyer change par sa propre déclaration.',
  'CONTRACT.ALREADY_ENDED': 'Ce contrat est déjà terminé : sa date de fin ne peut plus changer.',
  'BOOKING.ALREADY_CANCELLED': 'Cette réservation est déjà annulée.',
  'ATTENDANCE.ALREADY_CHECKED_IN': 'Cet enfant est déjà pointé à son arrivée ce jour.',
  'ATTENDANCE.NOT_CHECKED_IN': 'Cet enfant n’a pas été pointé à son arrivée ce jour.',
  'ATTENDANCE.ALREADY_CHECKED_OUT': 'Le départ de cet enfant est déjà pointé ce jour.',
  'ATTENDANCE.CHILD_ABSENT':
    "Cet enfant est noté absent ce jour : seule la direction peut retirer l'absence avant de pointer son arrivée.",
  'ATTENDANCE.CLOSED_DAY': 'La crèche est fermée ce jour-là (jour férié ou fermeture) : aucun pointage ce jour.',
  'ATTENDANCE.IN_OTHER_CRECHE':
    'Cet enfant est pointé présent dans une autre crèche ce jour, sans départ : son départ de là-bas d’abord.',
  'ABSENCE.INVOICED':
    'Cette absence touche un mois déjà facturé : une facture émise ne change plus, corrigez-la par un avoir.',
  'ABSENCE.DUPLICATE': 'Cette absence est déjà enregistrée (même motif, mêmes dates).',
  'CRECHE.MONTH_INVOICED':
    'Cette fermeture touche un mois déjà facturé : ses factures ne changent plus. Corrigez-les par un avoir, ou choisissez des jours d’un mois pas encore facturé.',
  'CRECHE.CLOSED_DAY_ATTENDED':
    'Des enfants ont été pointés sur un jour de cette fermeture : la crèche était ouverte. Corrigez d’abord le pointage de ce jour, ou choisissez d’autres jours.',
  'ATTENDANCE.INVOICED':
    'Ce jour est dans un mois déjà facturé : son pointage ne change plus, corrigez la facture par un avoir.',
  'PRIVACY.ERASURE_BLOCKED':
    'L’effacement attend : pour votre foyer, un contrat court encore, un mois reste à facturer ou un solde reste à régler. Demandez l’effacement une fois tout réglé, ou contactez la crèche.',
  'CONTRACT.MONTH_INVOICED':
    'Ce changement toucherait un mois déjà facturé à ce foyer : une facture émise ne change plus. Choisissez une date dans un mois pas encore facturé, et corrigez par un avoir ce qui a été facturé en trop.',
  'CONTRACT.ATTENDED_AFTER_END':
    'L’enfant a été pointé présent après cette date de fin : ces heures ne seraient facturées par aucune facture. Choisissez une date de fin après son dernier jour de présence, ou supprimez d’abord le pointage d’un jour où l’enfant n’est pas venu.',
  'BOOKING.ATTENDED':
    'L’enfant a été pointé présent ce jour-là : cette réservation a eu lieu et sera facturée. Si l’enfant n’est pas venu, supprimez d’abord ce pointage.',
  'BOOKING.WITHIN_CONTRACT':
    'Ces heures sont déjà prévues au contrat de l’enfant : réservez seulement les heures en dehors.',
  'BOOKING.MONTH_INVOICED':
    'Le mois de cette réservation est déjà facturé à ce foyer : une facture émise ne change plus. Choisissez un jour d’un mois pas encore facturé, ou corrigez la facture par un avoir.',
  'PAYMENT.ALREADY_CANCELLED': 'Ce paiement est déjà annulé : rechargez la page pour voir la situation à jour.',
  'REMINDER.NOTHING_OVERDUE': 'Ce foyer n’a plus rien en retard : rechargez la page pour voir son solde à jour.',
  'REMINDER.ALREADY_SENT_TODAY': 'Un rappel a déjà été envoyé aujourd’hui à ce foyer : un seul par jour.',
  'REMINDER.NO_RECIPIENT': 'Ce foyer n’a plus de parent à qui écrire.',
  'CAPACITY.FULL': 'Il n’y a plus de place disponible sur ces horaires.',
  'STAFF.ALREADY_IN_TEAM': 'Cette personne fait déjà partie de l’équipe de cette crèche.',
  'STAFF.ACCOUNT_DISABLED':
    'Le compte de pointage de cette adresse est désactivé : invitez la personne avec une autre adresse.',
  'CRECHE.NAME_TAKEN': 'Une autre crèche du territoire porte déjà ce nom.',
  'CRECHE.FIELD_ADMIN_ONLY':
    'Seul un administrateur peut modifier ce réglage : le nom, le type, la commune, les places autorisées, le surnombre, les âges accueillis, les places réservées et le plafond de ressources relèvent de l’agrément PMI, du territoire ou de la Caf.',
  'CRECHE.CAPACITY_BELOW_PLANNED':
    'Ce changement laisserait des enfants prévus sans place : terminez ou déplacez d’abord leurs contrats ou réservations.',
  'FEE_SCALE.IN_USE':
    'Ce barème a déjà servi à calculer des participations : publiez une nouvelle version plutôt que de le modifier.',
  'FEE_SCALE.DATE_TAKEN': 'Une version du barème s’applique déjà à cette date.',
  'FEE_SCALE.MONTHS_INVOICED':
    'Des factures sont déjà émises pour des mois que cette version couvrirait : elles gardent les participations facturées. Créez-la en le sachant, ou choisissez une date d’effet plus tardive.',
  'INVOICE.FEES_PENDING':
    'Des participations de ce mois sont en cours de recalcul : réessayez dans quelques minutes. Si rien ne change, le recalcul se fait au plus tard la nuit suivante.',
  'INVOICE.ATTENDANCE_OPEN':
    'Des arrivées de ce mois n’ont pas de départ pointé : saisissez l’heure de départ (page Aujourd’hui, « Départs non pointés ») avant d’émettre les factures.',
  'FEE.NO_SCALE': 'Aucun barème n’est publié pour cette date : choisissez une date plus proche.',
  'FEE_COMPUTATION.NOT_FOUND': 'Ce calcul de participation est introuvable.',
  'TERRITORY.NOT_FOUND': 'Ce territoire est introuvable.',
  'TERRITORY.NAME_TAKEN': 'Un autre territoire porte déjà ce nom.',
  'ROUTE.NOT_FOUND': 'Cette information est introuvable.',
  'SERVICE.UNAVAILABLE': 'Service momentanément indisponible : réessayez dans un instant.',
};

export function frenchError(e: unknown): string {
  if (!isApiError(e)) return BY_CODE.NETWORK;
  const known = BY_CODE[e.code];
  if (known) return known;
  if (e.statusCode === 404) return 'Cette information est introuvable.';
  if (e.statusCode === 403) return BY_CODE['AUTH.FORBIDDEN'];
  if (e.statusCode === 409)
    return 'Cette action n’est plus possible : rechargez la page pour voir la situation à jour.';
  return 'L’opération n’a pas abouti. Réessayez dans quelques instants.';
}

/** What a field left empty says, once, in every form (the same words as quote-form.ts and application-form.ts). */
export const REQUIRED_FR = 'Ce champ est obligatoire.';

/**
 * The fields left blank, each with REQUIRED_FR. A form checks them before sending: sent empty, a date reads "date
 * invalide", a name "longueur non permise" and a number typed as '' becomes 0 ("hors des limites"), not "obligatoire".
 */
export function missingFieldsFr(values: Readonly<Record<string, string>>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [field, value] of Object.entries(values)) if (value.trim() === '') out.set(field, REQUIRED_FR);
  return out;
}

/** The commune's code, whatever the API's wording: the INSEE code is asked for, and it is not the postal code. */
export const COMMUNE_CODE_FR =
  'Indiquez le code INSEE de votre commune (5 caractères, par exemple 88367 pour Rambervillers) : ce n’est pas le code postal.';

/** More AEEH children than dependent children (the AEEH children are among them), in French. */
export const AEEH_ABOVE_DEPENDENT_FR =
  'Pas plus que le nombre d’enfants à charge : les enfants bénéficiaires de l’AEEH en font partie.';

/** Why an amount in euros was refused (the API's eurosProblem), in French; undefined for another message. */
export function euroAmountFr(text: string): string | undefined {
  if (/must not be negative/.test(text)) return 'Le montant ne peut pas être négatif.';
  if (/must be at most 999999999\.99 euros/.test(text))
    return 'Montant trop élevé : indiquez au plus 999 999 999,99 €. Vérifiez qu’il s’agit bien d’un montant mensuel.';
  if (/at most 2 decimals/.test(text)) return 'Indiquez au plus deux chiffres après la virgule (les centimes).';
  if (/must be an amount in euros/.test(text)) return 'Indiquez un montant en euros, par exemple 2 400,00.';
  return undefined;
}

/** One French sentence for one field's class-validator messages; a missing value says "obligatoire" once. */
export function fieldMessageFr(errors: readonly string[]): string {
  const text = errors.join(' ');
  if (/should not be (empty|null|undefined)|must be defined|must not be null|is required/.test(text))
    return REQUIRED_FR;
  // Leave at an offer's acceptance (the period editor shows them above its periods).
  const overlap = /leave periods (\d{4}-\d{2}-\d{2}) and (\d{4}-\d{2}-\d{2}) overlap/.exec(text);
  if (overlap)
    return `Deux périodes de congés se chevauchent (celles qui commencent le ${dayFr(overlap[1])} et le ${dayFr(overlap[2])}) : réunissez-les ou corrigez leurs dates.`;
  const outside = /must fall within the contract \((\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2})\)/.exec(text);
  if (outside) return `Les congés doivent tomber pendant le contrat, du ${dayFr(outside[1])} au ${dayFr(outside[2])}.`;
  const bound = /declared leave takes ([\d.]+) weeks .*the crèche allows ([\d.]+) over this contract/.exec(text);
  if (bound)
    return `Ces congés font ${bound[1].replace('.', ',')} semaines ; la crèche en accepte au plus ${bound[2].replace('.', ',')} sur ce contrat.`;
  if (/must not contain a web address/.test(text))
    return 'Pas d’adresse web ni de site dans ce texte : les familles le lisent dans un e-mail de la crèche. Les moyens de paiement se disent dans les modalités de paiement de la crèche.';
  if (/must not contain line breaks or control characters/.test(text))
    return 'Écrivez-le sur une seule ligne, sans retour à la ligne ni caractère spécial.';
  if (/must be a name on one line, without invisible or look-alike characters/.test(text))
    return 'Écrivez le prénom ou le nom en lettres ordinaires, sur une seule ligne (sans caractère invisible ni lettre stylisée).';
  if (/email/i.test(text)) return 'Indiquez une adresse e-mail valide, par exemple nom@exemple.fr.';
  if (/INSEE/.test(text)) return COMMUNE_CODE_FR;
  if (/postal code/i.test(text)) return 'Indiquez un code postal de 5 chiffres, par exemple 88700.';
  const amount = euroAmountFr(text);
  if (amount) return amount;
  if (/cannot exceed dependentChildren/.test(text)) return AEEH_ABOVE_DEPENDENT_FR;
  if (/cannot be lower than the \d+ child\(ren\)/.test(text))
    return 'Ce nombre ne peut pas être inférieur au nombre de vos enfants signalés comme bénéficiaires de l’AEEH.';
  if (/must not be in the future/.test(text))
    return 'Cette date n’est pas encore passée : indiquez celle d’aujourd’hui ou une date antérieure.';
  if (/expectedBirthDate must not be in the past/.test(text))
    return 'Cette date est passée : si l’enfant est né, répondez « Oui » et indiquez sa date de naissance.';
  if (/expected birth \(\d{4}-\d{2}-\d{2}\) is past/.test(text))
    return 'La naissance prévue de cet enfant est passée : indiquez sa date de naissance dans Mon foyer avant de demander une place.';
  if (/must not be in the past/.test(text))
    return 'Cette date est passée : choisissez aujourd’hui ou une date à venir.';
  // A child who has applied or is in care: its dates are corrected, never another child's (R5.4).
  const another = 'Pour un autre enfant, ajoutez-le à votre foyer.';
  const corrected = /birthDate may be corrected by (\d+) days at most once applied/.exec(text);
  if (corrected)
    return `Une fois une demande déposée, la date de naissance se corrige de ${corrected[1]} jours au plus. ${another}`;
  const born = /birthDate must fall between (\d+) days before and (\d+) days after the expected birth date/.exec(text);
  if (born)
    return `Une fois une demande déposée, la naissance est au plus ${born[1]} jours avant la date prévue et ${born[2]} jours après. ${another}`;
  const moved = /expectedBirthDate may move by (\d+) days at most once applied/.exec(text);
  if (moved)
    return `Une fois une demande déposée, la date prévue se corrige de ${moved[1]} jours au plus par rapport à celle de la demande. ${another}`;
  // A credit note in hours (R8.16): what is left on the line, or on the invoice.
  const leftOnLine = /at most ([\d.]+) hours are left to take off line (\d+)/.exec(text);
  if (leftOnLine) return `Au plus ${leftOnLine[1].replace('.', ',')} h restent à retirer de la ligne ${leftOnLine[2]}.`;
  const comeTo = /these hours come to ([\d.]+) euros: .*\(([\d.]+)\)/.exec(text);
  if (comeTo)
    return `Ces heures font ${comeTo[1].replace('.', ',')} € : au plus ${comeTo[2].replace('.', ',')} € restent à créditer sur cette facture.`;
  const childLeft = /leave at most ([\d.]+) hours and ([\d.]+) euros to take off/.exec(text);
  if (childLeft)
    return `Les lignes de cet enfant sur la facture, déductions et avoirs retirés, ne laissent que ${childLeft[1].replace('.', ',')} h et ${childLeft[2].replace('.', ',')} € à retirer.`;
  if (/bills no hours to take off/.test(text)) return 'Cette ligne ne facture pas d’heures qu’un avoir puisse retirer.';
  if (/the invoice has no line/.test(text)) return 'Cette ligne n’est pas sur la facture.';
  if (/these hours cost nothing/.test(text)) return 'Ces heures ne coûtent rien : il n’y a pas de montant à créditer.';
  if (/must not be after (to|contractEnd|endDate)/.test(text))
    return 'La date de début doit précéder la date de fin (ou être le même jour).';
  if (/YYYY-MM-DD|ISO 8601|date/i.test(text)) return 'Indiquez une date valide.';
  if (/HH:mm|time/i.test(text)) return 'Indiquez une heure valide, par exemple 07:30.';
  if (/UUID|uuid|must be a number conforming|integer|must be a number/.test(text)) return 'Valeur invalide.';
  if (/longer than or equal|shorter than or equal|must contain/.test(text)) return 'Longueur non permise.';
  if (/must not be greater|must not be less|greater than|less than|at most|at least/.test(text))
    return 'Valeur hors des limites permises.';
  if (/must be one of|must be a valid enum/.test(text)) return 'Choisissez une des valeurs proposées.';
  return 'Valeur refusée.';
}

/** The field errors of a 400, keyed by the API's field path (`birthDate`, `preferences[1].crecheId`). */
export function fieldErrorsFr(e: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!isApiError(e) || e.code !== 'VALIDATION.FAILED') return out;
  for (const d of fieldErrorsOf(e)) if (!out.has(d.field)) out.set(d.field, fieldMessageFr(d.errors));
  return out;
}

/** DSFR input props showing a field's error, if any. */
export function fieldState(
  errors: ReadonlyMap<string, string>,
  field: string,
): { state?: 'error'; stateRelatedMessage?: string } {
  const message = errors.get(field);
  return message ? { state: 'error', stateRelatedMessage: message } : {};
}

export type { ApiError };

/** "2027-02-05" → "05/02/2027". */
function dayFr(iso: string): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}
