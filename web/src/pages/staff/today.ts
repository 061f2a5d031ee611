/** Today in France, "YYYY-MM-DD" (the API's day; the tablet may be set to another zone). */
export function todayInFrance(now = new Date()): string {
  return new Intl.DateTimeFormat('fr-CA', { timeZone: 'Europe/Paris' }).format(now);
}
