import { frenchCsv, frenchDecimal } from '../../../common/text/french-csv';
import type { AtypicalSlot, SlotPeriod } from './atypical-slots';
import type { Dashboard, DashboardRow } from './dashboard';
import type { Shown } from './secrecy';

export const SLOT_LABELS: Record<AtypicalSlot, string> = {
  EARLY: 'avant l’heure du matin',
  LATE: 'après l’heure du soir',
  SATURDAY: 'samedi',
  SUNDAY: 'dimanche',
  PUBLIC_HOLIDAY: 'jours fériés',
};

const PERIOD_LABELS: Record<SlotPeriod, string> = { WEEK: 'par semaine', YEAR: 'sur 12 mois' };

const HEADER = [
  'code_insee',
  'commune',
  'creneau',
  'periode',
  'demandes_actives',
  'heures_demandees_arrondies',
  'heures_places_offertes',
  'part_demande_servie_pct',
  'attente_mediane_jours_arrondie',
  'attente_80e_centile_jours_arrondie',
];

/** A hidden count reads "< 5" (under the threshold) or "secret" (hidden so the total gives nothing back). */
function count(v: Shown<number>): string {
  if (!v.secret) return String(v.value);
  return v.reason === 'UNDER_THRESHOLD' ? '< 5' : 'secret';
}

function figure(v: Shown<number>): string {
  return v.secret ? 'secret' : frenchDecimal(v.value);
}

function lines(row: DashboardRow, beforeLabel: string, afterLabel: string): string[][] {
  return row.cells.map((c) => [
    row.inseeCode ?? '',
    row.name,
    c.slot === 'EARLY' ? `avant ${beforeLabel}` : c.slot === 'LATE' ? `après ${afterLabel}` : SLOT_LABELS[c.slot],
    PERIOD_LABELS[c.period],
    count(c.activeApplications),
    figure(c.hoursRequested),
    frenchDecimal(c.placeHoursOffered),
    figure(c.shareServedPercent),
    figure(c.medianWaitDays),
    figure(c.p80WaitDays),
  ]);
}

/** The dashboard as a French spreadsheet: one line per commune and slot, then the territory's lines. */
export function dashboardCsv(d: Dashboard, atypical: { before: string; after: string }): string {
  return frenchCsv(HEADER, [
    ...d.communes.flatMap((r) => lines(r, atypical.before, atypical.after)),
    ...lines(d.territory, atypical.before, atypical.after),
  ]);
}
