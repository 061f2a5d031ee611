import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { ScrollableTable } from '../../components/ScrollableTable';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/call';
import { frenchError } from '../../api/errors-fr';
import { eurosFr, hoursFr, minutesFr, monthFr, percentFr } from '../staff/billing/billing-format';
import { frenchDate } from './audit-format';

/** "mars 2027", or "2027" for the whole year. */
export const periodFr = (year: number, month: number | null): string =>
  month === null ? String(year) : monthFr(`${year}-${String(month).padStart(2, '0')}`);

/**
 * The per-child report of a period, shared (one request) by the table and by the pages' CSV button, which has nothing
 * to give before a month is issued.
 */
export const useChildHours = (crecheId: string, year: number, month: number | null, enabled = true) =>
  useQuery({
    queryKey: ['creches', crecheId, 'child-hours', year, month],
    enabled,
    queryFn: () =>
      unwrap(
        api.GET('/api/creches/{id}/caf-reports/children', {
          params: { path: { id: crecheId }, query: { year, ...(month === null ? {} : { month }) } },
        }),
      ),
  });

/** Whether the period has an issued month, so that its CSV holds more than its header; unknown while loading. */
export const nothingIssued = (report: ReturnType<typeof useChildHours>): boolean =>
  report.data?.issuedMonths.length === 0;

/**
 * Hours billed against hours attended, child by child (docs/rules.md R9.7): what a Caf auditor compares with the
 * crèche's attendance sheets. Over the months the crèche has issued only (a month not issued has nothing billed yet);
 * alerts first, then children billed without any presence, as the API orders them.
 */
export function ChildHours({
  crecheId,
  year,
  month,
  detailLevel = 4,
}: {
  crecheId: string;
  year: number;
  month: number | null;
  /** The level of the day-by-day detail's heading, under the page's own. */
  detailLevel?: 3 | 4;
}) {
  const report = useChildHours(crecheId, year, month);
  // A child's month opened day by day (a month chosen): the period's change closes it.
  const [opened, setOpened] = useState<{ childId: string; name: string; period: string } | null>(null);
  const period = `${crecheId}-${year}-${month}`;
  // Erased households' children have no name: numbered, so that their buttons differ.
  const names = new Map<string, string>();
  let erased = 0;
  for (const c of report.data?.children ?? [])
    names.set(c.childId, c.erased ? `Enfant d’un foyer effacé (${(erased += 1)})` : nameOf(c));
  if (report.isPending) return <p>Chargement des heures par enfant…</p>;
  if (report.error) return <Alert severity="error" small description={frenchError(report.error)} />;
  // The total row is the API's: the exact hours summed, then rounded once (the rows' rounded hours may not add up).
  const { issuedMonths, children, total } = report.data;
  if (issuedMonths.length === 0)
    return (
      <p>{month === null ? 'Aucun mois de cette année n’est encore facturé.' : 'Ce mois n’est pas encore facturé.'}</p>
    );
  if (children.length === 0) return <p>Aucun enfant facturé ni présent sur les mois facturés.</p>;
  const alerts = children.filter((c) => c.billingRateAlert).length;
  const absent = children.filter((c) => c.billedWithoutAttendance).length;
  const unbilled = children.filter((c) => c.attendedWithoutBilling).length;
  return (
    <>
      <p>
        {month === null && `Mois facturés : ${issuedMonths.map((m) => monthFr(m)).join(', ')}. `}
        {alerts === 0
          ? 'Aucun enfant au-delà de 107 % d’heures facturées sur les heures réalisées'
          : `${alerts} enfant${alerts > 1 ? 's' : ''} au-delà de 107 %`}
        {absent > 0 && `, ${absent} facturé${absent > 1 ? 's' : ''} sans aucune présence`}
        {unbilled > 0 &&
          `, ${unbilled} présent${unbilled > 1 ? 's' : ''} sans facture (à facturer en émettant à nouveau le mois)`}
        .
      </p>
      <p className="fr-hint-text">
        Participations : les lignes des factures de chaque enfant, avoirs en heures déduits ; un avoir en euros ne nomme
        pas d’enfant et figure au rapport d’activité.
      </p>
      <Table
        caption={`Heures facturées et réalisées par enfant, ${periodFr(year, month)}`}
        headers={[
          'Enfant',
          'Né(e) le',
          'Heures réalisées',
          'Heures facturées',
          'Dont retirées par avoir',
          'Participations',
          'Taux de facturation',
          ...(month === null ? [] : ['Jour par jour']),
        ]}
        data={[
          ...children.map((c) => [
            c.erased ? 'Enfant d’un foyer effacé' : `${c.firstName}${c.lastName ? ` ${c.lastName}` : ''}`,
            c.birthDate ? frenchDate(c.birthDate) : '—',
            hoursFr(c.hoursAttended),
            hoursFr(c.hoursBilled),
            Number(c.hoursCredited) === 0 ? '—' : hoursFr(c.hoursCredited),
            eurosFr(c.feesBilled),
            c.billedWithoutAttendance
              ? 'facturé sans présence'
              : c.attendedWithoutBilling
                ? 'présent sans facture'
                : `${percentFr(c.billingRatePercent)}${c.billingRateAlert ? ' — au-delà de 107 %' : ''}`,
            ...(month === null
              ? []
              : [
                  <Button
                    key="jours"
                    id={`bouton-jours-${c.childId}`}
                    size="small"
                    priority="tertiary"
                    aria-expanded={opened?.childId === c.childId && opened.period === period}
                    aria-controls={`jours-${c.childId}`}
                    onClick={() =>
                      setOpened(
                        opened?.childId === c.childId && opened.period === period
                          ? null
                          : { childId: c.childId, name: names.get(c.childId) ?? nameOf(c), period },
                      )
                    }
                  >
                    {`Jour par jour : ${names.get(c.childId) ?? nameOf(c)}`}
                  </Button>,
                ]),
          ]),
          [
            'Total',
            '',
            hoursFr(total.hoursAttended),
            hoursFr(total.hoursBilled),
            hoursFr(total.hoursCredited),
            eurosFr(total.feesBilled),
            '',
            ...(month === null ? [] : ['']),
          ],
        ]}
      />
      {month !== null && opened?.period === period && (
        <ChildMonthDetail
          crecheId={crecheId}
          childId={opened.childId}
          name={opened.name}
          year={year}
          month={month}
          level={detailLevel}
          onClose={() => {
            setOpened(null);
            // Back to the button that opened it, not to the top of the page.
            document.getElementById(`bouton-jours-${opened.childId}`)?.focus();
          }}
        />
      )}
    </>
  );
}

