import { Day, mondayOf } from '../../../common/time/calendar';
import type { Presence } from './presence';

/** The span of a presence, widened to whole ISO weeks (the weekly rule looks at the whole week). */
export function presenceSpan(p: Presence): { from: Day; to: Day } {
  const from = p.kind === 'REGULAR' ? p.start : p.day;
  const to = p.kind === 'REGULAR' ? p.end : p.day;
  return { from: mondayOf(from), to: mondayOf(to) + 6 };
}

/** The weeks of several presences together, from the first Monday to the last Sunday. */
export function spanOfAll(presences: readonly Presence[]): { from: Day; to: Day } {
  const runs = weekRunsOf(presences);
  return { from: runs[0].from, to: runs[runs.length - 1].to };
}

/**
 * The weeks of several presences, as runs of consecutive whole weeks, in order, neither overlapping nor touching
 * (at least one run): what is planned in a crèche is read over these, not over the months between them.
 */
export function weekRunsOf(presences: readonly Presence[]): { from: Day; to: Day }[] {
  if (presences.length === 0) throw new Error('no presence to span');
  const spans = presences.map(presenceSpan).sort((a, b) => a.from - b.from);
  const runs = [{ ...spans[0] }];
  for (const span of spans.slice(1)) {
    const last = runs[runs.length - 1];
    if (span.from <= last.to + 1) last.to = Math.max(last.to, span.to);
    else runs.push({ ...span });
  }
  return runs;
}
