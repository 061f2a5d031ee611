import { CIVIL_TIME_ZONE } from '../../../common/time/clock';

const TIME = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
const PARIS_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: CIVIL_TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** "HH:MM" to minutes since midnight, any minute (a check-in is not on the planning's 5-minute grid). */
export function minutesOfTime(hhmm: string): number | null {
  if (!TIME.test(hhmm)) return null;
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** The time of day of an instant in France, in minutes since midnight. */
export function civilMinuteOf(at: Date): number {
  const [h, m] = PARIS_TIME.format(at).split(':').map(Number);
  return h * 60 + m;
}

export function timeOf(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}
