import type { CapacityLedger, LedgerAnswer } from '../../creches/domain/capacity-ledger';
import type { Presence } from '../../creches/domain/presence';

/**
 * Whether an application's schedule fits the crèche now (the waitlist's `fitsNow`), its own open offer left out: an
 * open offer holds its place in the planned presence (docs/rules.md R2.3, DOMAIN.md §6), and that place is the
 * application's own, so it is not counted against it — as accepting the offer does not count it against the
 * acceptance (`heldBy`, CapacityService.admit). Every other offer, contract and booking still counts.
 *
 * `own` must be one of the presences `ledger` was built with (as `planned_presences` gave it). It is released for
 * the check and held again before returning, so the ledger is as it was for the next application.
 */
export function fitsBesideOwnOffer(
  ledger: CapacityLedger,
  candidate: Presence,
  own: Presence | undefined,
): LedgerAnswer {
  if (!own) return ledger.fits(candidate);
  ledger.release(own);
  try {
    return ledger.fits(candidate);
  } finally {
    ledger.add(own);
  }
}
