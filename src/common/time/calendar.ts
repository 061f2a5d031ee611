/**
 * Dates and times as plain integers, so the capacity engine can sweep a year in well under a millisecond:
 * a day is the number of days since 1970-01-01 (UTC, no time zone involved: crèche days are civil dates), a time
 * of day is minutes since midnight (0‥1440, where 1440 is "24:00").
 */
export type Day = number;
export type Minute = number;
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7; // ISO: Monday = 1

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const HH_MM = /^(\d{2}):(\d{2})$/;

export function dayOf(iso: string): Day {
  const m = ISO_DATE.exec(iso);
  if (!m) throw new RangeError(`not an ISO date: ${iso}`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const back = new Date(ms);
  if (back.getUTCDate() !== Number(m[3])) throw new RangeError(`not a calendar date: ${iso}`);
  return ms / MS_PER_DAY;
}

export function isoOf(day: Day): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** 1970-01-01 was a Thursday (ISO weekday 4). */
export function weekdayOf(day: Day): Weekday {
  return (((((day + 3) % 7) + 7) % 7) + 1) as Weekday;
}

/** The Monday that starts the ISO week of `day`. */
export function mondayOf(day: Day): Day {
  return day - (weekdayOf(day) - 1);
}

/** "2027-W02" for the ISO week containing `day` (the week belongs to the year of its Thursday). */
export function isoWeekOf(day: Day): string {
  const thursday = mondayOf(day) + 3;
  const year = new Date(thursday * MS_PER_DAY).getUTCFullYear();
  const firstThursday = mondayOf(dayOf(`${year}-01-04`)) + 3;
  const week = (thursday - firstThursday) / 7 + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The Monday of an ISO week given as "2027-W02". */
export function mondayOfIsoWeek(isoWeek: string): Day {
  const m = /^(\d{4})-W(\d{2})$/.exec(isoWeek);
  if (!m) throw new RangeError(`not an ISO week: ${isoWeek}`);
  const week = Number(m[2]);
  const monday = mondayOf(dayOf(`${m[1]}-01-04`)) + (week - 1) * 7;
  if (week < 1 || isoWeekOf(monday) !== isoWeek) throw new RangeError(`no such ISO week: ${isoWeek}`);
  return monday;
}

export function minuteOf(hhmm: string): Minute {
  const m = HH_MM.exec(hhmm);
  if (!m) throw new RangeError(`not a HH:MM time: ${hhmm}`);
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  if (Number(m[2]) > 59 || minutes > 1440) throw new RangeError(`not a time of day: ${hhmm}`);
  return minutes;
}

export function hhmmOf(minute: Minute): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/** Whole years/months arithmetic on civil dates (for ages): the same day-of-month, clamped to the month's end. */
export function addMonths(day: Day, months: number): Day {
  const d = new Date(day * MS_PER_DAY);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return target.getTime() / MS_PER_DAY;
}
