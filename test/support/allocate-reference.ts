/**
 * The allocation engine as it was before the slot ledger (issue #18), kept verbatim as the reference the optimised
 * `allocate` must reproduce exactly (allocate.spec.ts). Not used by the application.
 */
import { ageFit } from '../../src/modules/creches/domain/age';
import { PresenceIndex } from '../../src/modules/creches/domain/capacity';
import { CapacityLedger, LedgerAnswer } from '../../src/modules/creches/domain/capacity-ledger';
import { compileRules } from '../../src/modules/creches/domain/creche-rules';
import type { RegularPresence } from '../../src/modules/creches/domain/presence';
import { compareScored } from '../../src/modules/waitlist/domain/score';
import { ENGINE_VERSION } from '../../src/modules/allocation/domain/snapshot';
import type {
  AllocationResult,
  AllocationSnapshot,
  Placement,
  SnapshotApplicant,
  SnapshotCreche,
  UnplacedReason,
} from '../../src/modules/allocation/domain/snapshot';

interface Applicant {
  readonly data: SnapshotApplicant;
  /** The child's presence at each crèche it lists: the schedule asked of that crèche (issue #15). */
  readonly presences: ReadonlyMap<string, RegularPresence>;
  /** Index in `data.preferences` of the next crèche to ask. */
  pointer: number;
  /** Index in `data.preferences` of the crèche holding the child, if any. */
  held: number | null;
  queued: boolean;
}

interface CrecheState {
  readonly data: SnapshotCreche;
  readonly ledger: CapacityLedger;
  readonly base: CapacityLedger;
  /** Held children, in the crèche's processing order. */
  held: Applicant[];
  /** Children this crèche turned down, who may ask again if room frees up. */
  readonly rejected: Set<Applicant>;
  /** Whether each child fits next to the existing contracts alone (does not change during a run). */
  readonly baseAnswers: Map<Applicant, LedgerAnswer>;
  readonly scores: Map<Applicant, number>;
  /** Position of each asking child in the crèche's priority order (score, submission, id), computed once. */
  readonly rank: Map<Applicant, number>;
}

/**
 * Child-proposing deferred acceptance over the crèches of a round (docs/rules.md §6). Each crèche's choice: among the
 * children asking and those it holds, in its processing order — the families on social minima or in insertion up to
 * its reserved quota first (art. D214-7 CASF), then everyone by priority (score, earlier submission, id) — hold a
 * child when its age fits and the schedule asked of that crèche fits the remaining capacity over the contract period (the capacity
 * engine). A turned-down child asks its next choice. When a crèche lets a child go, those it turned down may ask
 * again, so that no child is left out of a crèche it prefers where it would now fit or would outrank a held child.
 * Deterministic: the result does not depend on the order of the snapshot's lists.
 */
export function allocateReference(snapshot: AllocationSnapshot): AllocationResult {
  const applicants = [...snapshot.applicants]
    .sort((a, b) => (a.applicationId < b.applicationId ? -1 : 1))
    .map((data): Applicant => ({ data, presences: presencesOf(data), pointer: 0, held: null, queued: false }));
  const creches = new Map<string, CrecheState>();
  for (const c of [...snapshot.creches].sort((a, b) => (a.id < b.id ? -1 : 1)))
    creches.set(c.id, stateOf(c, applicants));
  const lastReason = new Map<Applicant, Map<string, UnplacedReason>>();
  const queue: Applicant[] = [];
  const enqueue = (a: Applicant) => {
    if (!a.queued && a.pointer < (a.held ?? a.data.preferences.length)) {
      a.queued = true;
      queue.push(a);
    }
  };
  applicants.forEach(enqueue);

  /**
   * Room freed at `c` by `freed`: the children it turned down who prefer it to their outcome ask again — only those
   * whose schedule meets the freed one (or any, where the weekly rule of surnombre couples all hours of a week).
   */
  const reopen = (c: CrecheState, freed: readonly Applicant[]) => {
    for (const r of [...c.rejected]) {
      if (!c.data.surnombre && !freed.some((f) => overlaps(at(c, f), at(c, r)))) continue;
      const idx = r.data.preferences.findIndex((p) => p.crecheId === c.data.id);
      if (idx < (r.held ?? Infinity) && r.pointer > idx) {
        r.pointer = idx;
        c.rejected.delete(r);
        enqueue(r);
      }
    }
  };

  let proposals = 0;
  const cap = 50 * applicants.reduce((n, a) => n + a.data.preferences.length, 0) + 100;
  while (queue.length && proposals < cap) {
    const a = queue.shift()!;
    a.queued = false;
    if (a.pointer >= (a.held ?? a.data.preferences.length)) continue;
    proposals += 1;
    const pref = a.data.preferences[a.pointer];
    const c = creches.get(pref.crecheId);
    if (!c) {
      a.pointer += 1;
      enqueue(a);
      continue;
    }
    const { accepted, displaced } = propose(c, a, lastReason);
    if (accepted) {
      if (a.held !== null) {
        const previous = creches.get(a.data.preferences[a.held].crecheId)!;
        previous.held = previous.held.filter((x) => x !== a);
        previous.ledger.release(at(previous, a));
        reopen(previous, [a]);
      }
      a.held = a.pointer;
    } else {
      c.rejected.add(a);
      a.pointer += 1;
      enqueue(a);
    }
    for (const x of displaced) {
      x.held = null;
      x.pointer = x.data.preferences.findIndex((p) => p.crecheId === c.data.id) + 1;
      c.rejected.add(x);
      enqueue(x);
    }
    if (displaced.length) reopen(c, displaced);
  }
  return resultOf(applicants, creches, lastReason, proposals);
}

