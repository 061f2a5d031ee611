import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useMutation, useQuery } from '@tanstack/react-query';
import { lazy, type ReactNode, Suspense, useId, useMemo, useState } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/call';
import { frenchError } from '../../api/errors-fr';
import type { components } from '../../api/schema';
import { rawFetch } from '../parent/household-shared';
import {
  demandSupplySeries,
  figureLines,
  type FigureLine,
  longDateFr,
  shareServedSeries,
  type TerritoryDashboard,
} from './dashboard-view';

type Territory = components['schemas']['TerritoryResponseDto'];

// Chart.js is only downloaded when a dashboard is shown: the families' first load never pays for it.
const BarChart = lazy(() => import('./BarChart'));

/** Saves the dashboard's CSV, which the API serves behind the session's token (a plain link would not carry it). */
async function downloadCsv(territoryId: string): Promise<string> {
  const res = await rawFetch(`/api/territories/${encodeURIComponent(territoryId)}/dashboard.csv`);
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'tableau-de-bord.csv';
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

/**
 * Tableau de bord du territoire (issues #17 and #19), for the CTG steering committee: per commune and per atypical
 * slot, the demand (active applications, hours requested) against the supply (place-hours of the crèches), the share
 * served and the waits to a first offer, as the API computes them with statistical secrecy; two charts and the CSV.
 * A coordinator reads their territory; an admin chooses among all.
 */
export function TerritoryDashboardPage() {
  const territories = useQuery({
    queryKey: ['me', 'territories'],
    queryFn: (): Promise<Territory[]> => unwrap(api.GET('/api/me/territories')),
  });
  const [chosen, setChosen] = useState<string | null>(null);
  const list = territories.data ?? [];
  const territory = list.find((t) => t.id === chosen) ?? list[0];
  return (
    <>
      <h1>Tableau de bord du territoire</h1>
      {territories.isPending ? (
        <p>Chargement…</p>
      ) : territories.error ? (
        <Alert severity="error" small description={frenchError(territories.error)} />
      ) : !territory ? (
        <p>Aucun territoire ne vous est confié pour le moment.</p>
      ) : (
        <>
          {list.length > 1 ? (
            <Select
              label="Territoire"
              nativeSelectProps={{ value: territory.id, onChange: (e) => setChosen(e.target.value) }}
            >
              {list.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </Select>
          ) : (
            <p>
              Territoire : <strong>{territory.name}</strong>
            </p>
          )}
          <Dashboard key={territory.id} territoryId={territory.id} />
        </>
      )}
    </>
  );
}

function Dashboard({ territoryId }: { territoryId: string }) {
  const dashboard = useQuery({
    queryKey: ['territories', territoryId, 'dashboard'],
    queryFn: (): Promise<TerritoryDashboard> =>
      unwrap(api.GET('/api/territories/{id}/dashboard', { params: { path: { id: territoryId } } })),
  });
  const csv = useMutation({ mutationFn: () => downloadCsv(territoryId) });
  const d = dashboard.data;
  const demandSupply = useMemo(() => (d ? demandSupplySeries(d) : null), [d]);
  const shareServed = useMemo(() => (d ? shareServedSeries(d) : null), [d]);
  if (dashboard.isPending) return <p>Chargement du tableau de bord…</p>;
  if (dashboard.error || !d || !demandSupply || !shareServed)
    return <Alert severity="error" small description={frenchError(dashboard.error)} />;
  const communeCount = shareServed.labels.length;
  return (
    <>
      <p>
        Chiffres au {longDateFr(d.asOf)}. Horaires atypiques du territoire : avant {d.atypicalBefore}, après{' '}
        {d.atypicalAfter}, et les jours indiqués ci-dessous. Les heures sont comptées par semaine, sauf les jours fériés
        (sur les 12 mois à venir). Les attentes vont du dépôt de la demande à la première proposition, pour les
        propositions faites depuis le {longDateFr(d.waitsSince)}.
      </p>
      <p className="fr-text--sm">
        Secret statistique : moins de 5 demandes s’affichent « &lt; 5 » et les chiffres calculés à partir d’elles «
        secret » ; d’autres chiffres, parfois le total du territoire, sont masqués (« secret ») pour que le total ne
        permette pas de les retrouver. Les heures demandées sont arrondies à la dizaine (par semaine) ou à la centaine
        (jours fériés), chaque total à partir des heures exactes : il peut différer de la somme des communes. La part de
        la demande servie est calculée sur ces heures arrondies. Les attentes sont arrondies à la semaine (en jours).
      </p>
      <Button iconId="fr-icon-download-line" priority="secondary" disabled={csv.isPending} onClick={() => csv.mutate()}>
        Télécharger le tableau (CSV)
      </Button>
      <p className="fr-sr-only" role="status" aria-live="polite">
        {csv.isSuccess ? `Fichier ${csv.data} téléchargé.` : ''}
      </p>
      {csv.error && <Alert className="fr-mt-2w" severity="error" small description={frenchError(csv.error)} />}

      <h2 className="fr-mt-4w">Demande et offre par créneau atypique</h2>
      <ChartFrame>
        <BarChart
          data={demandSupply}
          title="Heures demandées et heures-places offertes par semaine, par créneau atypique, sur le territoire"
          unit="h"
          height={300}
        />
      </ChartFrame>
      <FiguresTable
        caption={`${d.territory.name} : demande et offre par créneau atypique`}
        firstHeader="Créneau"
        lines={figureLines(d.territory, d).map((line) => ({ header: line.slotText, line }))}
      />

      <h2 className="fr-mt-4w">Part de la demande servie par commune</h2>
      <ChartFrame>
        <BarChart
          data={shareServed}
          title="Part de la demande que les places des crèches peuvent servir, par commune et par créneau atypique, en %"
          unit="%"
          horizontal
          max={100}
          height={Math.max(240, communeCount * shareServed.series.length * 14 + 120)}
        />
      </ChartFrame>
      <p className="fr-text--sm">
        Une commune sans barre pour un créneau : part secrète (moins de 5 demandes, ou masquée pour protéger le total)
        ou aucune place offerte.
      </p>
      <FiguresTable
        caption="Demande et offre par commune et par créneau atypique"
        firstHeader="Commune"
        lines={d.communes.flatMap((row) => figureLines(row, d).map((line) => ({ header: row.name, line })))}
        withSlotColumn
      />
    </>
  );
}

/** Where a chart goes while Chart.js loads, and what it says if it cannot load (the table still gives the figures). */
function ChartFrame({ children }: { children: ReactNode }) {
  return (
    <div className="fr-mb-3w">
      <Suspense fallback={<p>Chargement du graphique…</p>}>{children}</Suspense>
    </div>
  );
}

/**
 * The figures as a DSFR table (the charts' text alternative): one line per commune (or territory) and slot, its
 * first cell the line's header; scrolls sideways inside its frame on a narrow screen, reachable from the keyboard.
 */
function FiguresTable({
  caption,
  firstHeader,
  lines,
  withSlotColumn = false,
}: {
  caption: string;
  firstHeader: string;
  lines: readonly { header: string; line: FigureLine }[];
  withSlotColumn?: boolean;
}) {
  const captionId = useId();
  const headers = [
    firstHeader,
    ...(withSlotColumn ? ['Créneau'] : []),
    'Période',
    'Demandes actives',
    'Heures demandées',
    'Heures-places offertes',
    'Part de la demande servie',
    'Attente médiane',
    'Attente, 80e centile',
  ];
  return (
    <div className="fr-table fr-table--sm fr-mb-3w">
      <div className="fr-table__wrapper">
        <div className="fr-table__container" tabIndex={0} role="region" aria-labelledby={captionId}>
          <div className="fr-table__content">
            <table>
              <caption id={captionId}>{caption}</caption>
              <thead>
                <tr>
                  {headers.map((h) => (
                    <th key={h} scope="col">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {lines.map(({ header, line }) => (
                  <tr key={`${header}-${line.slot}`} data-slot={line.slot}>
                    <th scope="row">{header}</th>
                    {withSlotColumn && <td>{line.slotText}</td>}
                    <td>{line.periodText}</td>
                    <td>{line.applications}</td>
                    <td>{line.hoursRequested}</td>
                    <td>{line.placeHoursOffered}</td>
                    <td>{line.shareServed}</td>
                    <td>{line.medianWait}</td>
                    <td>{line.p80Wait}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      </div>
    </div>
  );
}
