import type { EntityManager } from 'typeorm';
import { NoticeFactsReadModel } from '../../read-models/notice-facts.read-model';
import { describeSchedule } from '../creches/domain/schedule';
import { layoutEmail } from '../notices/domain/email-layout';
import type { NoticeRenderers } from '../notices/notice-renderers';
import {
  APPLICATION_LAPSED_NOTICE,
  APPLICATION_RECEIVED_NOTICE,
  INTEREST_REQUEST_NOTICE,
} from '../notices/notice-types';
import { ANSWER_DAYS } from './keep-alive.service';
import { webPaths } from '../../common/web/web-paths';
import { atPlaceFr } from '../../common/text/french-places';

interface Facts {
  childFirstName: string;
  desiredStartDate: string;
  schedule: { weekday: number; from: string; to: string }[];
  creches: string[];
  /** The schedule asked of each crèche, in the order of `creches`. */
  schedules: { weekday: number; from: string; to: string }[][];
}

async function factsOf(em: EntityManager, applicationId: string): Promise<Facts> {
  const a = await NoticeFactsReadModel.application(em, applicationId);
  return {
    childFirstName: a.firstName,
    desiredStartDate: a.start,
    schedule: a.schedule,
    creches: a.creches,
    schedules: a.schedules,
  };
}

/** One line for the schedule when every crèche is asked the same, else one line per crèche. */
function scheduleFacts(f: Facts): [string, string][] {
  const described = f.schedules.map((s) => describeSchedule(s));
  if (described.every((d) => d === described[0]))
    return [['Horaires demandés', described[0] ?? describeSchedule(f.schedule)]];
  return f.creches.map((name, i): [string, string] => [`Horaires demandés ${atPlaceFr(name)}`, described[i]]);
}

const frDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** French e-mails about applications; facts are read when the e-mail is sent, from the references stored. */
export function registerApplicationNotices(renderers: NoticeRenderers): void {
  renderers.register(APPLICATION_RECEIVED_NOTICE, async (em, data, r) => {
    const f = await factsOf(em, String(data.applicationId));
    return layoutEmail({
      subject: `Demande de place reçue pour ${f.childFirstName}`,
      greeting: `Bonjour ${r.firstName},`,
      paragraphs: [
        `Nous avons bien reçu votre demande de place en crèche pour ${f.childFirstName}. Elle est inscrite sur la liste d'attente de chaque crèche choisie, classée selon la politique de priorité publiée par le territoire.`,
        'Vous pouvez suivre à tout moment votre rang et le détail de vos points depuis votre espace.',
      ],
      facts: [
        ['Enfant', f.childFirstName],
        ['Date d’entrée souhaitée', f.desiredStartDate],
        ...scheduleFacts(f),
        ['Crèches, par ordre de préférence', f.creches.join(' ; ')],
      ],
      action: { label: 'Suivre ma demande', url: `${r.baseUrl}${webPaths.application(String(data.applicationId))}` },
    });
  });
  renderers.register(INTEREST_REQUEST_NOTICE, async (em, data, r) => {
    const f = await factsOf(em, String(data.applicationId));
    const deadline = new Date(new Date(String(data.at)).getTime() + ANSWER_DAYS * 86_400_000)
      .toISOString()
      .slice(0, 10);
    return layoutEmail({
      subject: `Confirmez votre demande de place pour ${f.childFirstName}`,
      greeting: `Bonjour ${r.firstName},`,
      paragraphs: [
        `Votre demande de place pour ${f.childFirstName} est toujours sur la liste d'attente. Pour la garder active, merci de confirmer que vous êtes toujours intéressé(e).`,
        `Sans réponse avant le ${frDate(deadline)}, la demande sera classée sans suite.`,
      ],
      action: {
        label: 'Confirmer mon intérêt',
        url: `${r.baseUrl}${webPaths.application(String(data.applicationId))}`,
      },
    });
  });
  renderers.register(APPLICATION_LAPSED_NOTICE, async (em, data, r) => {
    const f = await factsOf(em, String(data.applicationId));
    return layoutEmail({
      subject: `Demande de place classée sans suite pour ${f.childFirstName}`,
      greeting: `Bonjour ${r.firstName},`,
      paragraphs: [
        `Faute de confirmation dans le délai de ${ANSWER_DAYS} jours, votre demande de place pour ${f.childFirstName} a été classée sans suite.`,
        'Vous pouvez déposer une nouvelle demande à tout moment depuis votre espace.',
      ],
      action: { label: 'Déposer une demande', url: `${r.baseUrl}${webPaths.newApplication}` },
    });
  });
}
