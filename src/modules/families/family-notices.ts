import { civilDateOf } from '../../common/time/clock';
import { layoutEmail } from '../notices/domain/email-layout';
import type { NoticeRenderers } from '../notices/notice-renderers';
import {
  FEE_DECLARATION_REJECTED_NOTICE,
  FEE_DECLARATION_VALIDATED_NOTICE,
  FEE_DECLARATION_WITHDRAWN_NOTICE,
  RESOURCES_CONFIRMATION_NOTICE,
} from '../notices/notice-types';
import type { UsersService } from '../users/users.service';
import { DeclaredField, declaredFields, DocumentType } from './domain/fee-declarations';
import type { FeeDeclarationEntity } from './entities/fee-declaration.entity';
import { declaredChangeOf } from './fee-declarations.service';
import type { FeeDeclarationsRepository } from './fee-declarations.repository';
import { webPaths } from '../../common/web/web-paths';

const FIELD_LABELS: Record<DeclaredField, string> = {
  monthlyResources: 'ressources mensuelles',
  dependentChildren: 'enfants à charge',
  aeehChildren: "enfants bénéficiaires de l'AEEH",
};

const DOCUMENT_LABELS: Record<DocumentType, string> = {
  TAX_NOTICE_N2: "avis d'imposition N-2",
  CAF_CDAP: 'consultation CDAP de la Caf',
  CERTIFICATE: 'attestation',
  AEEH_NOTIFICATION: "notification d'AEEH",
  OTHER: 'autre justificatif',
};

const frDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** What a declaration changes, in words (no amount: an e-mail is not the place for incomes). */
function summaryOf(d: FeeDeclarationEntity): (readonly [string, string])[] {
  const fields = declaredFields(declaredChangeOf(d)).map((f) => FIELD_LABELS[f]);
  return [
    ['Déclaration du', frDate(civilDateOf(d.declaredAt))],
    ['Éléments déclarés', fields.join(', ')],
    ['Justificatif', DOCUMENT_LABELS[d.documentType]],
  ];
}

/**
 * French e-mails about a household's fee situation; facts are read when the e-mail is sent, from the declaration's id
 * (a declaration erased with its household since then gives a shorter e-mail, never a failure).
 */
export function registerFamilyNotices(
  renderers: NoticeRenderers,
  declarations: FeeDeclarationsRepository,
  users: UsersService,
): void {
  // The declaration is gone with its proof: the notice carries what it named (fields, proof, date), never an amount.
  renderers.register(FEE_DECLARATION_WITHDRAWN_NOTICE, async (em, data, r) => {
    const by = await users.contactIn(em, String(data.withdrawnBy));
    const fields = (data.fields as DeclaredField[]).map((f) => FIELD_LABELS[f]);
    return layoutEmail({
      subject: 'Une déclaration de situation de votre foyer a été retirée',
      greeting: `Bonjour ${r.firstName},`,
      paragraphs: [
        `${by?.firstName ?? 'L’autre parent du foyer'} a retiré la déclaration de situation du foyer envoyée le ${frDate(String(data.declaredOn))}, avant que la crèche ne la vérifie. Le justificatif a été supprimé.`,
        'Votre participation reste calculée sur votre situation actuelle. Une nouvelle déclaration peut être déposée depuis votre espace.',
      ],
      facts: [
        ['Éléments déclarés', fields.join(', ')],
        ['Justificatif', DOCUMENT_LABELS[data.documentType as DocumentType]],
      ],
      action: { label: 'Voir mes déclarations', url: `${r.baseUrl}${webPaths.declarations}` },
    });
  });
  renderers.register(FEE_DECLARATION_VALIDATED_NOTICE, async (em, data, r) => {
    const d = await declarations.findById(em, String(data.declarationId));
    return layoutEmail({
      subject: 'Votre déclaration de situation a été validée',
      greeting: `Bonjour ${r.firstName},`,
      paragraphs: [
        'La crèche a vérifié votre justificatif et validé votre déclaration.',
        ...(d
          ? [
              `Elle s'applique à partir du ${frDate(d.appliesFrom)} : la participation de vos contrats en cours est recalculée à partir de cette date, jamais avant.`,
            ]
          : []),
      ],
      facts: d ? [...summaryOf(d), ['Applicable à partir du', frDate(d.appliesFrom)]] : [],
      action: { label: 'Voir mes déclarations', url: `${r.baseUrl}${webPaths.declarations}` },
    });
  });
  renderers.register(FEE_DECLARATION_REJECTED_NOTICE, async (em, data, r) => {
    const d = await declarations.findById(em, String(data.declarationId));
    return layoutEmail({
      subject: "Votre déclaration de situation n'a pas été validée",
      greeting: `Bonjour ${r.firstName},`,
      paragraphs: [
        "La crèche n'a pas validé votre déclaration. Votre participation reste calculée sur votre situation précédente.",
        ...(d?.rejectionReason ? [`Motif : ${d.rejectionReason}`] : []),
        'Vous pouvez déposer une nouvelle déclaration avec le bon justificatif depuis votre espace.',
      ],
      facts: d ? summaryOf(d) : [],
      action: { label: 'Déclarer un changement', url: `${r.baseUrl}${webPaths.declarations}` },
    });
  });
  renderers.register(RESOURCES_CONFIRMATION_NOTICE, async (_em, data, r) => {
    const year = Number(data.year);
    return layoutEmail({
      subject: `Confirmez vos ressources pour ${year}`,
      greeting: `Bonjour ${r.firstName},`,
      paragraphs: [
        `Comme chaque année, la participation familiale de ${year} se calcule sur vos ressources de ${year - 2} : celles de votre avis d'imposition ${year - 1}, ou celles que la Caf connaît (CDAP).`,
        `Merci de confirmer vos ressources en les déclarant depuis votre espace, avec votre avis d'imposition ${year - 1} ou une attestation de la Caf. Déclarez aussi tout changement d'enfants à charge ou d'AEEH.`,
        "Après vérification par la crèche, votre déclaration s'applique à partir du 1er du mois qui suit, sans effet rétroactif.",
      ],
      action: { label: 'Déclarer mes ressources', url: `${r.baseUrl}${webPaths.declarations}` },
    });
  });
}
