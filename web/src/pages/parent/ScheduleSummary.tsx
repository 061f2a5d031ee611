import { WEEKDAYS } from '../public/quote-form';
import type { Slot } from './follow-api';

const hour = (t: string) =>
  t
    .slice(0, 5)
    .replace(/^0(\d)/, '$1')
    .replace(':', ' h ')
    .replace(/ h 00$/, ' h');

/** A weekly schedule, one line per day: "Lundi : de 8 h à 17 h 30" (several slots a day joined with "et"). */
export function ScheduleSummary({ schedule }: { schedule: readonly Slot[] }) {
  const days = WEEKDAYS.map((d) => ({
    ...d,
    slots: schedule.filter((s) => s.weekday === d.weekday).sort((a, b) => a.from.localeCompare(b.from)),
  })).filter((d) => d.slots.length > 0);
  if (!days.length) return <span>aucun horaire</span>;
  return (
    <ul className="fr-mb-0">
      {days.map((d) => (
        <li key={d.weekday}>
          {`${d.label} : ${d.slots.map((s) => `de ${hour(s.from)} à ${hour(s.to)}`).join(' et ')}`}
        </li>
      ))}
    </ul>
  );
}

/**
 * The hours asked at one crèche: the crèche's own schedule when the family gave one for it (per-preference
 * schedules), else the application's (shown once at the top of the page, so only named here). The one place that
 * decides it, so a change of the API's shape lands here.
 */
export function PreferenceSchedule({ preferenceSchedule }: { preferenceSchedule?: readonly Slot[] | null }) {
  if (!preferenceSchedule || preferenceSchedule.length === 0)
    return <p className="fr-text--sm fr-mb-0">Horaires demandés : ceux de la demande.</p>;
  return (
    <>
      <p className="fr-text--sm fr-mb-1v">Horaires demandés dans cette crèche :</p>
      <ScheduleSummary schedule={preferenceSchedule} />
    </>
  );
}
