import type { Day, Minute, Weekday } from '../../../common/time/calendar';
import type { Presence } from '../../creches/domain/presence';

/** Bumped whenever the engine's behaviour changes, so a stored round says which engine produced it. */
export const ENGINE_VERSION = 'da-greedy-1';

export interface SnapshotCreche {
  readonly id: string;
  readonly places: number;
  readonly surnombre: boolean;
  readonly openingHours: readonly { weekday: Weekday; from: Minute; to: Minute }[];
  readonly capacityBands: readonly { weekday: Weekday; from: Minute; to: Minute; places: number }[];
  readonly closures: readonly { from: Day; to: Day }[];
  readonly publicHolidays: readonly Day[];
  readonly opensOnPublicHolidays: boolean;
  readonly reservedInsertionPlaces: number;
  readonly minAgeMonths: number | null;
  readonly maxAgeMonths: number;
  /** Running contracts and bookings over the period considered. */
  readonly existing: readonly Presence[];
}

export interface SnapshotApplicant {
  readonly applicationId: string;
  readonly familyId: string;
  readonly submittedAt: string;
  readonly socialMinimaOrInsertion: boolean;
  readonly birth: Day;
  readonly disability: boolean;
  /** The contract the child would get: from the round's start (or later desired start), one year. */
  readonly start: Day;
  readonly end: Day;
  /** The weekly schedule asked of the crèches listed without their own `slots`. */
  readonly slots: readonly { weekday: Weekday; from: Minute; to: Minute }[];
  /**
   * The crèches the family accepts, most preferred first, with the application's score at each, and the schedule
   * asked of that crèche when it is not `slots` (issue #15: a fallback crèche with other opening hours). Snapshots of
   * rounds stored before #15 have no per-crèche slots and replay as they were.
   */
  readonly preferences: readonly {
    crecheId: string;
    score: number;
    slots?: readonly { weekday: Weekday; from: Minute; to: Minute }[];
  }[];
  /**
   * Set once the household was erased (GDPR) after the round ran: `birth` is then the first day of its month and the
   * personal criteria are false (domain/erase-household.ts), so a replay may differ from the stored result. Not read by
   * the engine.
   */
  readonly erased?: true;
}

/** Everything the engine reads: stored with the round so that it can be replayed exactly. */
export interface AllocationSnapshot {
  readonly engineVersion: string;
  readonly creches: readonly SnapshotCreche[];
  readonly applicants: readonly SnapshotApplicant[];
  /**
   * Applications whose declared points exceed their verified points somewhere: the round counts verified points
   * only, and its draft lists these for the managers to check the proofs. Not read by the engine.
   */
  readonly awaitingVerification?: readonly string[];
}

export type UnplacedReason =
  | { readonly crecheId: string; readonly reason: 'OUTRANKED'; readonly lowestHeldScore: number | null }
  | {
      readonly crecheId: string;
      readonly reason: 'NO_CAPACITY';
      readonly conflict: { date: string; from: string; to: string; rule: string };
    }
  | { readonly crecheId: string; readonly reason: 'AGE' }
  | {
      readonly crecheId: string;
      readonly reason: 'CLOSED';
      readonly conflict: { date: string; from: string; to: string; rule: string };
    };

export interface Placement {
  readonly applicationId: string;
  readonly familyId: string;
  readonly crecheId: string;
  readonly score: number;
  readonly preferencePosition: number;
  readonly reserved: boolean;
}

export interface AllocationResult {
  readonly engineVersion: string;
  readonly placements: readonly Placement[];
  /** Applicants left without a place, or held below a crèche they prefer, with why at each crèche they did not get. */
  readonly unplaced: readonly { readonly applicationId: string; readonly reasons: readonly UnplacedReason[] }[];
  readonly proposals: number;
}
