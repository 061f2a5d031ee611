/** The clock is injected so that deadlines and "as of" rules can be tested without waiting. */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = { now: () => new Date() };

/** Today's civil date, "YYYY-MM-DD" (UTC), by the given clock. */
export function todayOf(clock: Clock): string {
  return clock.now().toISOString().slice(0, 10);
}
