import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { selectRows } from '../common/db/rows';
import { EXPORT_CODES as CODES, inFrench, RowCodes } from './household-export-words';

/** An invoice's or credit note's number as printed ("000042": billing/domain/documents.ts documentNumber). */
const NUMBER = (alias: string) => `lpad(${alias}.number::text, 6, '0')`;

/**
 * GDPR reads over a household, across families (fee declarations included), users, applications, offers, contracts, fee
 * computations, invoices, credit notes, payments, attendance, absences and notices. Read-only: erasure asks each owning module to change its own rows.
 */
@Injectable()
export class HouseholdDataReadModel {
  /**
   * Everything Berceau holds about a household, for its export (issue #15, "Mes données"): French field names a family
   * can read, calendar dates as YYYY-MM-DD and instants as ISO 8601 in UTC, crèches by name, amounts in euros; no
   * internal column (password hashes, token versions, idempotency keys, claim locks). Read-only.
   */
  async export(em: EntityManager, familyId: string): Promise<Record<string, unknown>> {
    const q = async (sql: string, codes: RowCodes = {}) =>
      ((await em.query(sql, [familyId])) as Record<string, unknown>[]).map((row) => inFrench(row, codes));
    const [family] = await q(
      `SELECT f.id AS "Identifiant du foyer", ${ts('f.created_at')} AS "Créé le",
              f.commune_insee_code AS "Commune (code INSEE)", f.postal_code AS "Code postal",
              CASE WHEN f.resources_refused THEN 'non communiquées (plafond appliqué)'
                   WHEN f.monthly_resources IS NULL THEN 'inconnues (plancher appliqué)'
                   ELSE f.monthly_resources::text END AS "Ressources mensuelles (euros)",
              f.dependent_children AS "Enfants à charge", f.aeeh_children AS "Enfants bénéficiaires de l'AEEH",
              f.benefit_scheme AS "Régime (Caf, MSA…)", f.caf_number AS "Numéro d'allocataire",
              f.not_caf_allocataire AS "Non allocataire de la Caf",
              f.single_parent AS "Famille monoparentale", f.parents_activity AS "Activité des parents",
              f.atypical_work_hours AS "Horaires de travail atypiques",
              f.social_minima_or_insertion AS "Minima sociaux ou parcours d'insertion",
              f.other_household_disability AS "Handicap d'un autre membre du foyer",
              f.verified_claims AS "Situations vérifiées par la crèche",
              ${ts('f.resources_checked_at')} AS "Ressources confirmées le",
              ${ts('f.children_checked_at')} AS "Enfants à charge confirmés le",
              f.filoue_objected_at IS NOT NULL AS "Opposition au fichier FILOUÉ de la Caf",
              ${ts('f.filoue_objected_at')} AS "Opposition au fichier FILOUÉ enregistrée le",
              ${ts('f.erased_at')} AS "Effacé le"
         FROM families f WHERE f.id = $1`,
    );
    return {
      Foyer: family
        ? inFrench(family, {
            codes: { 'Régime (Caf, MSA…)': CODES.benefitScheme, 'Activité des parents': CODES.parentsActivity },
            claims: ['Situations vérifiées par la crèche'],
          })
        : null,
      Parents: await q(
        `SELECT u.first_name AS "Prénom", u.last_name AS "Nom", u.email AS "Adresse e-mail",
                ${ts('u.email_verified_at')} AS "Adresse confirmée le", ${ts('u.created_at')} AS "Compte créé le"
           FROM family_members m JOIN users u ON u.id = m.user_id WHERE m.family_id = $1 ORDER BY u.created_at`,
      ),
      Enfants: await q(
        `SELECT c.id AS "Identifiant", c.first_name AS "Prénom", ${day('c.birth_date')} AS "Date de naissance",
                ${day('c.expected_birth_date')} AS "Naissance prévue le",
                ${day('c.applied_birth_date')} AS "Date de naissance lors de la demande",
                ${day('c.applied_expected_birth_date')} AS "Naissance prévue lors de la demande", c.disability AS "Handicap",
                c.multiple_birth AS "Naissance multiple", c.aeeh AS "Bénéficiaire de l'AEEH",
                c.verified_claims AS "Situations vérifiées par la crèche", ${ts('c.created_at')} AS "Ajouté le"
           FROM children c WHERE c.family_id = $1 ORDER BY c.created_at`,
        { claims: ['Situations vérifiées par la crèche'] },
      ),
      // Alternating residence (#14 §5), each side with what the app shows it: the household that named another sees
      // the other's id (it typed it) and whether it accepted (POST …/co-households); the household named sees the
      // request and the child's id (GET /me/co-household-requests). Never the other household's parents or situation.
      'Résidence alternée : foyers que vous avez nommés': await q(
        `SELECT co.id AS "Identifiant de la demande", ch.first_name AS "Enfant",
                co.family_id AS "Autre foyer (identifiant)", ${ts('co.requested_at')} AS "Demandée le",
                ${MEMBER_NAME('co.requested_by')} AS "Demandée par",
                co.accepted_at IS NOT NULL AS "Acceptée par l'autre foyer"
           FROM co_households co JOIN children ch ON ch.id = co.child_id
          WHERE ch.family_id = $1 ORDER BY co.requested_at, co.id`,
      ),
      'Résidence alternée : demandes qui nomment votre foyer': await q(
        `SELECT co.id AS "Identifiant de la demande", co.child_id AS "Enfant (identifiant)",
                ${ts('co.requested_at')} AS "Demandée le", ${ts('co.accepted_at')} AS "Acceptée le",
                ${MEMBER_NAME('co.accepted_by')} AS "Acceptée par"
           FROM co_households co WHERE co.family_id = $1 ORDER BY co.requested_at, co.id`,
      ),
      'Demandes de place': await q(
        `SELECT a.id AS "Identifiant", ch.first_name AS "Enfant", a.status AS "Statut",
                ${day('a.desired_start_date')} AS "Entrée souhaitée le", a.schedule AS "Horaires souhaités",
                a.leave_weeks_per_year AS "Semaines de congés par an", ${ts('a.submitted_at')} AS "Déposée le",
                ${ts('a.last_confirmed_at')} AS "Dernière confirmation le", a.refusals AS "Offres refusées",
                ac.name AS "Crèche d'admission", a.admitted_score AS "Score à l'admission",
                ${ts('a.closed_at')} AS "Close le",
                (SELECT json_agg(json_build_object('Rang', p.rank, 'Crèche', cr.name, 'Horaires demandés', p.schedule) ORDER BY p.rank)
                   FROM application_preferences p JOIN creches cr ON cr.id = p.creche_id
                  WHERE p.application_id = a.id) AS "Crèches demandées"
           FROM applications a JOIN children ch ON ch.id = a.child_id LEFT JOIN creches ac ON ac.id = a.admitted_creche_id
          WHERE a.family_id = $1 ORDER BY a.submitted_at`,
        { codes: { Statut: CODES.applicationStatus }, json: ['Horaires souhaités', 'Crèches demandées'] },
      ),
      'Offres de place': await q(
        `SELECT o.id AS "Identifiant", ch.first_name AS "Enfant", cr.name AS "Crèche", o.status AS "Statut",
                ${day('o.start_date')} AS "Début", ${day('o.end_date')} AS "Fin", o.schedule AS "Horaires",
                o.score AS "Score", ${ts('o.deadline')} AS "Réponse attendue avant le",
                o.estimated_hourly_rate::text AS "Tarif horaire estimé (euros)",
                o.estimated_monthly_fee::text AS "Participation mensuelle estimée (euros)",
                ${ts('o.answered_at')} AS "Répondu le", o.decline_reason AS "Motif du refus",
                o.withdrawal_reason AS "Motif du retrait", ${ts('o.created_at')} AS "Proposée le"
           FROM offers o JOIN children ch ON ch.id = o.child_id JOIN creches cr ON cr.id = o.creche_id
          WHERE o.family_id = $1 ORDER BY o.created_at`,
        { codes: { Statut: CODES.offerStatus, 'Motif du retrait': CODES.offerWithdrawalReason }, json: ['Horaires'] },
      ),
      // Its children's contracts and those it pays a share of (alternating residence); of the shares, only its own:
      // the other household's situation is that household's personal data.
      Contrats: await q(
        `SELECT c.id AS "Identifiant", ch.first_name AS "Enfant", cr.name AS "Crèche",
                ${day('c.start_date')} AS "Début", ${day('c.end_date')} AS "Fin", c.schedule AS "Horaires",
                c.leave_weeks_per_year AS "Semaines de congés par an", c.leave_periods AS "Périodes de congés",
                CASE WHEN ch.family_id = $1::uuid THEN c.fee_inputs END AS "Situation retenue pour la participation",
                (SELECT jsonb_agg(s) FROM jsonb_array_elements(c.fee_shares) s WHERE s->>'familyId' = $1::text)
                  AS "Part de votre foyer (résidence alternée)",
                c.mensualisation AS "Mensualisation", ${ts('c.created_at')} AS "Créé le"
           FROM contracts c JOIN children ch ON ch.id = c.child_id JOIN creches cr ON cr.id = c.creche_id
          WHERE ch.family_id = $1::uuid
             OR c.fee_shares @> jsonb_build_array(jsonb_build_object('familyId', $1::text))
          ORDER BY c.start_date`,
        {
          json: [
            'Horaires',
            'Périodes de congés',
            'Situation retenue pour la participation',
            'Part de votre foyer (résidence alternée)',
            'Mensualisation',
          ],
        },
      ),
      // Occasional and emergency care booked for its children, with the fee fixed when booked and how (#16, R8.3).
      Réservations: await q(
        `SELECT b.id AS "Identifiant", ch.first_name AS "Enfant", cr.name AS "Crèche", ${day('b.date')} AS "Jour",
                ${minute('b.from_minute')} AS "De", ${minute('b.to_minute')} AS "À",
                CASE b.kind WHEN 'OCCASIONAL' THEN 'occasionnel' WHEN 'EMERGENCY' THEN 'urgence' ELSE b.kind END
                  AS "Accueil", b.hourly_rate::text AS "Tarif horaire (euros)",
                b.billed_minutes AS "Minutes facturées", b.amount::text AS "Montant (euros)",
                b.fee_trace AS "Étapes du calcul", ${ts('b.created_at')} AS "Réservée le",
                ${ts('b.cancelled_at')} AS "Annulée le"
           FROM bookings b JOIN children ch ON ch.id = b.child_id JOIN creches cr ON cr.id = b.creche_id
          WHERE ch.family_id = $1 ORDER BY b.date, b.from_minute, ch.first_name`,
        { json: ['Étapes du calcul'] },
      ),
      // The dated changes of the situation its contracts (or its share of one) are billed on (docs/rules.md R4.10).
      'Changements de situation des contrats': await q(
        `SELECT x.contract_id AS "Contrat", ${day('x.effective_from')} AS "Facturé à partir du",
                ${day('x.declared_from')} AS "Applicable à partir du (avant le début du contrat)",
                x.fields AS "Situation retenue pour la participation",
                CASE WHEN x.replaces THEN 'situation complète' ELSE 'éléments changés' END AS "Nature",
                ${ts('x.created_at')} AS "Enregistré le"
           FROM contract_fee_changes x JOIN contracts c ON c.id = x.contract_id
          WHERE (x.family_id IS NULL AND c.child_id IN (SELECT id FROM children WHERE family_id = $1::uuid))
             OR x.family_id = $1::uuid
          ORDER BY x.id`,
        { json: ['Situation retenue pour la participation'] },
      ),
      'Calculs de participation': await q(
        `SELECT f.id AS "Identifiant", f.contract_id AS "Contrat", ${day('f.effective_from')} AS "Applicable à partir du",
                f.reason AS "Motif", f.care_type AS "Type d'accueil", f.tier AS "Tranche",
                f.effort_rate::text AS "Taux d'effort", f.bounded_resources::text AS "Ressources retenues (euros)",
                f.hourly_rate::text AS "Tarif horaire (euros)", f.monthly_hours::text AS "Heures par mois",
                f.monthly_fee::text AS "Participation mensuelle (euros)", f.hours_percent AS "Part des heures (%)",
                f.inputs AS "Éléments du calcul", f.trace AS "Étapes du calcul", ${ts('f.created_at')} AS "Calculé le"
           FROM fee_computations f JOIN contracts c ON c.id = f.contract_id
          WHERE (f.family_id IS NULL AND c.child_id IN (SELECT id FROM children WHERE family_id = $1::uuid))
             OR f.family_id = $1::uuid
          ORDER BY f.created_at`,
        {
          codes: { Motif: CODES.feeReason, "Type d'accueil": CODES.careType },
          json: ['Éléments du calcul', 'Étapes du calcul'],
        },
      ),
      'Déclarations de situation': await q(
        `SELECT d.id AS "Identifiant", d.status AS "Statut",
                CASE d.resources_kind WHEN 'AMOUNT' THEN d.monthly_resources::text WHEN 'UNKNOWN' THEN 'inconnues'
                     WHEN 'REFUSED' THEN 'non communiquées' END AS "Ressources mensuelles déclarées (euros)",
                d.dependent_children AS "Enfants à charge déclarés", d.aeeh_children AS "Enfants AEEH déclarés",
                d.document_type AS "Justificatif", d.document_mime AS "Format du justificatif",
                d.document_size AS "Taille du justificatif (octets)", ${ts('d.declared_at')} AS "Déclarée le",
                ${day('d.applies_from')} AS "Applicable à partir du", ${ts('d.reviewed_at')} AS "Examinée le",
                d.rejection_reason AS "Motif du refus"
           FROM fee_declarations d WHERE d.family_id = $1 ORDER BY d.declared_at`,
        { codes: { Statut: CODES.declarationStatus, Justificatif: CODES.documentType } },
      ),
      // The proofs of priority criteria (issue #19): the file itself is downloaded from "Mes déclarations".
      'Justificatifs des situations prioritaires': await q(
        `SELECT p.id AS "Identifiant", p.claim AS "Situation", ch.first_name AS "Enfant",
                p.document_mime AS "Format du justificatif", p.document_size AS "Taille du justificatif (octets)",
                ${ts('p.uploaded_at')} AS "Déposé le"
           FROM claim_proofs p LEFT JOIN children ch ON ch.id = p.child_id
          WHERE p.family_id = $1 ORDER BY p.uploaded_at, p.id`,
        { codes: { Situation: CODES.claim } },
      ),
      // Billing (issue #16): the household's invoices with their lines, credit notes and payments; its children's
      // attendance and absences (the reason and dates; a certificate is downloaded by the crèche, not exported).
      Factures: await q(
        // Numbers as printed on the PDFs and pages (billing's documentNumber: six digits), not the sequence's integer.
        `SELECT ${NUMBER('i')} AS "Numéro", to_char(i.month, 'YYYY-MM') AS "Mois facturé", cr.name AS "Crèche",
                i.total::text AS "Total (euros)", i.contract_hours::text AS "Heures du contrat",
                i.deducted_hours::text AS "Heures déduites", i.extra_hours::text AS "Heures complémentaires",
                i.occasional_hours::text AS "Heures d'accueil occasionnel", i.billed_hours::text AS "Heures facturées",
                i.attended_minutes AS "Minutes de présence", ${ts('i.issued_at')} AS "Émise le",
                ${day(`(i.issued_at AT TIME ZONE 'Europe/Paris')::date + i.payment_due_days`)} AS "À régler au plus tard le",
                i.payment_terms AS "Modalités de paiement", ${INVOICE_LINES} AS "Lignes"
           FROM invoices i JOIN creches cr ON cr.id = i.creche_id
          WHERE i.family_id = $1 AND i.kind = 'INVOICE' ORDER BY i.month, cr.name, i.number`,
      ),
      Avoirs: await q(
        `SELECT ${NUMBER('i')} AS "Numéro", ${NUMBER('c')} AS "Facture corrigée", to_char(i.month, 'YYYY-MM') AS "Mois de la facture",
                cr.name AS "Crèche", i.total::text AS "Total (euros)",
                (-i.billed_hours)::text AS "Heures retirées des heures facturées", i.reason AS "Motif",
                ${ts('i.issued_at')} AS "Émis le", ${INVOICE_LINES} AS "Lignes"
           FROM invoices i JOIN creches cr ON cr.id = i.creche_id JOIN invoices c ON c.id = i.credited_invoice_id
          WHERE i.family_id = $1 AND i.kind = 'CREDIT_NOTE' ORDER BY i.issued_at, i.number`,
      ),
      Paiements: await q(
        `SELECT cr.name AS "Crèche", p.amount::text AS "Montant (euros)", ${day('p.paid_on')} AS "Payé le",
                CASE p.method WHEN 'TRANSFER' THEN 'virement' WHEN 'DIRECT_DEBIT' THEN 'prélèvement'
                     WHEN 'CHEQUE' THEN 'chèque' WHEN 'CASH' THEN 'espèces'
                     WHEN 'CESU' THEN 'chèque emploi service universel (CESU)'
                     WHEN 'CARD' THEN 'carte bancaire' ELSE p.method END AS "Moyen de paiement",
                ${ts('p.created_at')} AS "Enregistré le", ${ts('p.cancelled_at')} AS "Annulé le",
                p.cancel_reason AS "Motif de l'annulation"
           FROM payments p JOIN creches cr ON cr.id = p.creche_id
          WHERE p.family_id = $1 ORDER BY p.paid_on, p.created_at`,
      ),
      Présences: await q(
        `SELECT ch.first_name AS "Enfant", cr.name AS "Crèche", ${day('r.date')} AS "Jour",
                ${minute('r.arrived_minute')} AS "Arrivée", ${minute('r.left_minute')} AS "Départ"
           FROM attendance_records r JOIN children ch ON ch.id = r.child_id JOIN creches cr ON cr.id = r.creche_id
          WHERE ch.family_id = $1 ORDER BY r.date, ch.first_name`,
      ),
      Absences: await q(
        `SELECT ch.first_name AS "Enfant", cr.name AS "Crèche",
                CASE a.reason WHEN 'ILLNESS' THEN 'maladie' WHEN 'HOSPITALISATION' THEN 'hospitalisation'
                     WHEN 'DOCTOR_EXCLUSION' THEN 'éviction par le médecin de la crèche'
                     WHEN 'EXCEPTIONAL_CLOSURE' THEN 'fermeture exceptionnelle de la crèche'
                     WHEN 'UNEXCUSED' THEN 'non justifiée' ELSE a.reason END AS "Motif",
                ${day('a.from_date')} AS "Du", ${day('a.to_date')} AS "Au", a.certified AS "Justificatif remis",
                a.document_key IS NOT NULL AS "Justificatif conservé par la crèche", ${ts('a.created_at')} AS "Enregistrée le"
           FROM absences a JOIN children ch ON ch.id = a.child_id JOIN creches cr ON cr.id = a.creche_id
          WHERE ch.family_id = $1 ORDER BY a.from_date, ch.first_name`,
      ),
      'Invitations envoyées': await q(
        `SELECT i.email AS "Adresse invitée", ${ts('i.created_at')} AS "Envoyée le", ${ts('i.accepted_at')} AS "Acceptée le"
           FROM family_invitations i WHERE i.family_id = $1 ORDER BY i.created_at`,
      ),
      // The messages' texts are in "Mes messages"; here, what was sent and when.
      'Messages envoyés': await q(
        `SELECT n.type AS "Type", n.status AS "Statut", ${ts('n.created_at')} AS "Créé le", ${ts('n.sent_at')} AS "Envoyé le"
           FROM notices n JOIN family_members m ON m.user_id = n.recipient_user_id
          WHERE m.family_id = $1 ORDER BY n.created_at`,
        { codes: { Type: CODES.noticeType, Statut: CODES.noticeStatus } },
      ),
    };
  }

