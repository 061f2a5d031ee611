import { Day, Minute, mondayOf, Weekday, weekdayOf } from '../../../common/time/calendar';
import { capacityMinutes, normalizeSlots, PresenceIndex } from '../../creches/domain/capacity';
import { CompiledRules, isClosedDay, placesAt, surnombreLimit } from '../../creches/domain/creche-rules';
import type { Presence, RegularPresence } from '../../creches/domain/presence';

/** Room left in a closed segment: never enough for one more child, whatever is added or released. */
const CLOSED = -1_000_000_000;
const OPEN_DAY = 0;
/** A closure or a public holiday the crèche does not open on: contracts do not attend (no check, no load). */
const SKIPPED_DAY = 1;
/** No opening hours that weekday: a contract asking for it does not fit. */
const NO_OPENING_DAY = 2;

/** A regular presence translated to the ledger's segments: per weekday, the [lo, hi) segment ranges it covers. */
interface Encoded {
  /** Offsets into `ranges` by weekday: the ranges of weekday w are ranges[2 * byWeekday[w] …2 * byWeekday[w + 1]). */
  readonly byWeekday: Int32Array;
  /** Pairs (first segment, end segment). */
  readonly ranges: Int32Array;
  /** Minutes asked each weekday (the weekly rule of surnombre). */
  readonly minutes: Float64Array;
  /** The cell of `room` (one the presence covers) where it last did not fit, checked first: -1 if none. */
  full: number;
}

/**
 * The planned load of one crèche for the allocation engine, as room left per (day, elementary segment) in one typed
 * array. The segments are cut at every instant any rule, existing presence or candidate schedule of the round starts
 * or ends, so a schedule covers whole segments and the room of a segment is uniform: `fits` answers exactly as
 * `CapacityLedger.fits(...).ok` (PLACES / SURNOMBRE_115 at each instant, CLOSED, WEEKLY_100), without the conflict
 * details (the engine reads those from the ledger of the existing contracts only). Built by `SlotLedger.of`, which
 * declines (null) inputs outside 0 ≤ from < to ≤ 24:00, for which the general ledger keeps its own behaviour.
 */
export class SlotLedger {
  private readonly encoded = new Map<RegularPresence, Encoded>();
  /** Scratch: minutes added per week during one `fits`. */
  private readonly weekAdded: Float64Array;

  private constructor(
    private readonly rules: CompiledRules,
    private readonly first: Day,
    private readonly last: Day,
    private readonly segments: number,
    private readonly segmentOf: ReadonlyMap<Minute, number>,
    private readonly dayKind: Uint8Array,
    private readonly room: Int32Array,
    private readonly weekPlanned: Float64Array,
    private readonly weekCapacity: Float64Array,
  ) {
    this.weekAdded = new Float64Array(weekPlanned.length);
  }

  /** The ledger over [from, to] (whole ISO weeks) of the existing presences, ready for the `candidates`' schedules. */
  static of(
    rules: CompiledRules,
    existing: readonly Presence[],
    candidates: readonly RegularPresence[],
    from: Day,
    to: Day,
  ): SlotLedger | null {
    const points = new Set<Minute>([0, 1440]);
    const add = (s: { from: Minute; to: Minute }) => {
      points.add(s.from).add(s.to);
      return 0 <= s.from && s.from < s.to && s.to <= 1440;
    };
    for (const s of rules.rules.openingHours) if (!add(s)) return null;
    for (const s of rules.rules.capacityBands) if (!add(s)) return null;
    for (const p of existing) {
      if (p.kind === 'REGULAR') {
        for (const s of p.slots) if (!add(s)) return null;
      } else if (!add(p)) return null;
    }
    for (const p of candidates)
      for (const s of p.slots)
        if (!add(s) || !Number.isInteger(s.weekday) || s.weekday < 1 || s.weekday > 7) return null;
    const cuts = [...points].sort((a, b) => a - b);
    const segments = cuts.length - 1;
    const segmentOf = new Map(cuts.map((m, i) => [m, i]));
    const first = mondayOf(from);
    const last = mondayOf(to) + 6;
    const days = last - first + 1;
    const dayKind = new Uint8Array(days);
    const room = new Int32Array(days * segments);
    const weekPlanned = new Float64Array(days / 7);
    const weekCapacity = new Float64Array(days / 7);
    // Per weekday: whether each segment is open and its limit for one more child.
    const limits: Int32Array[] = [new Int32Array(0)];
    const margin = rules.rules.surnombre;
    for (let wd = 1; wd <= 7; wd += 1) {
      const row = new Int32Array(segments);
      for (let s = 0; s < segments; s += 1) {
        const at = cuts[s];
        const open = rules.opening[wd].some((r) => r.from <= at && at < r.to);
        const places = placesAt(rules, wd as Weekday, at);
        row[s] = open ? (margin ? surnombreLimit(places) : places) : CLOSED;
      }
      limits.push(row);
    }
    const index = new PresenceIndex(existing);
    const delta = new Int32Array(segments + 1);
    for (let i = 0; i < days; i += 1) {
      const day = first + i;
      const weekday = weekdayOf(day);
      if (rules.closedDays.has(day) || (!rules.rules.opensOnPublicHolidays && rules.rules.publicHolidays.has(day))) {
        dayKind[i] = SKIPPED_DAY;
        continue;
      }
      if (isClosedDay(rules, day, weekday)) {
        dayKind[i] = NO_OPENING_DAY;
        continue;
      }
      dayKind[i] = OPEN_DAY;
      delta.fill(0);
      let minutes = 0;
      for (const iv of index.intervalsOn(rules, day, weekday)) {
        delta[segmentOf.get(iv.from)!] += 1;
        delta[segmentOf.get(iv.to)!] -= 1;
        minutes += iv.to - iv.from;
      }
      const row = limits[weekday];
      let present = 0;
      for (let s = 0; s < segments; s += 1) {
        present += delta[s];
        room[i * segments + s] = row[s] === CLOSED ? CLOSED : row[s] - present;
      }
      const w = Math.floor(i / 7);
      weekPlanned[w] += minutes;
      weekCapacity[w] += capacityMinutes(rules, weekday);
    }
    return new SlotLedger(rules, first, last, segments, segmentOf, dayKind, room, weekPlanned, weekCapacity);
  }

