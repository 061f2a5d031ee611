import type { Minute } from '../../../common/time/calendar';

/** A time range of one day, minutes since midnight, `from` < `to`. */
export interface Interval {
  readonly from: Minute;
  readonly to: Minute;
}

/** Sorted, merged ranges (touching ranges join). */
export function union(ranges: readonly Interval[]): Interval[] {
  const sorted = ranges.filter((r) => r.to > r.from).sort((a, b) => a.from - b.from);
  const out: { from: number; to: number }[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.from <= last.to) last.to = Math.max(last.to, r.to);
    else out.push({ from: r.from, to: r.to });
  }
  return out;
}

/** Minutes covered by the ranges (overlaps counted once). */
export function lengthOf(ranges: readonly Interval[]): number {
  return union(ranges).reduce((sum, r) => sum + r.to - r.from, 0);
}

/** The parts of `ranges` outside `minus`. */
export function subtract(ranges: readonly Interval[], minus: readonly Interval[]): Interval[] {
  const cut = union(minus);
  const out: Interval[] = [];
  for (const r of union(ranges)) {
    let from = r.from;
    for (const m of cut) {
      if (m.to <= from || m.from >= r.to) continue;
      if (m.from > from) out.push({ from, to: m.from });
      from = Math.max(from, m.to);
    }
    if (from < r.to) out.push({ from, to: r.to });
  }
  return out;
}
