/**
 * Who may change which setting of a crèche (docs/rules.md R1.2b). What the PMI authorisation (agrément) or the
 * territory fixes stays with admins: name, kind, commune, authorised places, surnombre, accepted ages, the reserved
 * insertion places and the resources ceiling agreed with the Caf. The crèche's own managers run the rest day to day:
 * opening hours, capacity bands, closures, public holidays, billing and payment terms, offer delay, leave weeks, Caf
 * references.
 *
 * Pure data: the API checks it (`CrechesService.update`) and the staff page reads it to enable its fields.
 */
export const CRECHE_SETTING_EDITORS = {
  name: 'ADMIN',
  kind: 'ADMIN',
  commune: 'ADMIN',
  places: 'ADMIN',
  surnombre: 'ADMIN',
  minAgeMonths: 'ADMIN',
  maxAgeMonths: 'ADMIN',
  reservedInsertionPlaces: 'ADMIN',
  resourcesCeilingOverride: 'ADMIN',
  openingHours: 'MANAGERS',
  capacityBands: 'MANAGERS',
  closures: 'MANAGERS',
  opensOnPublicHolidays: 'MANAGERS',
  billingUnitMinutes: 'MANAGERS',
  emergencyRate: 'MANAGERS',
  emergencyHourlyRate: 'MANAGERS',
  offerResponseDays: 'MANAGERS',
  maxLeaveWeeksPerYear: 'MANAGERS',
  cafNumber: 'MANAGERS',
  afcFileNumber: 'MANAGERS',
  paymentDueDays: 'MANAGERS',
  paymentTerms: 'MANAGERS',
} as const satisfies Record<string, 'ADMIN' | 'MANAGERS'>;

export type CrecheSetting = keyof typeof CRECHE_SETTING_EDITORS;

/** The settings a crèche's own managers may change (admins change every setting). */
export const MANAGER_EDITABLE_CRECHE_SETTINGS: readonly CrecheSetting[] = settingsOf('MANAGERS');

/** The settings only an admin may change: what the PMI authorisation or the territory fixes. */
export const ADMIN_ONLY_CRECHE_SETTINGS: readonly CrecheSetting[] = settingsOf('ADMIN');

export function isManagerEditable(setting: string): boolean {
  return (MANAGER_EDITABLE_CRECHE_SETTINGS as readonly string[]).includes(setting);
}

/** The admin-only settings a change sends (a key with the value `undefined` is not sent), in the order sent. */
export function adminOnlySettingsIn(change: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(change).filter((k) => change[k] !== undefined && !isManagerEditable(k));
}

function settingsOf(editors: 'ADMIN' | 'MANAGERS'): CrecheSetting[] {
  return (Object.keys(CRECHE_SETTING_EDITORS) as CrecheSetting[]).filter((k) => CRECHE_SETTING_EDITORS[k] === editors);
}