  /** The household's children (its own, not a co-household's), whose rows other modules erase with it. */
  async childIdsOf(em: EntityManager, familyId: string): Promise<string[]> {
    const rows = await selectRows<{ id: string }>(em, `SELECT id FROM children WHERE family_id = $1 ORDER BY id`, [
      familyId,
    ]);
    return rows.map((r) => r.id);
  }

  /**
   * What the household still owes or will be billed, on `today`, per crèche (docs/rules.md#r811): a contract of its
   * children or one it pays a share of not ended yet; a contract ended, or an occasional booking, in a month the crèche
   * has not invoiced to it yet; a balance owed (invoiced and credited, less payments not cancelled). Erasing it then
   * would leave an invoice nobody can be asked to pay.
   */
  async erasureBlockers(em: EntityManager, familyId: string, today: string): Promise<ErasureBlocker[]> {
    return selectRows<ErasureBlocker>(
      em,
      `WITH own AS (
         SELECT c.creche_id, c.end_date FROM contracts c JOIN children ch ON ch.id = c.child_id WHERE ch.family_id = $1
         UNION ALL
         SELECT c.creche_id, c.end_date FROM contracts c
          WHERE c.fee_shares @> jsonb_build_array(jsonb_build_object('familyId', $1::text))),
       invoiced AS (SELECT creche_id, month FROM invoices WHERE family_id = $1 AND kind = 'INVOICE'),
       blockers AS (
         SELECT 'CONTRACT_RUNNING' AS kind, creche_id, max(end_date) AS on_date, NULL::numeric AS amount
           FROM own WHERE end_date >= $2::date GROUP BY creche_id
         UNION ALL
         SELECT 'NOT_INVOICED', o.creche_id, max(o.end_date), NULL FROM own o
          WHERE o.end_date < $2::date
            AND NOT EXISTS (SELECT 1 FROM invoiced i WHERE i.creche_id = o.creche_id
                             AND i.month = date_trunc('month', o.end_date)::date)
          GROUP BY o.creche_id
         UNION ALL
         SELECT 'NOT_INVOICED', b.creche_id, max(b.date), NULL FROM bookings b JOIN children ch ON ch.id = b.child_id
          WHERE ch.family_id = $1 AND b.cancelled_at IS NULL
            AND NOT EXISTS (SELECT 1 FROM invoiced i WHERE i.creche_id = b.creche_id
                             AND i.month = date_trunc('month', b.date)::date)
          GROUP BY b.creche_id
         UNION ALL
         SELECT 'BALANCE_OWED', creche_id, NULL, sum(amount) FROM (
           SELECT creche_id, total AS amount FROM invoices WHERE family_id = $1
           UNION ALL
           SELECT creche_id, -amount FROM payments WHERE family_id = $1 AND cancelled_at IS NULL) m
          GROUP BY creche_id HAVING sum(amount) > 0)
       SELECT b.kind, b.creche_id, cr.name AS creche_name, ${day('b.on_date')} AS on_date, b.amount::text AS amount
         FROM blockers b JOIN creches cr ON cr.id = b.creche_id
        ORDER BY cr.name, b.kind`,
      [familyId, today],
    );
  }