/** The crèche reconsiders its held children plus `a`; returns whether `a` is held and who lost their place. */
function propose(
  c: CrecheState,
  a: Applicant,
  lastReason: Map<Applicant, Map<string, UnplacedReason>>,
): { accepted: boolean; displaced: Applicant[] } {
  const crecheId = c.data.id;
  const age = ageFit({
    birth: a.data.birth,
    start: a.data.start,
    disability: a.data.disability,
    minAgeMonths: c.data.minAgeMonths,
    maxAgeMonths: c.data.maxAgeMonths,
  });
  if (age !== 'OK') {
    remember(lastReason, a, { crecheId, reason: 'AGE' });
    return { accepted: false, displaced: [] };
  }
  // Not room for this child even alone (the crèche's existing contracts): no reconsidering needed.
  if (!baseFits(c, a)) {
    remember(lastReason, a, refusalReason(c, a));
    return { accepted: false, displaced: [] };
  }
  const order = processingOrder(c, [...c.held, a]);
  // If it fits next to everyone held, greedy over the same set in the new order keeps everyone (feasibility is
  // downward closed), so the newcomer just joins.
  if (c.ledger.fits(at(c, a)).ok) {
    c.ledger.add(at(c, a));
    c.held = order;
    return { accepted: true, displaced: [] };
  }
  let k = 0;
  while (k < c.held.length && order[k] === c.held[k]) k += 1;
  const later = c.held.slice(k);
  for (const x of later) c.ledger.release(at(c, x));
  // The usual case: the newcomer comes right after the unchanged prefix. If it does not fit even without the
  // children after it, nothing changes: they all fitted before and go back as they were.
  if (order[k] === a && !c.ledger.fits(at(c, a)).ok) {
    for (const x of later) c.ledger.add(at(c, x));
    remember(lastReason, a, refusalReason(c, a));
    return { accepted: false, displaced: [] };
  }
  const kept = c.held.slice(0, k);
  const refused: Applicant[] = [];
  for (const x of order.slice(k)) {
    if (c.ledger.fits(at(c, x)).ok) {
      c.ledger.add(at(c, x));
      kept.push(x);
    } else refused.push(x);
  }
  c.held = kept;
  for (const x of refused) remember(lastReason, x, refusalReason(c, x));
  return { accepted: !refused.includes(a), displaced: refused.filter((x) => x !== a) };
}

/** Reserved places first (the best-ranked families on social minima or in insertion, up to the quota), then priority. */
function processingOrder(c: CrecheState, candidates: Applicant[]): Applicant[] {
  const byPriority = [...candidates].sort((x, y) => c.rank.get(x)! - c.rank.get(y)!);
  const reserved = byPriority.filter((x) => x.data.socialMinimaOrInsertion).slice(0, c.data.reservedInsertionPlaces);
  return [...reserved, ...byPriority.filter((x) => !reserved.includes(x))];
}

function scoreAt(a: Applicant, crecheId: string): number {
  return a.data.preferences.find((p) => p.crecheId === crecheId)?.score ?? -Infinity;
}

function baseFits(c: CrecheState, a: Applicant): boolean {
  let answer = c.baseAnswers.get(a);
  if (!answer) {
    answer = c.base.fits(at(c, a));
    c.baseAnswers.set(a, answer);
  }
  return answer.ok;
}

/** Not room even without the other candidates: NO_CAPACITY (or CLOSED); otherwise outranked by those held. */
function refusalReason(c: CrecheState, a: Applicant): UnplacedReason {
  baseFits(c, a);
  const alone: LedgerAnswer = c.baseAnswers.get(a)!;
  if (alone.ok) return { crecheId: c.data.id, reason: 'OUTRANKED', lowestHeldScore: null };
  const { date, from, to, rule } = alone.conflict;
  return rule === 'CLOSED'
    ? { crecheId: c.data.id, reason: 'CLOSED', conflict: { date, from, to, rule } }
    : { crecheId: c.data.id, reason: 'NO_CAPACITY', conflict: { date, from, to, rule } };
}

