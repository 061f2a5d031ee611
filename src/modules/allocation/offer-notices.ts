import type { EntityManager } from 'typeorm';
import { NoticeFactsReadModel } from '../../read-models/notice-facts.read-model';
import { describeSchedule } from '../creches/domain/schedule';
import { OFFER_WITHDRAWAL_REASON_FR } from './domain/offer-status';
import { layoutEmail } from '../notices/domain/email-layout';
import type { NoticeRenderers } from '../notices/notice-renderers';
import {
  OFFER_ACCEPTED_NOTICE,
  OFFER_ANSWERED_NOTICE,
  OFFER_DECLINED_NOTICE,
  OFFER_EXPIRED_NOTICE,
  OFFER_WITHDRAWN_NOTICE,
  OFFER_MADE_NOTICE,
  OFFER_REMINDER_NOTICE,
} from '../notices/notice-types';
import { webPaths } from '../../common/web/web-paths';
import { ProvisionalFee, provisionalFeeNoteFr, provisionalFeeOf } from '../fees/domain/provisional-fee';
import { formatFrench } from '../../common/text/french-dates';
import { atPlaceFr } from '../../common/text/french-places';

interface OfferFacts {
  child: string;
  creche: string;
  start: string;
  end: string;
  schedule: { weekday: number; from: string; to: string }[];
  deadline: Date;
  hourlyRate: string | null;
  monthlyFee: string | null;
  /** What the estimate, or the contract's fee once accepted, took before the crèche checked it. */
  provisional: ProvisionalFee | null;
  contractFee: { hourlyRate: string; monthlyFee: string; monthlyHours: string } | null;
  withdrawalReason: string | null;
  declineReason: string | null;
  contractId: string | null;
}

async function factsOf(em: EntityManager, offerId: string): Promise<OfferFacts> {
  const o = await NoticeFactsReadModel.offer(em, offerId);
  return {
    child: o.firstName,
    creche: o.name,
    start: o.start,
    end: o.end,
    schedule: o.schedule,
    deadline: o.deadline,
    hourlyRate: o.estimatedHourlyRate,
    monthlyFee: o.estimatedMonthlyFee,
    provisional: provisionalFeeOf(o.contractFee ? o.contractFee.trace : o.feeTrace),
    contractFee: o.contractFee,
    withdrawalReason: o.withdrawalReason,
    declineReason: o.declineReason,
    contractId: o.contractId,
  };
}

const PARIS_DATE_TIME = new Intl.DateTimeFormat('fr-FR', {
  dateStyle: 'full',
  timeStyle: 'short',
  timeZone: 'Europe/Paris',
});

/** "lundi 7 décembre 2026 à 10:00", "mardi 1er décembre 2026 à 10:00" in Paris time, for deadlines. */
export function frenchDateTime(d: Date): string {
  return formatFrench(PARIS_DATE_TIME, d);
}
const euros = (x: string) => `${x.replace('.', ',')} €`;

/** The provisional amount said, with the simulator's address (the note sends the family there). */
function provisionalParagraphs(p: ProvisionalFee, baseUrl: string): string[] {
  return [provisionalFeeNoteFr(p), `Simulateur de participation : ${baseUrl}${webPaths.simulator}`];
}

