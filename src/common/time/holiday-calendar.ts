import { Injectable } from '@nestjs/common';
import Holidays from 'date-holidays';
import { Day, dayOf, isoOf } from './calendar';

/**
 * French public holidays from the maintained `date-holidays` library (metropolitan France; Alsace-Moselle's extra
 * days do not apply in the Vosges). Cached per year.
 */
@Injectable()
export class HolidayCalendar {
  private readonly holidays = new Holidays('FR');
  private readonly byYear = new Map<number, Day[]>();

  /** Public holidays between two days (inclusive), as a set of days. */
  between(from: Day, to: Day): Set<Day> {
    const first = Number(isoOf(from).slice(0, 4));
    const last = Number(isoOf(to).slice(0, 4));
    const out = new Set<Day>();
    for (let year = first; year <= last; year += 1)
      for (const d of this.ofYear(year)) if (d >= from && d <= to) out.add(d);
    return out;
  }

  private ofYear(year: number): Day[] {
    let days = this.byYear.get(year);
    if (!days) {
      days = this.holidays
        .getHolidays(year)
        .filter((h) => h.type === 'public')
        .map((h) => dayOf(h.date.slice(0, 10)));
      this.byYear.set(year, days);
    }
    return days;
  }
}
