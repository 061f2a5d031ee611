import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/call';
import { frenchError } from '../../api/errors-fr';
import { filoueSummaryFr } from './audit-format';
import { downloadFile, useAllCreches } from './audit-shared';
import { ChildHours, nothingIssued, periodFr, useChildHours } from './ChildHours';
import { monthFr } from '../staff/billing/billing-format';

const FIRST_YEAR = 2019;
const LAST_YEAR = 2100;

interface Download {
  readonly path: string;
  readonly name: string;
}

/**
 * Rapports Caf (issue #19): for a crèche and a year, the fees CSV, the FILOUÉ file with its errors file, and the Caf
 * activity report (CSV and PDF), each fetched with the session's token and saved from the browser.
 */
export function ReportsPage() {
  const creches = useAllCreches();
  const [chosen, setChosen] = useState('');
  const [yearText, setYearText] = useState(String(new Date().getFullYear()));
  const [monthText, setMonthText] = useState('');
  const file = useMutation({ mutationFn: (d: Download) => downloadFile(d.path, d.name) });
  const crecheId = chosen || creches.data?.[0]?.id || '';
  const year = Number(yearText);
  const yearOk = Number.isInteger(year) && year >= FIRST_YEAR && year <= LAST_YEAR;
  const crecheName = creches.data?.find((c) => c.id === crecheId)?.name ?? '';

  const button = (text: string, d: Download, empty = false) => (
    <li className="fr-mb-2w">
      <Button
        priority="secondary"
        iconId="fr-icon-download-line"
        disabled={file.isPending || !yearOk || !crecheId || empty}
        onClick={() => file.mutate(d)}
      >
        {text}
      </Button>
    </li>
  );
  const reports = `/api/creches/${crecheId}/caf-reports`;
  const month = monthText ? Number(monthText) : null;
  const period = yearOk ? periodFr(year, month) : yearText;
  const periodQuery = `year=${year}${month === null ? '' : `&month=${month}`}`;
  const periodFile = month === null ? String(year) : `${year}-${String(month).padStart(2, '0')}`;
  const childHours = useChildHours(crecheId, year, month, yearOk && crecheId !== '');
  return (
    <>
      <h1>Rapports Caf</h1>
      {creches.isPending && <p>Chargement des crèches…</p>}
      {creches.error && <Alert severity="error" small description={frenchError(creches.error)} />}
      {creches.data && (
        <>
          <div className="fr-grid-row fr-grid-row--gutters">
            <div className="fr-col-12 fr-col-md-8">
              <Select
                label="Crèche"
                nativeSelectProps={{ value: crecheId, onChange: (e) => setChosen(e.target.value) }}
              >
                {creches.data.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </Select>
            </div>
            <div className="fr-col-12 fr-col-md-4">
              <Input
                label="Année"
                state={yearOk ? 'default' : 'error'}
                stateRelatedMessage={`Une année entre ${FIRST_YEAR} et ${LAST_YEAR}.`}
                nativeInputProps={{
                  inputMode: 'numeric',
                  value: yearText,
                  onChange: (e) => setYearText(e.target.value.trim()),
                }}
              />
            </div>
          </div>
          <div aria-live="polite">
            {file.isError && (
              <Alert severity="error" small description={frenchError(file.error)} className="fr-mb-2w" />
            )}
            {file.isSuccess && (
              <Alert severity="success" small description={`Fichier téléchargé : ${file.data}.`} className="fr-mb-2w" />
            )}
          </div>
          <section className="fr-mt-4w" aria-labelledby="rapport-participations">
            <h2 id="rapport-participations">Participations familiales</h2>
            <p>Une ligne par contrat et par période de l’année, avec le barème, la tranche, le tarif et le motif.</p>
            <ul className="fr-raw-list">
              {button(`Télécharger les participations ${yearText} (CSV)`, {
                path: `/api/audit/fees/export.csv?crecheId=${crecheId}&year=${year}`,
                name: `participations-familiales-${year}.csv`,
              })}
            </ul>
          </section>
          <section className="fr-mt-4w" aria-labelledby="rapport-filoue">
            <h2 id="rapport-filoue">Fichier FILOUÉ</h2>
            {yearOk && crecheId && <FiloueSummary crecheId={crecheId} year={year} />}
            <ul className="fr-raw-list">
              {button(`Télécharger le fichier FILOUÉ ${yearText} (CSV)`, {
                path: `${reports}/filoue.csv?year=${year}`,
                name: `filoue-${year}.csv`,
              })}
              {button(`Télécharger les erreurs FILOUÉ ${yearText} (CSV)`, {
                path: `${reports}/filoue-errors.csv?year=${year}`,
                name: `filoue-${year}-erreurs.csv`,
              })}
            </ul>
          </section>
          <section className="fr-mt-4w" aria-labelledby="rapport-enfants">
            <h2 id="rapport-enfants">Heures facturées et réalisées, enfant par enfant</h2>
            <p>
              À comparer aux feuilles de présence de la crèche : sur les mois dont les factures sont émises, les heures
              facturées (avoirs en heures retirés) et les heures pointées de chaque enfant.
            </p>
            <Select
              label="Période"
              nativeSelectProps={{ value: monthText, onChange: (e) => setMonthText(e.target.value) }}
            >
              <option value="">Toute l’année</option>
              {Array.from({ length: 12 }, (_, i) => (
                <option key={i + 1} value={String(i + 1)}>
                  {yearOk ? monthFr(`${year}-${String(i + 1).padStart(2, '0')}`) : String(i + 1)}
                </option>
              ))}
            </Select>
            {yearOk && crecheId && (
              <ChildHours key={crecheId} crecheId={crecheId} year={year} month={month} detailLevel={3} />
            )}
            <ul className="fr-raw-list">
              {button(
                `Télécharger les heures par enfant, ${period} (CSV)`,
                { path: `${reports}/children.csv?${periodQuery}`, name: `heures-par-enfant-${periodFile}.csv` },
                nothingIssued(childHours),
              )}
            </ul>
          </section>
          <section className="fr-mt-4w" aria-labelledby="rapport-activite">
            <h2 id="rapport-activite">Rapport d’activité</h2>
            <p>
              Heures réalisées et facturées, participations, taux de facturation et d’occupation, mois par mois
              {crecheName ? ` (${crecheName})` : ''}.
            </p>
            <ul className="fr-raw-list">
              {button(`Télécharger le rapport d’activité ${yearText} (CSV)`, {
                path: `${reports}/activity.csv?year=${year}`,
                name: `rapport-activite-caf-${year}.csv`,
              })}
              {button(`Télécharger le rapport d’activité ${yearText} (PDF)`, {
                path: `${reports}/activity.pdf?year=${year}`,
                name: `rapport-activite-caf-${year}.pdf`,
              })}
            </ul>
          </section>
        </>
      )}
    </>
  );
}

/** What the FILOUÉ file of the year holds: lines written, households that objected, errors that kept lines out. */
function FiloueSummary({ crecheId, year }: { crecheId: string; year: number }) {
  const filoue = useQuery({
    queryKey: ['creches', crecheId, 'filoue', year],
    queryFn: () =>
      unwrap(api.GET('/api/creches/{id}/caf-reports/filoue', { params: { path: { id: crecheId }, query: { year } } })),
  });
  if (filoue.isPending) return <p>Chargement du fichier FILOUÉ…</p>;
  if (filoue.error) return <Alert severity="error" small description={frenchError(filoue.error)} />;
  const { lines, errors, objectionsLeftOut } = filoue.data;
  return (
    <>
      <p>{filoueSummaryFr(lines.length, errors.length, objectionsLeftOut)}</p>
      {errors.length > 0 && (
        <ul>
          {errors.slice(0, 10).map((e, i) => (
            <li key={i}>{e.message}</li>
          ))}
          {errors.length > 10 && <li>… et {errors.length - 10} autres (voir le fichier des erreurs).</li>}
        </ul>
      )}
    </>
  );
}
