import { frenchCsv } from '../../../common/text/french-csv';
import { ActivityReport, AGE_BANDS, AgeBand, CARE_KINDS, CareKind, PeriodReport } from './activity-report';
import { FiloueFile, frenchDate } from './filoue';
import type { ChildHoursRow } from './child-hours';

const comma = (d: string) => d.replace('.', ',');
const percent = (p: number | null) => (p === null ? '' : comma(p.toFixed(2)));

/** The columns' French names, as the Caf's own tables name them (the codes are the API's, in English). */
const KIND_COLUMNS: Record<CareKind, string> = {
  REGULAR: 'accueil_regulier',
  OCCASIONAL: 'accueil_occasionnel',
  EMERGENCY: 'accueil_urgence',
};
const AGE_COLUMNS: Record<AgeBand, string> = {
  UNDER_1: 'moins_1_an',
  AGE_1: 'age_1_an',
  AGE_2: 'age_2_ans',
  AGE_3_AND_OVER: 'age_3_ans_et_plus',
};

/**
 * The activity report as a French CSV (docs/rules.md#r91-caf-activity-report): one row per month and one for the
 * year, then per kind and per age band the three figures.
 */
export function activityReportCsv(report: ActivityReport): string {
  const header = [
    'periode',
    'heures_realisees',
    'heures_facturees',
    'participations_familiales',
    'avoirs',
    'participations_nettes',
    'capacite_theorique_heures',
    'taux_facturation_pct',
    'alerte_taux_facturation',
    'taux_occupation_financier_pct',
    'taux_occupation_reel_pct',
    ...CARE_KINDS.flatMap((k) => [
      `${KIND_COLUMNS[k]}_heures_realisees`,
      `${KIND_COLUMNS[k]}_heures_facturees`,
      `${KIND_COLUMNS[k]}_participations`,
    ]),
    ...AGE_BANDS.flatMap((b) => [
      `${AGE_COLUMNS[b]}_heures_realisees`,
      `${AGE_COLUMNS[b]}_heures_facturees`,
      `${AGE_COLUMNS[b]}_participations`,
    ]),
    // The day capacity and occupancies count from (docs/rules.md#r94); empty when nothing is kept in Berceau.
    'activite_tenue_depuis',
    // "non" on a month: under way, or not issued yet with something to bill (no rates yet); on the year: its rates are
    // over the months issued (billing rate) and invoiced (financial occupancy) only.
    'facturation_complete',
    // Hours attended in an issued month by children with no invoice line that month; empty for a month not issued.
    'heures_realisees_non_facturees',
    // The real occupancy's denominator: the capacity of the days before the report's day (the whole period once over).
    'capacite_jours_ecoules_heures',
    // Hours credit notes took off the invoices' lines (≤ 0), already subtracted from heures_facturees (R8.16).
    'heures_retirees_par_avoirs',
  ];
  const keptFrom = report.keptFrom === null ? '' : frenchDate(report.keptFrom);
  const row = (p: PeriodReport) => [
    p.period,
    comma(p.hoursAttended),
    comma(p.hoursBilled),
    comma(p.feesBilled),
    comma(p.feesCredited),
    comma(p.feesNet),
    comma(p.capacityHours),
    percent(p.billingRatePercent),
    p.billingRateAlert ? 'oui' : 'non',
    percent(p.financialOccupancyPercent),
    percent(p.realOccupancyPercent),
    ...CARE_KINDS.flatMap((k) =>
      [p.byKind[k].hoursAttended, p.byKind[k].hoursBilled, p.byKind[k].feesBilled].map(comma),
    ),
    ...AGE_BANDS.flatMap((b) =>
      [p.byAgeBand[b].hoursAttended, p.byAgeBand[b].hoursBilled, p.byAgeBand[b].feesBilled].map(comma),
    ),
    keptFrom,
    p.invoiced ? 'oui' : 'non',
    p.hoursAttendedUnbilled === null ? '' : comma(p.hoursAttendedUnbilled),
    comma(p.capacityHoursElapsed),
    comma(p.hoursCredited),
  ];
  return frenchCsv(header, [...report.months.map(row), row(report.total)]);
}

/** The FILOUÉ file as a French CSV, one line per child (docs/rules.md#r95-filoue). */
export function filoueCsv(file: FiloueFile): string {
  const header = [
    'numero_caf_structure',
    'numero_dossier_afc',
    'allocataire',
    'prenom_enfant',
    'nom_enfant',
    'matricule_allocataire',
    'regime',
    'date_naissance',
    'code_postal',
    'commune',
    'heures_facturees',
    'heures_realisees',
    'montant_facture',
    'tarif_horaire_moyen',
    'taux_effort_pct',
    'premier_jour',
    'dernier_jour',
  ];
  return frenchCsv(
    header,
    file.lines.map((l) => [
      l.crecheCafNumber,
      l.afcFileNumber,
      l.allocataire,
      l.childFirstName,
      l.childLastName,
      l.cafNumber,
      l.regime,
      frenchDate(l.birthDate),
      l.postalCode,
      l.town,
      comma(l.hoursBilled),
      comma(l.hoursAttended),
      comma(l.totalBilled),
      comma(l.averageHourlyRate),
      comma(l.effortRatePercent),
      frenchDate(l.firstDay),
      frenchDate(l.lastDay),
    ]),
  );
}

/** The FILOUÉ file's errors as a French CSV, beside the file. */
export function filoueErrorsCsv(file: FiloueFile): string {
  return frenchCsv(
    ['code', 'enfant', 'prenom_enfant', 'message'],
    file.errors.map((e) => [e.code, e.childId ?? '', e.childFirstName ?? '', e.message]),
  );
}

/** Hours billed and attended child by child as a French CSV (docs/rules.md R9.7), in the API's order. */
export function childHoursCsv(
  rows: readonly (ChildHoursRow & {
    firstName: string;
    lastName: string | null;
    birthDate: string | null;
    erased: boolean;
  })[],
): string {
  const header = [
    // Two erased children would read alike: the id tells them apart (and matches the API's).
    'identifiant_enfant',
    'prenom',
    'nom',
    'date_naissance',
    'heures_realisees',
    'heures_facturees',
    'heures_retirees_par_avoirs',
    'participations',
    'taux_facturation',
    'alerte_taux_superieur_107',
    'facture_sans_presence',
    'present_sans_facture',
  ];
  return frenchCsv(
    header,
    rows.map((r) => [
      r.childId,
      r.erased ? 'foyer effacé' : r.firstName,
      r.lastName ?? '',
      frenchDate(r.birthDate),
      comma(r.hoursAttended),
      comma(r.hoursBilled),
      comma(r.hoursCredited),
      comma(r.feesBilled),
      percent(r.billingRatePercent),
      r.billingRateAlert ? 'oui' : 'non',
      r.billedWithoutAttendance ? 'oui' : 'non',
      r.attendedWithoutBilling ? 'oui' : 'non',
    ]),
  );
}
