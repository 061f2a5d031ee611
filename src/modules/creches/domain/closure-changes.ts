import { dayOf, isoOf, type Day } from '../../../common/time/calendar';

/** A crèche's closure (its label aside): its first and last days, ISO. */
export interface ClosureDays {
  readonly from: string;
  readonly to: string;
}

/** Sorted, disjoint, non-adjacent day intervals covering the same days as `list` (a closure may span years). */
function merged(list: readonly ClosureDays[]): [Day, Day][] {
  const spans = list.map((c): [Day, Day] => [dayOf(c.from), dayOf(c.to)]).sort((a, b) => a[0] - b[0]);
  const out: [Day, Day][] = [];
  for (const [from, to] of spans) {
    const last = out[out.length - 1];
    if (last && from <= last[1] + 1) last[1] = Math.max(last[1], to);
    else out.push([from, to]);
  }
  return out;
}

function covers(spans: readonly [Day, Day][], day: Day): boolean {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (day < spans[mid][0]) hi = mid - 1;
    else if (day > spans[mid][1]) lo = mid + 1;
    else return true;
  }
  return false;
}

/**
 * The months ("YYYY-MM") holding a day that a change of the crèche's closures closes or opens: a day closed by one
 * list and not by the other. A label's change, or closures cut and joined again, moves none. Works on the lists'
 * boundaries, not day by day: two hundred closures of a century each cost no more than short ones.
 */
export function monthsOfChangedClosureDays(before: readonly ClosureDays[], after: readonly ClosureDays[]): string[] {
  const [was, is] = [merged(before), merged(after)];
  // Between two consecutive boundaries, each list either closes every day or none.
  const bounds = [...new Set([...was, ...is].flatMap(([from, to]) => [from, to + 1]))].sort((a, b) => a - b);
  const months = new Set<string>();
  for (let i = 0; i + 1 < bounds.length; i++) {
    const [from, to] = [bounds[i], bounds[i + 1] - 1];
    if (covers(was, from) === covers(is, from)) continue;
    for (let month = isoOf(from).slice(0, 7); month <= isoOf(to).slice(0, 7); month = nextMonth(month))
      months.add(month);
  }
  return [...months].sort();
}

/** The spans of days ({from, to}, ISO) that `after` closes and `before` did not, in order. */
export function newlyClosedSpans(before: readonly ClosureDays[], after: readonly ClosureDays[]): ClosureDays[] {
  const [was, is] = [merged(before), merged(after)];
  const bounds = [...new Set([...was, ...is].flatMap(([from, to]) => [from, to + 1]))].sort((a, b) => a - b);
  const out: ClosureDays[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const [from, to] = [bounds[i], bounds[i + 1] - 1];
    if (covers(is, from) && !covers(was, from)) out.push({ from: isoOf(from), to: isoOf(to) });
  }
  return out;
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}
