import type { components } from '../../../api/schema';
import { formatFrench } from '../../../../../src/common/text/french-dates';

/**
 * What a manager reads about a round, in plain French: why a family got no place at a crèche, why a proposal is left
 * out, where each offer stands. Pure functions, so each sentence is tested (round-words.spec.ts).
 */

export type ExclusionReason = components['schemas']['ExclusionDto']['reason'];
export type OfferStatus = components['schemas']['OfferResponseDto']['status'];

/** The reasons the API accepts for leaving a proposal out of a round (EXCLUSION_REASONS), as a manager says them. */
export const EXCLUSION_REASONS: readonly { value: ExclusionReason; label: string }[] = [
  { value: 'FAMILY_MOVED', label: 'La famille a déménagé' },
  { value: 'NO_LONGER_INTERESTED', label: "La famille n'est plus intéressée" },
  { value: 'SCHEDULE_CHANGED', label: 'Les horaires de la famille ont changé' },
  { value: 'CHILD_CARED_ELSEWHERE', label: "L'enfant est déjà gardé ailleurs" },
  { value: 'DUPLICATE_APPLICATION', label: 'Demande en double' },
  { value: 'OTHER', label: 'Autre motif' },
];

export const exclusionReasonFr = (reason: string): string =>
  EXCLUSION_REASONS.find((r) => r.value === reason)?.label ?? reason;

/** "04/01/2027" from "2027-01-04" (a civil date: no time zone). */
export const civilDateFr = (iso: string): string => {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
};

/** "9 h", "13 h 30" from "09:00", "13:30". */
export const hourFr = (hhmm: string): string =>
  hhmm
    .slice(0, 5)
    .replace(/^0(\d)/, '$1')
    .replace(':', ' h ')
    .replace(/ h 00$/, ' h');

