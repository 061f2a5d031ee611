import { dayOf, isoOf } from '../../../common/time/calendar';
import type { AllocationResult, AllocationSnapshot, SnapshotApplicant } from './snapshot';

/** What a round stores of its applicants and outcome: the part a household's erasure rewrites. */
export interface RoundRecord {
  readonly snapshot: AllocationSnapshot;
  readonly result: AllocationResult;
}

/**
 * A round's record after the GDPR erasure of one household (docs/rules.md#r811b-allocation-rounds-under-the-gdpr-erasure):
 * its entries keep what the round's fairness record needs and lose what identifies the child or tells of the household's
 * health or situation, as the household's own rows do (FamiliesRepository.anonymise). Null when the round holds no entry
 * of that household still to reduce, so that erasing twice changes nothing.
 */
export function eraseHouseholdFromRound(round: RoundRecord, familyId: string): RoundRecord | null {
  const erased = new Set(
    round.snapshot.applicants.filter((a) => a.familyId === familyId && !a.erased).map((a) => a.applicationId),
  );
  if (erased.size === 0) return null;
  const { awaitingVerification } = round.snapshot;
  return {
    snapshot: {
      ...round.snapshot,
      applicants: round.snapshot.applicants.map((a) => (erased.has(a.applicationId) ? erasedApplicant(a) : a)),
      // That the household declared criteria it had not proved is a fact about its situation; its claims and proofs
      // are deleted with the erasure. Not read by the engine.
      ...(awaitingVerification ? { awaitingVerification: awaitingVerification.filter((id) => !erased.has(id)) } : {}),
    },
    result: {
      ...round.result,
      // A reserved place (D214-7 CASF) says the household was on social minima or in insertion, a fact its row no
      // longer holds. Its place, score and rank stay: they are the round's outcome, as the offer keeps its score.
      placements: round.result.placements.map((p) => (p.familyId === familyId ? { ...p, reserved: false } : p)),
    },
  };
}

function erasedApplicant(a: SnapshotApplicant): SnapshotApplicant {
  return {
    // Kept: pseudonymous keys. The application and household rows stay (pseudonymised), and the round's result, its
    // exclusions and the offers refer to them.
    applicationId: a.applicationId,
    familyId: a.familyId,
    // Kept: the application row keeps it after erasure; it breaks ties between equal scores in the crèches' order.
    submittedAt: a.submittedAt,
    // Cleared: the household's social situation (families.social_minima_or_insertion is set false, its verified
    // claims deleted).
    socialMinimaOrInsertion: false,
    // Reduced to the first day of its month, as children.birth_date is: the exact day identifies the child, the month
    // keeps its age band readable.
    birth: firstOfMonth(a.birth),
    // Cleared: health data (art. 9 GDPR), cleared on the child as well.
    disability: false,
    // Kept: the period and schedules asked, and the score at each crèche, are what the round's capacity and ranking
    // rest on. The application keeps its desired start and schedules, the offer its score; none tells of the
    // household's health or situation.
    start: a.start,
    end: a.end,
    slots: a.slots,
    preferences: a.preferences,
    erased: true,
  };
}

function firstOfMonth(day: number): number {
  return dayOf(`${isoOf(day).slice(0, 7)}-01`);
}

/**
 * A round's exclusions without the manager's notes on the erased household's applications: a free text that may name
 * the family or tell of its health (docs/rules.md#r811b-allocation-rounds-under-the-gdpr-erasure). The reason code
 * stays, as the round's record of why the proposal was not offered. Null when no note is left to clear.
 */
export function exclusionsWithoutNotesOf<E extends { applicationId: string; comment?: string }>(
  exclusions: readonly E[],
  applicationIds: ReadonlySet<string>,
): E[] | null {
  if (!exclusions.some((e) => applicationIds.has(e.applicationId) && e.comment !== undefined)) return null;
  return exclusions.map((e) => {
    if (!applicationIds.has(e.applicationId)) return e;
    const { comment: _note, ...rest } = e;
    return rest as E;
  });
}
