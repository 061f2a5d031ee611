/** The clock is injected so that deadlines and "as of" rules can be tested without waiting. */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = { now: () => new Date() };

/**
 * Crèches' days are French civil days: 00:30 in Paris on 1 February is already February, though it is still
 * 31 January in UTC. (Overseas départements would need the crèche's own zone; the territories served are in France.)
 */
export const CIVIL_TIME_ZONE = 'Europe/Paris';
const CIVIL_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: CIVIL_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The civil date, "YYYY-MM-DD", of an instant in France. */
export function civilDateOf(at: Date): string {
  return CIVIL_DATE.format(at);
}

/** Today's civil date in France, "YYYY-MM-DD", by the given clock. */
export function todayOf(clock: Clock): string {
  return civilDateOf(clock.now());
}