/** "lundi 11 janvier 2027 à 10:00" for an instant, in Paris time whatever the device's zone. */
export function parisDateTimeFr(iso: string): string {
  return formatFrench(
    new Intl.DateTimeFormat('fr-FR', { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/Paris' }),
    new Date(iso),
  );
}

/** One reason of the engine (UnplacedReason), typed loosely in the OpenAPI document, so read defensively here. */
export interface UnplacedReason {
  readonly crecheId: string;
  readonly reason: string;
  readonly lowestHeldScore?: number | null;
  readonly conflict?: { date: string; from: string; to: string; rule: string };
}

export function asUnplacedReason(r: Record<string, unknown>): UnplacedReason {
  const conflict = r.conflict as UnplacedReason['conflict'] | undefined;
  return {
    crecheId: String(r.crecheId ?? ''),
    reason: String(r.reason ?? ''),
    lowestHeldScore: typeof r.lowestHeldScore === 'number' ? r.lowestHeldScore : null,
    ...(conflict && typeof conflict === 'object' ? { conflict } : {}),
  };
}

const points = (n: number) => `${n} point${Math.abs(n) > 1 ? 's' : ''}`;

/**
 * Why the application did not get a place at this crèche, as one sentence (the crèche is named by the caller).
 * OUTRANKED: the places its schedule needs went to applications ranked higher; NO_CAPACITY: a slot of its schedule
 * is full even alone (the first conflict found); AGE: the child's age at the start is outside the crèche's range;
 * CLOSED: the crèche is closed during hours asked.
 */
export function unplacedReasonFr(r: UnplacedReason): string {
  const c = r.conflict;
  const when = c ? `le ${civilDateFr(c.date)} de ${hourFr(c.from)} à ${hourFr(c.to)}` : '';
  switch (r.reason) {
    case 'OUTRANKED':
      // The lowest score the crèche kept is over all its hours: a demande on other hours may have fewer points than
      // this one, so it is said as such, never as the bar this demande missed.
      return r.lowestHeldScore === null || r.lowestHeldScore === undefined
        ? 'Les places sur ces horaires sont allées à des demandes mieux classées qui demandaient les mêmes heures.'
        : `Les places sur ces horaires sont allées à des demandes mieux classées qui demandaient les mêmes heures (toutes heures confondues, la crèche a retenu des demandes jusqu’à ${points(r.lowestHeldScore)}).`;
    case 'NO_CAPACITY':
      if (c?.rule === 'WEEKLY_100')
        return `Le taux d'occupation de la semaine du ${civilDateFr(c.date)} dépasserait 100 % avec cet enfant.`;
      if (c?.rule === 'SURNOMBRE_115')
        return `Plus aucune place ${when}, même avec l'accueil en surnombre autorisé (115 %).`;
      return c ? `Plus aucune place ${when} : toutes les places sont prises.` : 'Plus aucune place sur ces horaires.';
    case 'AGE':
      return "L'enfant n'a pas l'âge accueilli par la crèche à la date d'entrée.";
    case 'CLOSED':
      return c
        ? `La crèche est fermée ${when}, sur des horaires demandés.`
        : 'La crèche est fermée sur des horaires demandés.';
    default:
      return 'Motif non précisé.';
  }
}

/** Where an offer stands, for the offers table. */
export function offerStatusFr(status: OfferStatus): string {
  switch (status) {
    case 'OPEN':
      return 'En attente de réponse';
    case 'ACCEPTED':
      return 'Acceptée';
    case 'DECLINED':
      return 'Refusée';
    case 'EXPIRED':
      return 'Expirée sans réponse';
    case 'WITHDRAWN':
      return 'Retirée par la crèche';
  }
}

const WITHDRAWAL_FR: Readonly<Record<string, string>> = {
  CAPACITY_REDUCED: "capacité d'accueil réduite",
  CRECHE_CLOSURE: 'fermeture de la crèche',
  SCHEDULE_UNAVAILABLE: 'horaires impossibles à assurer',
};

/** The answer column: when and how the family answered, with its reason when it declined. */
export function offerAnswerFr(o: {
  status: OfferStatus;
  deadline: string;
  answeredAt: string | null;
  declineReason?: string | null;
  withdrawalReason?: string | null;
}): string {
  switch (o.status) {
    case 'OPEN':
      return `Réponse attendue avant le ${parisDateTimeFr(o.deadline)} (heure de Paris)`;
    case 'ACCEPTED':
      return o.answeredAt ? `Acceptée le ${parisDateTimeFr(o.answeredAt)}` : 'Acceptée';
    case 'DECLINED': {
      const when = o.answeredAt ? `Refusée le ${parisDateTimeFr(o.answeredAt)}` : 'Refusée';
      return o.declineReason ? `${when}. Motif : « ${o.declineReason} »` : `${when}, sans motif donné`;
    }
    case 'EXPIRED':
      return `Expirée le ${parisDateTimeFr(o.deadline)} sans réponse (compte comme un refus)`;
    case 'WITHDRAWN':
      return `Retirée par la crèche${o.withdrawalReason ? ` : ${WITHDRAWAL_FR[o.withdrawalReason] ?? o.withdrawalReason}` : ''}`;
  }
}

/** "Lou (Camille Famille)", or the parents alone, or a neutral word once the household is erased. */
export function whoFr(p: { childFirstName: string | null; parents: readonly string[] }): string {
  const parents = p.parents.join(', ');
  if (!p.childFirstName) return parents || 'Famille effacée';
  return parents ? `${p.childFirstName} (${parents})` : p.childFirstName;
}

/** "1ᵉʳ choix", "2ᵉ choix". */
export const preferenceFr = (position: number): string => (position === 1 ? '1er choix' : `${position}e choix`);

/** The first day of next month in Paris, "YYYY-MM-DD": the start a new round proposes by default. */
export function nextMonthStart(now = new Date()): string {
  const today = new Intl.DateTimeFormat('fr-CA', { timeZone: 'Europe/Paris' }).format(now);
  const [y, m] = today.split('-').map(Number);
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/** "de Lou", "d'Inès": French elides "de" before a vowel. */
export const ofNameFr = (name: string): string => (/^[aeiouyàâäéèêëîïôöûü]/i.test(name) ? `d'${name}` : `de ${name}`);

const DAY_NAMES = ['', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];

/** "lundi", "lundi et mardi", "du lundi au vendredi", "lundi, mercredi et vendredi" (runs of three days or more). */
function daysFr(days: readonly number[]): string {
  const runs: number[][] = [];
  for (const d of days) {
    const run = runs[runs.length - 1];
    if (run && run[run.length - 1] === d - 1) run.push(d);
    else runs.push([d]);
  }
  const parts = runs.flatMap((run) =>
    run.length >= 3 ? [`du ${DAY_NAMES[run[0]]} au ${DAY_NAMES[run[run.length - 1]]}`] : run.map((d) => DAY_NAMES[d]),
  );
  return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} et ${parts[parts.length - 1]}`;
}

/**
 * A weekly schedule on one line, the days with the same hours together: "du lundi au vendredi de 5 h 30 à 13 h 30",
 * "lundi, mercredi et vendredi de 13 h à 21 h ; samedi de 8 h à 12 h".
 */
export function compactScheduleFr(schedule: readonly { weekday: number; from: string; to: string }[]): string {
  const hoursOf = (weekday: number) =>
    schedule
      .filter((s) => s.weekday === weekday)
      .sort((a, b) => a.from.localeCompare(b.from))
      .map((s) => `de ${hourFr(s.from)} à ${hourFr(s.to)}`)
      .join(' et ');
  const groups = new Map<string, number[]>();
  for (let d = 1; d <= 7; d += 1) {
    const h = hoursOf(d);
    if (h) groups.set(h, [...(groups.get(h) ?? []), d]);
  }
  if (!groups.size) return 'aucun horaire';
  return [...groups.entries()].map(([hours, days]) => `${daysFr(days)} ${hours}`).join(' ; ');
}

/** Why a replay differs: a snapshot changed outside Berceau, households erased since (GDPR), or neither. */
export function replayWarning(r: { hashMatches: boolean; erasedApplicants: number }): string {
  if (!r.hashMatches)
    return 'Les données enregistrées de cette attribution ne correspondent plus à leur empreinte : ne confirmez pas.';
  if (r.erasedApplicants > 0)
    return (
      'Rejoué sur les données enregistrées, le calcul donne un autre résultat : ' +
      (r.erasedApplicants === 1
        ? 'une demande a été réduite depuis l’attribution, son foyer ayant demandé l’effacement de ses données'
        : `${r.erasedApplicants} demandes ont été réduites depuis l’attribution, leurs foyers ayant demandé l’effacement de leurs données`) +
      ' (date de naissance au mois, critères personnels retirés). Pour attribuer des places, lancez une nouvelle attribution.'
    );
  return 'Rejoué sur les données enregistrées, le calcul donne un autre résultat : ne confirmez pas, lancez une nouvelle attribution.';
}