  /** Would the regular presence `p` (one of the candidates) fit next to the load held now? */
  fits(p: RegularPresence): boolean {
    const e = this.encode(p);
    if (e.full >= 0 && this.room[e.full] <= 0) return false;
    const { byWeekday, ranges, minutes } = e;
    const margin = this.rules.rules.surnombre;
    const { room, dayKind, segments, first, weekAdded } = this;
    let firstWeek = -1;
    let lastWeek = -1;
    let weekday = weekdayOf(p.start);
    let ok = true;
    for (let day = p.start; day <= p.end; day += 1, weekday = weekday === 7 ? 1 : ((weekday + 1) as Weekday)) {
      const lo = byWeekday[weekday];
      const hi = byWeekday[weekday + 1];
      if (lo === hi) continue;
      const i = day - first;
      if (day < first || day > this.last) {
        if (this.skippedOutside(day)) continue;
        ok = false;
        break;
      }
      const kind = dayKind[i];
      if (kind === SKIPPED_DAY) continue;
      if (kind === NO_OPENING_DAY) {
        ok = false;
        break;
      }
      const base = i * segments;
      for (let r = lo; r < hi && ok; r += 1) {
        for (let s = base + ranges[2 * r], end = base + ranges[2 * r + 1]; s < end; s += 1) {
          if (room[s] <= 0) {
            e.full = s;
            ok = false;
            break;
          }
        }
      }
      if (!ok) break;
      if (margin) {
        const w = (i - (i % 7)) / 7;
        if (firstWeek < 0) firstWeek = w;
        lastWeek = w;
        weekAdded[w] += minutes[weekday];
      }
    }
    if (firstWeek >= 0) {
      for (let w = firstWeek; w <= lastWeek; w += 1) {
        if (ok && weekAdded[w] > 0 && this.weekPlanned[w] + weekAdded[w] > this.weekCapacity[w]) ok = false;
        weekAdded[w] = 0;
      }
    }
    return ok;
  }

  /** Holds a presence (it must fit); `release` gives the room back. */
  add(p: RegularPresence): void {
    this.apply(p, 1);
  }

  release(p: RegularPresence): void {
    this.apply(p, -1);
  }

  private apply(p: RegularPresence, delta: 1 | -1): void {
    const { byWeekday, ranges, minutes } = this.encode(p);
    const { room, dayKind, segments, first } = this;
    let weekday = weekdayOf(p.start);
    for (let day = p.start; day <= p.end; day += 1, weekday = weekday === 7 ? 1 : ((weekday + 1) as Weekday)) {
      const lo = byWeekday[weekday];
      const hi = byWeekday[weekday + 1];
      if (lo === hi || day < first || day > this.last) continue;
      const i = day - first;
      if (dayKind[i] !== OPEN_DAY) continue;
      const base = i * segments;
      for (let r = lo; r < hi; r += 1)
        for (let s = base + ranges[2 * r], end = base + ranges[2 * r + 1]; s < end; s += 1) room[s] -= delta;
      this.weekPlanned[(i - (i % 7)) / 7] += delta * minutes[weekday];
    }
  }

  /** Outside the ledger's days: does a contract skip `day` (closure or public holiday)? */
  private skippedOutside(day: Day): boolean {
    const c = this.rules;
    return c.closedDays.has(day) || (!c.rules.opensOnPublicHolidays && c.rules.publicHolidays.has(day));
  }

  private encode(p: RegularPresence): Encoded {
    let e = this.encoded.get(p);
    if (e) return e;
    const slots = normalizeSlots(p.slots);
    const byWeekday = new Int32Array(9);
    const ranges = new Int32Array(2 * slots.length);
    const minutes = new Float64Array(8);
    // normalizeSlots sorts by weekday, then start.
    slots.forEach((s, k) => {
      ranges[2 * k] = this.segmentOf.get(s.from)!;
      ranges[2 * k + 1] = this.segmentOf.get(s.to)!;
      minutes[s.weekday] += s.to - s.from;
    });
    let k = 0;
    for (let wd = 1; wd <= 8; wd += 1) {
      while (k < slots.length && slots[k].weekday < wd) k += 1;
      byWeekday[wd] = k;
    }
    e = { byWeekday, ranges, minutes, full: -1 };
    this.encoded.set(p, e);
    return e;
  }
}