type ChildRow = { erased: boolean; firstName: string; lastName: string | null };
const nameOf = (c: ChildRow) =>
  c.erased ? 'Enfant d’un foyer effacé' : `${c.firstName}${c.lastName ? ` ${c.lastName}` : ''}`;

const ABSENCE_FR: Readonly<Record<string, string>> = {
  ILLNESS: 'Maladie',
  HOSPITALISATION: 'Hospitalisation',
  DOCTOR_EXCLUSION: 'Éviction par le médecin de la crèche',
  EXCEPTIONAL_CLOSURE: 'Fermeture exceptionnelle de la crèche',
  UNEXCUSED: 'Absence non justifiée',
};
const BOOKING_FR: Readonly<Record<string, string>> = { OCCASIONAL: 'occasionnel', EMERGENCY: 'urgence' };
const UNBILLABLE_FR: Readonly<Record<string, string>> = {
  NO_MENSUALISATION: 'pas d’heures réservées enregistrées',
  NO_FEE: 'pas de participation en vigueur',
};

/** The day's presence as the auditor reads it on the sheet: the records, else why there is none. */
function presenceFr(d: {
  records: { arrivedAt: string; leftAt: string }[];
  openArrival: boolean;
  deducted: string | null;
}): string {
  const open = d.openArrival ? 'arrivée sans départ pointé' : null;
  if (d.records.length)
    return [d.records.map((r) => `${r.arrivedAt}–${r.leftAt}`).join(', '), open].filter(Boolean).join(' ; ');
  if (open) return open;
  if (d.deducted) return `absence déductible : ${(ABSENCE_FR[d.deducted] ?? d.deducted).toLowerCase()}`;
  return 'aucune présence pointée';
}

/**
 * One child's month day by day (R9.7): each day's hours reserved by the contract, attendance records, bookings and extra
 * time billed, beside the lines of its invoices and credit notes in hours, as printed; what an auditor sets against the
 * crèche's sheet for that child. Its totals are the row's.
 */
