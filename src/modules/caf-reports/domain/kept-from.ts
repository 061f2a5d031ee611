/**
 * What the activity report says of the day from which Berceau keeps the crèche's activity (docs/rules.md#r94), in
 * French, for the managers' page, the auditors' page and the PDF alike; null when the whole year is kept. Plain: the
 * web app imports it.
 */
export function keptFromNoteFr(keptFrom: string | null, year: number): string | null {
  if (keptFrom === null)
    return "Aucune activité de cette crèche n'est encore tenue dans Berceau (ni contrat, ni réservation, ni pointage) : la capacité théorique et les taux d'occupation ne sont pas comptés.";
  if (keptFrom <= `${year}-01-01`) return null;
  const day = keptFrom.split('-').reverse().join('/');
  if (keptFrom > `${year}-12-31`)
    return `L'activité de cette crèche n'est tenue dans Berceau qu'à partir du ${day} : rien n'est compté en ${year}.`;
  return `Activité tenue dans Berceau depuis le ${day} (premier contrat, réservation ou pointage) : la capacité théorique et les taux d'occupation sont comptés à partir de ce jour, les mois d'avant n'ont pas de capacité.`;
}