/** French e-mails for allocation: offer, reminder, expiry, confirmation, recorded refusal. */
export function registerOfferNotices(renderers: NoticeRenderers): void {
  renderers.register(OFFER_MADE_NOTICE, async (em, data, r) => {
    const f = await factsOf(em, String(data.offerId));
    return layoutEmail({
      subject: `Une place vous est proposée pour ${f.child} ${atPlaceFr(f.creche)}`,
      greeting: `Bonjour ${r.firstName},`,
      paragraphs: [
        `Bonne nouvelle : une place est proposée à ${f.child} ${atPlaceFr(f.creche)}.`,
        `Merci de répondre avant le ${frenchDateTime(f.deadline)}. Sans réponse dans ce délai, l'offre expire et compte comme un refus.`,
        ...(f.monthlyFee && f.provisional ? provisionalParagraphs(f.provisional, r.baseUrl) : []),
      ],
      facts: [
        ['Crèche', f.creche],
        ['Date d’entrée', f.start],
        ['Horaires', describeSchedule(f.schedule)],
        ['Participation mensuelle estimée', f.monthlyFee ? euros(f.monthlyFee) : 'calculée à l’acceptation'],
        ['Tarif horaire estimé', f.hourlyRate ? euros(f.hourlyRate) : 'calculé à l’acceptation'],
        ['Répondre avant le', frenchDateTime(f.deadline)],
      ],
      action: { label: 'Répondre à l’offre', url: `${r.baseUrl}${webPaths.offer(String(data.offerId))}` },
    });
  });
  renderers.register(OFFER_REMINDER_NOTICE, async (em, data, r) => {
    const f = await factsOf(em, String(data.offerId));
    return layoutEmail({
      subject: `Rappel : offre de place pour ${f.child}, réponse attendue`,
      greeting: `Bonjour ${r.firstName},`,
      paragraphs: [
        `L'offre de place pour ${f.child} ${atPlaceFr(f.creche)} attend votre réponse avant le ${frenchDateTime(f.deadline)}.`,
      ],
      action: { label: 'Répondre à l’offre', url: `${r.baseUrl}${webPaths.offer(String(data.offerId))}` },
    });
  });
  renderers.register(OFFER_EXPIRED_NOTICE, async (em, data, r) => {
    const f = await factsOf(em, String(data.offerId));
    return layoutEmail({
      subject: `Offre expirée pour ${f.child}`,
      greeting: `Bonjour ${r.firstName},`,
      paragraphs: [
        `Faute de réponse avant le ${frenchDateTime(f.deadline)}, l'offre de place pour ${f.child} ${atPlaceFr(f.creche)} a expiré. Elle compte comme un refus.`,
        "Votre demande reste sur la liste d'attente.",
      ],
      action: { label: 'Voir ma demande', url: `${r.baseUrl}${webPaths.applications}` },
    });
  });
  renderers.register(OFFER_ACCEPTED_NOTICE, async (em, data, r) => {
    const f = await factsOf(em, String(data.offerId));
    return layoutEmail({
      subject: `Place confirmée pour ${f.child} ${atPlaceFr(f.creche)}`,
      greeting: `Bonjour ${r.firstName},`,
      paragraphs: [
        `Votre acceptation est enregistrée : ${f.child} a sa place ${atPlaceFr(f.creche)}. Voici le résumé de votre contrat.`,
        ...(f.contractFee && f.provisional ? provisionalParagraphs(f.provisional, r.baseUrl) : []),
      ],
      facts: [
        ['Crèche', f.creche],
        ['Du', f.start],
        ['Au', f.end],
        ['Horaires', describeSchedule(f.schedule)],
        ...(f.contractFee
          ? ([
              ['Tarif horaire', euros(f.contractFee.hourlyRate)],
              ['Heures mensualisées', f.contractFee.monthlyHours.replace('.', ',')],
              ['Participation mensuelle', euros(f.contractFee.monthlyFee)],
            ] as [string, string][])
          : []),
      ],
      action: { label: 'Voir mon contrat', url: `${r.baseUrl}${webPaths.offer(String(data.offerId))}` },
    });
  });
  renderers.register(OFFER_DECLINED_NOTICE, async (em, data, r) => {
    const f = await factsOf(em, String(data.offerId));
    return layoutEmail({
      subject: `Refus enregistré pour ${f.child}`,
      greeting: `Bonjour ${r.firstName},`,
      paragraphs: [
        `Votre refus de la place ${atPlaceFr(f.creche)} est enregistré. Votre demande reste sur la liste d'attente ; un refus d'une offre correspondant à votre demande compte dans le calcul de priorité.`,
      ],
      action: { label: 'Voir ma demande', url: `${r.baseUrl}${webPaths.applications}` },
    });
  });
  renderers.register(OFFER_WITHDRAWN_NOTICE, async (em, data, r) => {
    const f = await factsOf(em, String(data.offerId));
    return layoutEmail({
      subject: `La place proposée pour ${f.child} ${atPlaceFr(f.creche)} est retirée`,
      greeting: `Bonjour ${r.firstName},`,
      paragraphs: [
        `La crèche ${f.creche} ne peut plus honorer la place qu'elle vous avait proposée à partir du ${f.start} : ${withdrawalText(f.withdrawalReason)}`,
        "Ce retrait n'est pas compté comme un refus : votre demande retrouve sa place sur la liste d'attente, avec le même rang et les mêmes points.",
        'Nous vous prions de nous excuser pour ce désagrément.',
      ],
      action: { label: 'Voir ma demande', url: `${r.baseUrl}${webPaths.applications}` },
    });
  });
}

/** "de Lou", "d'Inès": French elides "de" before a vowel. */
const ofName = (name: string) => (/^[aeiouyàâäéèêëîïôöûü]/i.test(name) ? `d'${name}` : `de ${name}`);

/** The crèche's managers learn that a family accepted or declined an offer (issue #19). */
export function registerManagerOfferNotices(renderers: NoticeRenderers): void {
  renderers.register(OFFER_ANSWERED_NOTICE, async (em, data, r) => {
    const f = await factsOf(em, String(data.offerId));
    const accepted = data.answer === 'ACCEPTED';
    const family = `La famille ${ofName(f.child)}`;
    return layoutEmail({
      subject: `${accepted ? 'Offre acceptée' : 'Offre refusée'} : ${f.child} ${atPlaceFr(f.creche)}`,
      greeting: `Bonjour ${r.firstName},`,
      paragraphs: accepted
        ? [
            `${family} a accepté la place proposée ${atPlaceFr(f.creche)} à partir du ${f.start}.`,
            'Le contrat a été créé avec la participation calculée : vous le trouverez dans les contrats de la crèche.',
          ]
        : [
            `${family} a refusé la place proposée ${atPlaceFr(f.creche)} à partir du ${f.start}.`,
            f.declineReason
              ? `Motif donné par la famille : « ${f.declineReason} »`
              : "La famille n'a pas donné de motif.",
            "La demande retourne sur la liste d'attente ; la place pourra être proposée lors d'une prochaine attribution.",
          ],
      facts: [
        ['Crèche', f.creche],
        ['Enfant', f.child],
        ['Date d’entrée', f.start],
        ['Horaires', describeSchedule(f.schedule)],
      ],
      action:
        accepted && f.contractId
          ? { label: 'Voir le contrat', url: `${r.baseUrl}${webPaths.staffContract(f.contractId)}` }
          : { label: 'Voir les attributions', url: `${r.baseUrl}${webPaths.staffRounds}` },
    });
  });
}

/** The family reads why the crèche withdrew its offer, in plain French. */
function withdrawalText(reason: string | null): string {
  const texts: Readonly<Record<string, string>> = OFFER_WITHDRAWAL_REASON_FR;
  return texts[reason ?? ''] ?? 'la place n’est plus disponible.';
}
