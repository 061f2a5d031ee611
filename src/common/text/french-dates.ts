/** The months in French, January first (as families, staff and the Caf read them on pages, e-mails and PDFs). */
export const FRENCH_MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
] as const;

/** "mars 2027" for "2027-03" or any day of it ("2027-03-08"). */
export function frenchMonth(iso: string): string {
  return `${FRENCH_MONTHS[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;
}

/** "de mars 2027", "d’avril 2027", "d’octobre 2027": a month after "de", elided before a vowel as French writes it. */
export function ofFrenchMonth(iso: string): string {
  const month = frenchMonth(iso);
  return /^[aeiouéh]/i.test(month) ? `d’${month}` : `de ${month}`;
}

/** "8 mars 2027" for "2027-03-08", "1er mars 2027" for "2027-03-01". */
export function frenchDate(iso: string): string {
  return `${frenchDay(Number(iso.slice(8, 10)))} ${frenchMonth(iso)}`;
}

/** A day of the month as French writes it: the first is "1er", every other its number. */
const frenchDay = (day: number | string): string => (Number(day) === 1 ? '1er' : String(day));

/**
 * `date` through an `Intl.DateTimeFormat` of "fr-FR", with the first of a month written "1er" ("mardi 1er septembre
 * 2027"), which Intl writes "1". A two-digit day ("01/09/2027") is left as it is.
 */
export function formatFrench(format: Intl.DateTimeFormat, date: Date): string {
  return format
    .formatToParts(date)
    .map((p) => (p.type === 'day' && p.value === '1' ? frenchDay(p.value) : p.value))
    .join('');
}
