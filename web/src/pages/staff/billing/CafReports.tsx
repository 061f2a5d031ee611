import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { api } from '../../../api/client';
import { ScrollableTable } from '../../../components/ScrollableTable';
import { unwrap } from '../../../api/call';
import { frenchError } from '../../../api/errors-fr';
import { todayInFrance } from '../today';
import { activityKey, filoueKey } from './billing-queries';
import { eurosFr, hoursFr, monthFr, percentFr } from './billing-format';
import { downloadFile } from './files';
import { keptFromNoteFr } from '../../../../../src/modules/caf-reports/domain/kept-from';
import { ChildHours, nothingIssued, periodFr, useChildHours } from '../../audit/ChildHours';
import { filoueSummaryFr } from '../../audit/audit-format';

/**
 * The Caf's reports of the crèche's year (docs/rules.md §9): the activity report month by month, the billing rate
 * flagged above 107 %, as CSV and PDF; the yearly FILOUÉ file with the errors that kept children out, as CSV.
 */
export function CafReports({ crecheId }: { crecheId: string }) {
  const thisYear = Number(todayInFrance().slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const [monthText, setMonthText] = useState('');
  const month = monthText ? Number(monthText) : null;
  const file = useMutation({ mutationFn: (f: { path: string; name: string }) => downloadFile(f.path, f.name) });
  const base = `/api/creches/${crecheId}/caf-reports`;
  const childHours = useChildHours(crecheId, year, month);
  /**
   * A button downloading `name` for the year, with `more` added to its query, saved as `saveAs` (else `name`);
   * disabled while a download runs, or when the file would be `empty`.
   */
  const download = (name: string, label: string, more = '', saveAs = name, empty = false) => (
    <Button
      priority="secondary"
      size="small"
      iconId="fr-icon-download-line"
      disabled={file.isPending || empty}
      onClick={() => file.mutate({ path: `${base}/${name}?year=${year}${more}`, name: saveAs })}
    >
      {label}
    </Button>
  );
  return (
    <section aria-labelledby="rapports-caf" className="fr-mt-6w">
      <h2 id="rapports-caf">Rapports Caf</h2>
      <Select
        label="Année"
        nativeSelectProps={{ value: String(year), onChange: (e) => setYear(Number(e.target.value)) }}
      >
        {[thisYear, thisYear - 1, thisYear - 2].map((y) => (
          <option key={y} value={y}>
            {y}
          </option>
        ))}
      </Select>
      <div aria-live="polite">
        {file.isSuccess && (
          <Alert className="fr-mb-2w" severity="success" small description={`Fichier téléchargé : ${file.data}.`} />
        )}
        {file.isError && <Alert className="fr-mb-2w" severity="error" small description={frenchError(file.error)} />}
      </div>
      <ActivityReport crecheId={crecheId} year={year} download={download} />
      <FiloueFile crecheId={crecheId} year={year} download={download} />
      <h3 className="fr-mt-4w">Heures par enfant</h3>
      <p className="fr-hint-text">
        Ce que la Caf compare à vos feuilles de présence : pour chaque enfant, les heures facturées (avoirs en heures
        retirés) et les heures pointées, sur les mois dont les factures sont émises.
      </p>
      <Select label="Période" nativeSelectProps={{ value: monthText, onChange: (e) => setMonthText(e.target.value) }}>
        <option value="">Toute l’année {year}</option>
        {Array.from({ length: 12 }, (_, i) => (
          <option key={i + 1} value={String(i + 1)}>
            {monthFr(`${year}-${String(i + 1).padStart(2, '0')}`)}
          </option>
        ))}
      </Select>
      <ChildHours crecheId={crecheId} year={year} month={month} />
      {download(
        'children.csv',
        `Heures par enfant, ${periodFr(year, month)} (CSV)`,
        month === null ? '' : `&month=${month}`,
        `heures-par-enfant-${month === null ? year : `${year}-${String(month).padStart(2, '0')}`}.csv`,
        nothingIssued(childHours),
      )}
    </section>
  );
}

type Download = (name: string, label: string) => ReactNode;

/** A month not invoiced yet (under way, or not issued with something to bill): a rate to come reads so, not 0. */
const toBeInvoiced = (m: { period: string; invoiced: boolean }) => m.period.length === 7 && !m.invoiced;

function ActivityReport({ crecheId, year, download }: { crecheId: string; year: number; download: Download }) {
  const report = useQuery({
    queryKey: activityKey(crecheId, year),
    queryFn: async () =>
      await unwrap(
        api.GET('/api/creches/{id}/caf-reports/activity', { params: { path: { id: crecheId }, query: { year } } }),
      ),
  });
  const alerts = report.data?.months.filter((m) => m.billingRateAlert) ?? [];
  // Children attending in an issued month without an invoice line (booked after the issue): issuing it again bills them.
  const unbilled =
    report.data?.months.filter((m) => m.hoursAttendedUnbilled !== null && Number(m.hoursAttendedUnbilled) > 0) ?? [];
  const kept = report.data ? keptFromNoteFr(report.data.keptFrom, year) : null;
  return (
    <>
      <h3 className="fr-mt-4w">Rapport d’activité {year}</h3>
      {report.isPending ? (
        <p>Chargement du rapport…</p>
      ) : report.error ? (
        <Alert severity="error" small description={frenchError(report.error)} />
      ) : (
        <>
          {kept && <Alert className="fr-mb-2w" severity="info" small description={kept} />}
          {!report.data.total.invoiced && (
            <p className="fr-hint-text">
              Le taux de facturation de l’année porte sur les mois dont les factures sont émises, l’occupation
              financière sur les mois clos (émis, ou sans rien à facturer) : un mois pas encore facturé a ses heures
              réalisées, pas encore ses heures facturées.
            </p>
          )}
          <p className="fr-hint-text">
            L’occupation réelle porte sur les jours écoulés : les heures réalisées avant aujourd’hui rapportées à la
            capacité de ces jours (un mois à venir n’en a pas).
          </p>
          {unbilled.length > 0 && (
            <Alert
              className="fr-mb-2w"
              severity="warning"
              small
              description={`Heures réalisées non facturées : ${unbilled
                .map((m) => `${monthFr(m.period)} (${hoursFr(m.hoursAttendedUnbilled!)})`)
                .join(
                  ', ',
                )}. Des enfants accueillis ce mois-là n’ont pas de ligne de facture. Cela arrive pour une réservation faite après l’émission : émettez à nouveau le mois pour la facturer ; ou pour un foyer dont la facture attend un contrat sans heures réservées ou sans participation : corrigez ce contrat, puis émettez à nouveau le mois (Factures du mois les nomme).`}
            />
          )}
          {alerts.length > 0 && (
            <Alert
              className="fr-mb-2w"
              severity="warning"
              small
              description={`Taux de facturation au-delà de 107 % en ${alerts
                .map((m) => `${monthFr(m.period)} (${percentFr(m.billingRatePercent)})`)
                .join(', ')} : la Caf demande d’ajuster les heures réservées aux besoins réels.`}
            />
          )}
          <ScrollableTable
            caption={`Activité ${year}, mois par mois`}
            headers={[
              'Mois',
              'Heures réalisées',
              'Heures facturées',
              'Taux de facturation',
              'Participations nettes',
              'Occupation financière',
              'Occupation réelle',
            ]}
            data={[...report.data.months, report.data.total].map((m) => [
              m.period.length === 4 ? `Année ${m.period}` : monthFr(m.period),
              hoursFr(m.hoursAttended),
              hoursFr(m.hoursBilled),
              m.billingRatePercent === null && toBeInvoiced(m) ? (
                'pas encore facturé'
              ) : m.billingRateAlert ? (
                <Badge key="rate" severity="warning" noIcon small>
                  {`${percentFr(m.billingRatePercent)} : au-delà de 107 %`}
                </Badge>
              ) : (
                percentFr(m.billingRatePercent)
              ),
              eurosFr(m.feesNet),
              m.financialOccupancyPercent === null && toBeInvoiced(m)
                ? 'pas encore facturé'
                : percentFr(m.financialOccupancyPercent),
              percentFr(m.realOccupancyPercent),
            ])}
          />
          <ul className="fr-btns-group fr-btns-group--inline-sm fr-btns-group--icon-left">
            <li>{download('activity.csv', `Rapport d’activité ${year} (CSV)`)}</li>
            <li>{download('activity.pdf', `Rapport d’activité ${year} (PDF)`)}</li>
          </ul>
        </>
      )}
    </>
  );
}

function FiloueFile({ crecheId, year, download }: { crecheId: string; year: number; download: Download }) {
  const filoue = useQuery({
    queryKey: filoueKey(crecheId, year),
    queryFn: async () =>
      await unwrap(
        api.GET('/api/creches/{id}/caf-reports/filoue', { params: { path: { id: crecheId }, query: { year } } }),
      ),
  });
  const f = filoue.data;
  return (
    <>
      <h3 className="fr-mt-4w">Fichier FILOUÉ {year}</h3>
      {filoue.isPending ? (
        <p>Chargement du fichier…</p>
      ) : filoue.error ? (
        <Alert severity="error" small description={frenchError(filoue.error)} />
      ) : (
        f && (
          <>
            <p>{filoueSummaryFr(f.lines.length, f.errors.length, f.objectionsLeftOut)}</p>
            {f.errors.length > 0 && (
              <>
                <h4 className="fr-h6">Erreurs à corriger avant l’envoi</h4>
                <ul>
                  {f.errors.map((e, i) => (
                    <li key={`${e.code}-${e.childId ?? i}`}>{e.message}</li>
                  ))}
                </ul>
              </>
            )}
            <ul className="fr-btns-group fr-btns-group--inline-sm fr-btns-group--icon-left">
              <li>{download('filoue.csv', `Fichier FILOUÉ ${year} (CSV)`)}</li>
              <li>{download('filoue-errors.csv', `Erreurs du fichier FILOUÉ ${year} (CSV)`)}</li>
            </ul>
          </>
        )
      )}
    </>
  );
}
