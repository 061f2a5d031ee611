/**
 * What a new scale version asks of one contract's stored fees (docs/rules.md R4.10): every date from which a fee of
 * the contract is in force on or after the version's date must be computed on it, each on the household's situation
 * in force at that date — never on the contract's latest inputs, which may hold a change dated later (a manager's
 * change from a later month, a declaration applying from a later month): that would bill it early.
 */

/** A stored computation in force from its date: the household's share it is for, and its scale version's date. */
export interface StoredFee<S> {
  readonly familyId: string | null;
  readonly effectiveFrom: string;
  readonly scaleFrom: string;
  readonly situation: S;
}

export interface Recomputation<S> {
  readonly date: string;
  /** True for the version's own date (a contract running across it), false for a later date of the contract's. */
  readonly atVersionDate: boolean;
  /** Per paying household (null: the contract's one household), the situation in force at `date` (when stored). */
  readonly situations: ReadonlyMap<string | null, S>;
}

/**
 * - A contract that started before the version's date gets a fee from that date, on the situation in force then.
 * - A fee in force from the version's date or later, computed on an older version (the contract was signed, or its
 *   situation changed, before the version was published), is computed again at its own date on its own situation.
 */
export function recomputationsForVersion<S>(
  contract: { readonly startDate: string; readonly payers: readonly (string | null)[] },
  stored: readonly StoredFee<S>[],
  versionFrom: string,
): Recomputation<S>[] {
  const inForce = (payer: string | null, date: string): S | undefined => {
    let found: StoredFee<S> | undefined;
    for (const s of stored)
      if (s.familyId === payer && s.effectiveFrom <= date && (!found || s.effectiveFrom >= found.effectiveFrom))
        found = s;
    return found?.situation;
  };
  const situationsAt = (date: string) => {
    const m = new Map<string | null, S>();
    for (const payer of contract.payers) {
      const s = inForce(payer, date);
      if (s !== undefined) m.set(payer, s);
    }
    return m;
  };
  const out: Recomputation<S>[] = [];
  const runsAcross = contract.startDate < versionFrom;
  if (runsAcross) out.push({ date: versionFrom, atVersionDate: true, situations: situationsAt(versionFrom) });
  const laterDates = [...new Set(stored.map((s) => s.effectiveFrom))]
    .filter((d) => (runsAcross ? d > versionFrom : d >= versionFrom))
    .sort();
  for (const date of laterDates)
    if (stored.some((s) => s.effectiveFrom === date && s.scaleFrom < versionFrom))
      out.push({ date, atVersionDate: false, situations: situationsAt(date) });
  return out;
}