  /**
   * Households past retention: not erased yet (whether or not they declared a commune), no application active nor
   * touched within `months` months, no contract of theirs (their children's or a share they pay) ended within
   * `months` months — the crèche still invoices the last months and the leaving regularisation after a contract's
   * end —, and, for a household that never applied (a child admitted by a contract the crèche made, a sign-up that
   * went no further), nothing of its own changed within `months` months either.
   */
  async pastRetention(em: EntityManager, now: Date, months: number): Promise<string[]> {
    const rows = await selectRows<{ id: string }>(
      em,
      `WITH cutoff AS (SELECT $1::timestamptz - make_interval(months => $2::int) AS at)
       SELECT f.id FROM families f, cutoff
        WHERE f.erased_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM applications a WHERE a.family_id = f.id
                           AND (a.status IN ('SUBMITTED', 'OFFERED') OR a.updated_at >= cutoff.at))
          AND NOT EXISTS (SELECT 1 FROM contracts c JOIN children ch ON ch.id = c.child_id
                           WHERE ch.family_id = f.id AND c.end_date >= cutoff.at::date)
          AND NOT EXISTS (SELECT 1 FROM contracts c WHERE c.end_date >= cutoff.at::date
                           AND c.fee_shares @> jsonb_build_array(jsonb_build_object('familyId', f.id::text)))
          AND (EXISTS (SELECT 1 FROM applications a WHERE a.family_id = f.id) OR f.updated_at < cutoff.at)`,
      [now, months],
    );
    return rows.map((r) => r.id);
  }
}

