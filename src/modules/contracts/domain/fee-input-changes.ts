import type { ContractFeeInputs } from '../entities/contract.entity';
import { Dec } from '../../fees/domain/decimal';

/**
 * One dated change of a contract's fee inputs, as recorded (docs/rules.md R4.13): a validated declaration or a
 * manager's change sets some fields from its date; a signature (or the history kept before changes were dated) sets
 * a whole situation. `familyId` names the paying household's share in alternating residence; null is the contract's
 * own inputs.
 */
export interface FeeInputChange {
  /** The order in which changes were recorded: of two changes from the same day, the later recorded wins. */
  readonly seq: number;
  readonly familyId: string | null;
  /** The first day the change bills for this contract: the date it applies from, never before the contract's start. */
  readonly effectiveFrom: string;
  /**
   * The date the change applies from when it is earlier than the contract's start (a declaration from February for
   * a contract starting in June): of two changes billed from the same day, the one applying from the later date wins.
   */
  readonly declaredFrom?: string | null;
  /** The fields this change sets; `declarationId: null` says the figures no longer come from a declaration. */
  readonly fields: FeeInputFields;
  /** A whole situation: the fields it does not name are reset (no flag, no declaration). */
  readonly replaces: boolean;
}

export type FeeInputFields = { readonly [K in keyof ContractFeeInputs]?: ContractFeeInputs[K] | null };

/** The fields of a situation that move the fee, in a fixed order (for comparing two situations). */
const KEYS = [
  'monthlyResources',
  'resourcesRefused',
  'resourcesUnchecked',
  'childrenUnchecked',
  'dependentChildren',
  'aeehChildren',
  'asePlacement',
  'declarationId',
] as const satisfies readonly (keyof ContractFeeInputs)[];

/**
 * The situation a payer's fee is computed on at `date`: every change dated on or before it, in date order then in
 * recording order, each over the one before. A change dated later never reaches an earlier date, whatever the order
 * in which they were recorded. Null when no change of that payer is in force yet.
 */
export function inputsAt(
  changes: readonly FeeInputChange[],
  familyId: string | null,
  date: string,
): ContractFeeInputs | null {
  let current: Record<string, unknown> | null = null;
  for (const c of inDateOrder(changes.filter((x) => x.familyId === familyId && x.effectiveFrom <= date)))
    current = { ...(c.replaces || !current ? { asePlacement: false } : current), ...c.fields };
  return current ? normalized(current) : null;
}

/** The situation after every change recorded (the contract's latest inputs, shown with it). */
export function latestInputs(changes: readonly FeeInputChange[], familyId: string | null): ContractFeeInputs | null {
  return inputsAt(changes, familyId, '9999-12-31');
}

/**
 * What a manager's new situation from a date changes over the one in force then: only those fields are recorded, so
 * a declaration dated earlier and validated afterwards still reaches the fields the manager did not touch. New
 * figures the manager types come from no declaration, and are not "not checked" any more.
 */
export function changedFields(before: ContractFeeInputs | null, after: ContractFeeInputs): FeeInputFields {
  const from = before ? normalized({ ...before }) : null;
  const to = normalized({ ...after });
  const fields: Record<string, unknown> = {};
  for (const key of KEYS)
    if (key !== 'declarationId' && !sameValue(from?.[key], to[key])) fields[key] = to[key] ?? null;
  const figures = ['monthlyResources', 'resourcesRefused', 'dependentChildren', 'aeehChildren'];
  if (figures.some((k) => k in fields)) {
    // Said even when no declaration is in force now: one dated earlier and validated later must not be cited for the
    // manager's figures from this date on.
    fields.declarationId = null;
    if ('monthlyResources' in fields || 'resourcesRefused' in fields) fields.resourcesUnchecked = false;
    if ('dependentChildren' in fields || 'aeehChildren' in fields) fields.childrenUnchecked = false;
  }
  return fields;
}

/** Whether two situations bill the same (flags absent and false are the same). */
export function sameInputs(a: ContractFeeInputs, b: ContractFeeInputs): boolean {
  const x = normalized({ ...a });
  const y = normalized({ ...b });
  return KEYS.every((k) => sameValue(x[k], y[k]));
}

/**
 * The dates a change recorded from `from` moves: its own, and every later date at which a payer's fee was computed
 * or a change applies (each such fee was computed on a situation the new change may reach), within the contract.
 */
export function datesToRecompute(
  from: string,
  changes: readonly FeeInputChange[],
  storedDates: readonly string[],
  endDate: string,
): string[] {
  const later = [...changes.map((c) => c.effectiveFrom), ...storedDates].filter((d) => d > from && d <= endDate);
  return [...new Set([from, ...later])].sort();
}

/**
 * Date order: by the day a change bills from; on one day the whole situation first (the signature: every change
 * recorded since is newer), then by the date each applies from, then in recording order.
 */
function inDateOrder(changes: readonly FeeInputChange[]): FeeInputChange[] {
  const from = (c: FeeInputChange) => c.declaredFrom ?? c.effectiveFrom;
  return [...changes].sort(
    (a, b) =>
      a.effectiveFrom.localeCompare(b.effectiveFrom) ||
      Number(b.replaces) - Number(a.replaces) ||
      from(a).localeCompare(from(b)) ||
      a.seq - b.seq,
  );
}

/** Flags only when set, no null: the shape `ContractFeeInputs` always had. */
function normalized(i: Record<string, unknown>): ContractFeeInputs {
  return {
    monthlyResources: (i.monthlyResources as string | null | undefined) ?? null,
    ...(i.resourcesRefused === true && { resourcesRefused: true }),
    ...(i.resourcesUnchecked === true && { resourcesUnchecked: true }),
    ...(i.childrenUnchecked === true && { childrenUnchecked: true }),
    dependentChildren: i.dependentChildren as number,
    aeehChildren: (i.aeehChildren as number | undefined) ?? 0,
    asePlacement: i.asePlacement === true,
    ...(typeof i.declarationId === 'string' && { declarationId: i.declarationId }),
  };
}

const AMOUNT = /^\d+(\.\d+)?$/;

function sameValue(a: unknown, b: unknown): boolean {
  // Amounts compare as amounts: "2400" typed is the "2400.00" in force.
  if (typeof a === 'string' && typeof b === 'string' && AMOUNT.test(a) && AMOUNT.test(b)) return new Dec(a).eq(b);
  if (typeof a === 'boolean' || typeof b === 'boolean' || a === undefined || b === undefined)
    return (a ?? false) === (b ?? false);
  return a === b;
}
