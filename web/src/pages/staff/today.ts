/** Today in France, "YYYY-MM-DD" (the API's day; the tablet may be set to another zone). */
export function todayInFrance(now = new Date()): string {
  return new Intl.DateTimeFormat('fr-CA', { timeZone: 'Europe/Paris' }).format(now);
}

const PARIS_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The time in France `minutesLater` from now, "HH:MM", kept within the day ("24:00" at the latest). */
export function timeInFrance(now = new Date(), minutesLater = 0): string {
  const [h, m] = PARIS_TIME.format(now).split(':').map(Number);
  const minute = Math.min(h * 60 + m + minutesLater, 24 * 60);
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}