function ChildMonthDetail(props: {
  crecheId: string;
  childId: string;
  name: string;
  year: number;
  month: number;
  level: 3 | 4;
  onClose: () => void;
}) {
  const { crecheId, childId, name, year, month } = props;
  const Heading = props.level === 3 ? 'h3' : 'h4';
  const detail = useQuery({
    queryKey: ['creches', crecheId, 'child-hours', year, month, childId],
    queryFn: () =>
      unwrap(
        api.GET('/api/creches/{id}/caf-reports/children/{childId}', {
          params: { path: { id: crecheId, childId }, query: { year, month } },
        }),
      ),
  });
  const title = `${name}, ${periodFr(year, month)}, jour par jour`;
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), [childId]);
  const close = (
    <Button priority="secondary" size="small" onClick={props.onClose}>
      Fermer le détail
    </Button>
  );
  return (
    <section id={`jours-${childId}`} aria-label={title} className="fr-mt-3w">
      <Heading ref={headingRef} tabIndex={-1}>
        {title}
      </Heading>
      {detail.isPending && <p>Chargement du détail…</p>}
      {detail.error && <Alert severity="error" small description={frenchError(detail.error)} />}
      {detail.data && (
        <>
          <p>
            {detail.data.issued
              ? `Heures réalisées : ${hoursFr(detail.data.hoursAttended)} ; heures facturées : ${hoursFr(detail.data.hoursBilled)}` +
                (Number(detail.data.hoursCredited) === 0
                  ? ''
                  : ` (dont ${hoursFr(detail.data.hoursCredited)} retirées par avoir)`) +
                ` ; participations : ${eurosFr(detail.data.feesBilled)}.`
              : 'Ce mois n’est pas encore facturé.'}
          </p>
          <p className="fr-text--sm">
            {(detail.data.issued
              ? 'Réservé, heures complémentaires et dépassements sont recomptés aujourd’hui, comme l’émission les compte ; les lignes facturées plus bas sont celles imprimées. '
              : 'Réservé, heures complémentaires et dépassements sont ceux que l’émission compterait aujourd’hui. ') +
              'Le total réservé est celui des jours du mois : la mensualité répartit en parts égales les heures réservées de tout le contrat. Une absence déductible l’est dans la limite de la mensualité.'}
          </p>
          {detail.data.issued && detail.data.extraHoursNow !== detail.data.extraHoursBilled && (
            <Alert
              severity="warning"
              small
              className="fr-mb-2w"
              description={`Recomptés aujourd’hui, heures complémentaires et dépassements font ${hoursFr(detail.data.extraHoursNow)} ; les factures du mois en portent ${hoursFr(detail.data.extraHoursBilled)}. Un réglage de la crèche (unité de facturation, ouverture les jours fériés) ou un contrat a changé depuis l’émission.`}
            />
          )}
          {detail.data.unbillable.length > 0 && (
            <Alert
              severity="info"
              small
              className="fr-mb-2w"
              description={`${detail.data.unbillable.length > 1 ? 'Des contrats' : 'Un contrat'} de l’enfant ne ${detail.data.unbillable.length > 1 ? 'peuvent' : 'peut'} pas être facturé${detail.data.unbillable.length > 1 ? 's' : ''} ce mois-ci (${detail.data.unbillable.map((u) => UNBILLABLE_FR[u.reason] ?? u.reason).join(' ; ')}) : ${detail.data.unbillable.length > 1 ? 'leurs' : 'ses'} jours ne sont pas comptés ici.`}
            />
          )}
          {detail.data.days.length === 0 ? (
            <p>Aucun jour au planning, aucun accueil occasionnel et aucune présence ce mois-ci.</p>
          ) : (
            <ScrollableTable
              caption={`Jours du mois, ${name}, ${periodFr(year, month)}`}
              headers={[
                'Jour',
                'Réservé au contrat',
                'Présence pointée',
                'Durée',
                'Accueil occasionnel ou d’urgence',
                'Heures complémentaires',
                'Dépassement d’un accueil occasionnel',
              ]}
              data={[
                ...detail.data.days.map((d) => [
                  frenchDate(d.date),
                  d.reserved.length === 0 ? '—' : d.reserved.map((r) => `${r.from}–${r.to}`).join(', '),
                  presenceFr(d),
                  d.records.length === 0 ? '—' : minutesFr(d.minutes),
                  d.bookings.length === 0
                    ? '—'
                    : d.bookings.map((b) => `${BOOKING_FR[b.kind] ?? b.kind} ${b.from}–${b.to}`).join(', '),
                  d.extraMinutes === 0 ? '—' : minutesFr(d.extraMinutes),
                  d.overtimeMinutes === 0 ? '—' : minutesFr(d.overtimeMinutes),
                ]),
                // Summed in minutes, as the row's hours attended are (rounded days would not add up).
                [
                  'Total',
                  minutesFr(detail.data.days.reduce((sum, d) => sum + d.reservedMinutes, 0)),
                  '',
                  minutesFr(detail.data.days.reduce((sum, d) => sum + d.minutes, 0)),
                  '',
                  minutesFr(detail.data.days.reduce((sum, d) => sum + d.extraMinutes, 0)),
                  minutesFr(detail.data.days.reduce((sum, d) => sum + d.overtimeMinutes, 0)),
                ],
              ]}
            />
          )}
          {detail.data.absences.length > 0 && (
            <>
              <p className="fr-mb-1w">Absences enregistrées :</p>
              <ul>
                {detail.data.absences.map((a, i) => (
                  <li key={i}>
                    {`${ABSENCE_FR[a.reason] ?? a.reason}, du ${frenchDate(a.fromDate)} au ${frenchDate(a.toDate)}` +
                      (a.certified ? ', avec justificatif' : '')}
                  </li>
                ))}
              </ul>
            </>
          )}
          {detail.data.lines.length > 0 && (
            <Table
              caption={`Lignes facturées, ${name}, ${periodFr(year, month)}`}
              headers={['Document', 'Ligne', 'Libellé', 'Heures', 'Tarif horaire', 'Montant']}
              data={detail.data.lines.map((l) => [
                `${l.documentKind === 'CREDIT_NOTE' ? 'Avoir' : 'Facture'} n° ${l.reference}`,
                l.creditedPosition === null ? String(l.position) : `${l.position} (sur la ligne ${l.creditedPosition})`,
                l.label,
                l.hours === null ? '—' : hoursFr(l.hours),
                l.hourlyRate === null ? '—' : `${eurosFr(l.hourlyRate)}/h`,
                eurosFr(l.amount),
              ])}
            />
          )}
        </>
      )}
      {close}
    </section>
  );
}
