import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../../api/client';
import { unwrap } from '../../../api/call';
import { frenchError } from '../../../api/errors-fr';
import type { components } from '../../../api/schema';
import { CrecheChooser, type StaffCreche } from '../staff-creche';
import {
  addDays,
  cellOf,
  currentMonday,
  hourLabel,
  hourRows,
  isoWeekOf,
  mondayOfIsoWeek,
  STATE_FR,
  weekdayOfDate,
  type Cell,
} from './heat-map';
import './occupancy.css';
import { formatFrench } from '../../../../../src/common/text/french-dates';

type Occupancy = components['schemas']['OccupancyResponseDto'];

const WEEK_PARAM = 'semaine';
const DAY_NAMES = ['', 'Lundi', 'Mardi', 'Mercredi', 'Jeudi', 'Vendredi', 'Samedi', 'Dimanche'];
const longDate = (iso: string, year = false) =>
  formatFrench(
    new Intl.DateTimeFormat('fr-FR', {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      ...(year ? { year: 'numeric' } : {}),
      timeZone: 'UTC',
    }),
    new Date(`${iso}T12:00:00Z`),
  );
const shortDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}`;
const percent = (n: number) => `${n.toLocaleString('fr-FR', { maximumFractionDigits: 1 })} %`;
const hours = (n: number) => `${n.toLocaleString('fr-FR', { maximumFractionDigits: 2 })} h`;

/** The week in the address (`?semaine=2026-W49`), else this week in France. */
function initialMonday(): string {
  return mondayOfIsoWeek(new URLSearchParams(window.location.search).get(WEEK_PARAM)) ?? currentMonday();
}

/**
 * Occupation (issue #19): the chosen crèche's week as a heat map, hour by hour and day by day, the children planned
 * (contracts and bookings) against the places open; lawful surnombre told apart from an overrun, in words.
 */
export function OccupancyPage() {
  return (
    <>
      <h1>Occupation</h1>
      <CrecheChooser>{(creche) => <Week key={creche.id} creche={creche} />}</CrecheChooser>
    </>
  );
}

function Week({ creche }: { creche: StaffCreche }) {
  const [monday, setMonday] = useState(initialMonday);
  const [announce, setAnnounce] = useState('');
  const sunday = addDays(monday, 6);
  const thisMonday = currentMonday();
  const go = (to: string) => {
    setMonday(to);
    setAnnounce(`Semaine du ${longDate(to)} affichée.`);
    const url = new URL(window.location.href);
    url.searchParams.set(WEEK_PARAM, isoWeekOf(to));
    window.history.replaceState(null, '', url.pathname + url.search);
  };
  const occupancy = useQuery({
    queryKey: ['creches', creche.id, 'occupancy', monday, sunday],
    queryFn: async () =>
      await unwrap(
        api.GET('/api/creches/{id}/occupancy', {
          params: { path: { id: creche.id }, query: { from: monday, to: sunday } },
        }),
      ),
  });
  return (
    <>
      <h2 className="fr-mt-2w">
        Semaine du {longDate(monday)} au {longDate(sunday, true)}
        {monday === thisMonday ? ' (semaine en cours)' : ''}
      </h2>
      <ul className="fr-btns-group fr-btns-group--inline-sm">
        <li>
          <Button priority="secondary" onClick={() => go(addDays(monday, -7))}>
            Semaine précédente
          </Button>
        </li>
        {monday !== thisMonday && (
          <li>
            <Button priority="tertiary" onClick={() => go(thisMonday)}>
              Semaine en cours
            </Button>
          </li>
        )}
        <li>
          <Button priority="secondary" onClick={() => go(addDays(monday, 7))}>
            Semaine suivante
          </Button>
        </li>
      </ul>
      <p className="fr-sr-only" role="status" aria-live="polite">
        {announce}
      </p>
      {occupancy.isPending ? (
        <p>Chargement de la semaine…</p>
      ) : occupancy.error ? (
        <Alert severity="error" small description={frenchError(occupancy.error)} />
      ) : (
        <HeatMap creche={creche} monday={monday} occupancy={occupancy.data} />
      )}
    </>
  );
}

function HeatMap({ creche, monday, occupancy }: { creche: StaffCreche; monday: string; occupancy: Occupancy }) {
  const week = occupancy.weeks.find((w) => w.isoWeek === isoWeekOf(monday));
  const weekT = week?.occupancyT;
  const rows = hourRows(occupancy.days);
  // The weekdays the crèche opens, and any day of the week that has slots (a public holiday it opens on).
  const openWeekdays = new Set([...creche.openingHours.map((o) => o.weekday), ...occupancy.days.map((d) => d.weekday)]);
  const dates = [0, 1, 2, 3, 4, 5, 6].map((i) => addDays(monday, i)).filter((d) => openWeekdays.has(weekdayOfDate(d)));
  const dayOf = (date: string) => occupancy.days.find((d) => d.date === date);
  const closedWhy = (date: string) =>
    creche.closures.find((c) => c.from <= date && date <= c.to)?.label ?? 'Fermé (jour férié ou fermeture)';
  const caption = `Enfants prévus / places ouvertes, heure par heure (semaine ${isoWeekOf(monday)})`;
  if (rows.length === 0)
    return <p>La crèche est fermée toute cette semaine{dates.length ? ` (${closedWhy(dates[0])})` : ''}.</p>;
  return (
    <>
      <p>
        Taux d'occupation de la semaine (T) : <strong>{weekT === undefined ? '—' : percent(weekT)}</strong>
        {week &&
          ` (${hours(week.plannedHours)} d'accueil prévues pour ${hours(week.capacityHours)} de places ouvertes)`}
        .{' '}
        {creche.surnombre
          ? weekT !== undefined && weekT <= 100
            ? "Le surnombre est autorisé dans cette crèche : jusqu'à 115 % des places à un instant, tant que T reste au plus à 100 %."
            : 'Le surnombre est autorisé dans cette crèche, mais pas cette semaine : T dépasse 100 %.'
          : "Cette crèche n'accueille pas en surnombre : la limite est le nombre de places à chaque instant."}
      </p>
      <Legend />
      <p className="fr-text--bold fr-mb-1w" aria-hidden="true">
        {caption}
      </p>
      <div
        className="berceau-hm-frame"
        role="region"
        aria-labelledby="berceau-hm-caption"
        tabIndex={0}
        data-testid="heat-map-frame"
      >
        <table className="berceau-hm">
          {/* Said above the frame too, where it is never scrolled out of sight. */}
          <caption id="berceau-hm-caption" className="fr-sr-only">
            {caption}
          </caption>
          <thead>
            <tr>
              <th scope="col">
                <span className="berceau-hm-label">Heure</span>
              </th>
              {dates.map((date) => (
                <th scope="col" key={date}>
                  <span className="berceau-hm-label">{DAY_NAMES[weekdayOfDate(date)]}</span>
                  <span className="berceau-hm-label">{shortDate(date)}</span>
                  {dayOf(date)?.publicHoliday && <span className="berceau-hm-label">férié</span>}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((hour, r) => (
              <tr key={hour}>
                <th scope="row">
                  <span className="berceau-hm-label">{hourLabel(hour)}</span>
                </th>
                {dates.map((date) => {
                  const day = dayOf(date);
                  if (!day)
                    return r === 0 ? (
                      <td key={date} rowSpan={rows.length} className="berceau-hm-closed">
                        <span className="berceau-hm-label">Fermé</span>
                        <span className="berceau-hm-state">{closedWhy(date)}</span>
                      </td>
                    ) : null;
                  const cell = cellOf(day, hour, weekT);
                  return <HeatCell key={date} cell={cell} />;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function HeatCell({ cell }: { cell: Cell | null }) {
  if (!cell)
    return (
      <td className="berceau-hm-closed">
        <span className="berceau-hm-label">fermé</span>
      </td>
    );
  const classes = [
    'berceau-hm-cell',
    `berceau-hm-${cell.state.toLowerCase()}`,
    cell.state === 'WITHIN' && cell.limit > 0 && cell.present >= cell.limit ? 'berceau-hm-full' : '',
    cell.atypical ? 'berceau-hm-atypical' : '',
  ].join(' ');
  return (
    <td className={classes} data-state={cell.state}>
      <span className="berceau-hm-label" aria-hidden="true">
        {cell.present} / {cell.limit}
      </span>
      <span className="fr-sr-only">
        {cell.present} {cell.present > 1 ? 'enfants prévus' : 'enfant prévu'} pour {cell.limit}{' '}
        {cell.limit > 1 ? 'places' : 'place'}
      </span>
      {cell.state === 'WITHIN' ? (
        <span className="fr-sr-only">, {STATE_FR.WITHIN.toLowerCase()}</span>
      ) : (
        <span className="berceau-hm-state">
          <span className="fr-sr-only">, </span>
          {STATE_FR[cell.state]}
        </span>
      )}
      {cell.atypical && (
        <span className="berceau-hm-state">
          <span className="fr-sr-only">, </span>
          <em>atypique</em>
        </span>
      )}
    </td>
  );
}

function Legend() {
  return (
    <>
      <p className="fr-mb-1w" id="berceau-hm-legend">
        Légende (chaque case : enfants prévus au moment le plus chargé de l'heure / places ouvertes à ce moment) :
      </p>
      <ul className="berceau-hm-legend" aria-labelledby="berceau-hm-legend">
        <li>
          <span className="berceau-hm-swatch berceau-hm-within" aria-hidden="true">
            4 / 6
          </span>
          {STATE_FR.WITHIN} (sans mention)
        </li>
        <li>
          <span className="berceau-hm-swatch berceau-hm-surnombre" aria-hidden="true">
            13 / 12
          </span>
          {STATE_FR.SURNOMBRE} : au-delà des places, dans la limite légale de 115 %
        </li>
        <li>
          <span className="berceau-hm-swatch berceau-hm-overrun" aria-hidden="true">
            14 / 12
          </span>
          {STATE_FR.OVERRUN} : au-delà de la limite permise
        </li>
        <li>
          <span className="berceau-hm-swatch berceau-hm-atypical" aria-hidden="true">
            <em>atyp.</em>
          </span>
          <em>atypique</em> : horaires atypiques (définition du territoire)
        </li>
      </ul>
    </>
  );
}
