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

/** "8 mars 2027" for "2027-03-08". */
export function frenchDate(iso: string): string {
  return `${Number(iso.slice(8, 10))} ${frenchMonth(iso)}`;
}