function remember(lastReason: Map<Applicant, Map<string, UnplacedReason>>, a: Applicant, reason: UnplacedReason): void {
  const byCreche = lastReason.get(a) ?? new Map<string, UnplacedReason>();
  byCreche.set(reason.crecheId, reason);
  lastReason.set(a, byCreche);
}

function stateOf(c: SnapshotCreche, applicants: Applicant[]): CrecheState {
  const asking = applicants.filter((a) => a.data.preferences.some((p) => p.crecheId === c.id));
  const from = Math.min(...asking.map((a) => a.data.start), Number.MAX_SAFE_INTEGER);
  const to = Math.max(...asking.map((a) => a.data.end), from);
  const rules = compileRules({
    places: c.places,
    surnombre: c.surnombre,
    openingHours: c.openingHours,
    capacityBands: c.capacityBands,
    closures: c.closures,
    publicHolidays: new Set(c.publicHolidays),
    opensOnPublicHolidays: c.opensOnPublicHolidays,
  });
  const index = new PresenceIndex(c.existing);
  const span = asking.length ? { from, to } : { from: 0, to: 0 };
  const scores = new Map(asking.map((a) => [a, a.data.preferences.find((p) => p.crecheId === c.id)!.score]));
  const key = (a: Applicant) => ({ score: scores.get(a)!, submittedAt: a.data.submittedAt, id: a.data.applicationId });
  const rank = new Map([...asking].sort((x, y) => compareScored(key(x), key(y))).map((a, i) => [a, i]));
  return {
    data: c,
    ledger: new CapacityLedger(rules, index, span.from, span.to),
    base: new CapacityLedger(rules, index, span.from, span.to),
    held: [],
    rejected: new Set(),
    baseAnswers: new Map(),
    scores,
    rank,
  };
}

/** Whether two regular presences share any instant (same weekday, crossing hours, overlapping periods). */
function overlaps(x: RegularPresence, y: RegularPresence): boolean {
  if (x.end < y.start || y.end < x.start) return false;
  return x.slots.some((s) => y.slots.some((o) => o.weekday === s.weekday && s.from < o.to && o.from < s.to));
}

/** The child's presence at a crèche: on the schedule asked of that crèche. */
function at(c: CrecheState, a: Applicant): RegularPresence {
  return a.presences.get(c.data.id)!;
}

function presencesOf(a: SnapshotApplicant): Map<string, RegularPresence> {
  return new Map(
    a.preferences.map((p) => [
      p.crecheId,
      { kind: 'REGULAR', id: a.applicationId, start: a.start, end: a.end, slots: p.slots ?? a.slots },
    ]),
  );
}

function resultOf(
  applicants: Applicant[],
  creches: Map<string, CrecheState>,
  lastReason: Map<Applicant, Map<string, UnplacedReason>>,
  proposals: number,
): AllocationResult {
  const placements: Placement[] = [];
  for (const c of creches.values()) {
    const reserved = processingOrder(c, c.held)
      .slice(0, c.data.reservedInsertionPlaces)
      .filter((x) => x.data.socialMinimaOrInsertion);
    for (const a of c.held) {
      const position = a.data.preferences.findIndex((p) => p.crecheId === c.data.id);
      placements.push({
        applicationId: a.data.applicationId,
        familyId: a.data.familyId,
        crecheId: c.data.id,
        score: a.data.preferences[position].score,
        preferencePosition: position + 1,
        reserved: reserved.includes(a),
      });
    }
  }
  placements.sort((x, y) =>
    x.crecheId < y.crecheId
      ? -1
      : x.crecheId > y.crecheId
        ? 1
        : y.score - x.score || (x.applicationId < y.applicationId ? -1 : 1),
  );
  const lowest = new Map(
    [...creches.values()].map((c) => [
      c.data.id,
      c.held.length ? Math.min(...c.held.map((a) => scoreAt(a, c.data.id))) : null,
    ]),
  );
  const unplaced = applicants
    .filter((a) => a.held !== 0)
    .map((a) => ({
      applicationId: a.data.applicationId,
      reasons: a.data.preferences.slice(0, a.held ?? a.data.preferences.length).map((p): UnplacedReason => {
        const r = lastReason.get(a)?.get(p.crecheId);
        if (!r) return { crecheId: p.crecheId, reason: 'OUTRANKED', lowestHeldScore: lowest.get(p.crecheId) ?? null };
        return r.reason === 'OUTRANKED' ? { ...r, lowestHeldScore: lowest.get(p.crecheId) ?? null } : r;
      }),
    }));
  return { engineVersion: ENGINE_VERSION, placements, unplaced, proposals };
}