/** Why a household cannot be erased yet: what it still owes or will be billed at a crèche. */
export interface ErasureBlocker {
  readonly kind: 'CONTRACT_RUNNING' | 'NOT_INVOICED' | 'BALANCE_OWED';
  readonly crecheId: string;
  readonly crecheName: string;
  /** The contract's end (running), or the last day not invoiced yet. */
  readonly onDate: string | null;
  /** Euros owed, for a balance. */
  readonly amount: string | null;
}

/** A calendar date column as YYYY-MM-DD (never shifted by a time zone). */
const day = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;
/** A minute of the day (0–1440) as HH:MM. */
const minute = (column: string) =>
  `CASE WHEN ${column} IS NOT NULL THEN lpad((${column} / 60)::text, 2, '0') || ':' || lpad((${column} % 60)::text, 2, '0') END`;
/** An invoice's or credit note's lines, in order (`i` is the document). */
const INVOICE_LINES = `(SELECT json_agg(json_build_object('Libellé', l.label, 'Enfant', lc.first_name,
    'Heures', l.hours::text, 'Tarif horaire (euros)', l.hourly_rate::text, 'Montant (euros)', l.amount::text,
    'Du', to_char(l.from_date, 'YYYY-MM-DD'), 'Au', to_char(l.to_date, 'YYYY-MM-DD')) ORDER BY l.position)
   FROM invoice_lines l LEFT JOIN children lc ON lc.id = l.child_id WHERE l.invoice_id = i.id)`;
/** The name of a parent of the household (`$1`), null for anyone else: never a name from the other household. */
const MEMBER_NAME = (userColumn: string) => `(SELECT u.first_name || ' ' || u.last_name FROM family_members m
    JOIN users u ON u.id = m.user_id WHERE m.family_id = $1 AND m.user_id = ${userColumn})`;
/** An instant as ISO 8601 in UTC. */
const ts = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
