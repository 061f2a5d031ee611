/**
 * What a household declares about the situation that moves its fee (resources, dependent children, children receiving
 * AEEH), and the rules a declaration follows before and after a manager checks its proof. Pure: the day and the
 * household's current situation are arguments.
 *
 * Source: Cnaf, PSU conditions (LC 2019-005, barème des participations familiales) — resources come from the CDAP or
 * the N−2 tax notice, checked by the manager; a change is declared with its proof and applies from the first day of
 * the month after the declaration, never retroactively. DOMAIN.md §4.
 */

/** The proof that comes with a declaration. */
export const DOCUMENT_TYPES = ['TAX_NOTICE_N2', 'CAF_CDAP', 'CERTIFICATE', 'AEEH_NOTIFICATION', 'OTHER'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** What a proof may be: a PDF or a photo of the paper (checked from the bytes, not from what the client says). */
export const DOCUMENT_MIME_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type DocumentMimeType = (typeof DOCUMENT_MIME_TYPES)[number];

/** 5 MiB: a scanned tax notice or a phone photo, not an archive. */
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

/** The fields a declaration may change, in the order they are listed (audit, e-mails). */
export const DECLARED_FIELDS = ['monthlyResources', 'dependentChildren', 'aeehChildren'] as const;
export type DeclaredField = (typeof DECLARED_FIELDS)[number];

/** The household's fee situation, as the families table holds it. */
export interface HouseholdSituation {
  /** Euros with two decimals; null when unknown or refused. */
  readonly monthlyResources: string | null;
  readonly resourcesRefused: boolean;
  readonly dependentChildren: number;
  readonly aeehChildren: number;
}

/** A declaration's new values: any subset of the three fields (resources as an amount, 'unknown' or 'refused'). */
export interface DeclaredChange {
  readonly monthlyResources?: string;
  readonly dependentChildren?: number;
  readonly aeehChildren?: number;
}

export interface FieldProblem {
  readonly field: string;
  readonly errors: readonly string[];
}

/** The fields a declaration changes, in DECLARED_FIELDS order. */
export function declaredFields(change: DeclaredChange): DeclaredField[] {
  return DECLARED_FIELDS.filter((f) => change[f] !== undefined && change[f] !== null);
}

/**
 * The first day of the month after `declaredOn` ("YYYY-MM-DD", the declaration's civil date by the server's clock):
 * the day a declared change takes effect. 2027-01-31 → 2027-02-01; 2027-12-01 → 2028-01-01.
 */
export function appliesFromOf(declaredOn: string): string {
  const m = /^(\d{4})-(\d{2})-\d{2}$/.exec(declaredOn);
  if (!m) throw new RangeError(`not an ISO date: ${declaredOn}`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  return month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
}

/** The situation once the change applies: undeclared fields keep their current value. */
export function situationAfter(current: HouseholdSituation, change: DeclaredChange): HouseholdSituation {
  const r = change.monthlyResources;
  return {
    monthlyResources: r === undefined ? current.monthlyResources : r === 'unknown' || r === 'refused' ? null : r,
    resourcesRefused: r === undefined ? current.resourcesRefused : r === 'refused',
    dependentChildren: change.dependentChildren ?? current.dependentChildren,
    aeehChildren: change.aeehChildren ?? current.aeehChildren,
  };
}

/** Whether two situations bill the same (amounts compared as numbers: "3000" and "3000.00" are one amount). */
export function sameSituation(a: HouseholdSituation, b: HouseholdSituation): boolean {
  const amount = (v: string | null) => (v === null ? null : Number(v));
  return (
    amount(a.monthlyResources) === amount(b.monthlyResources) &&
    a.resourcesRefused === b.resourcesRefused &&
    a.dependentChildren === b.dependentChildren &&
    a.aeehChildren === b.aeehChildren
  );
}

/**
 * The AEEH bound (DOMAIN.md §4: each child of the household receiving AEEH moves the family one tier down, a sibling
 * not in care included): the household counts at least as many AEEH children as it has children flagged with AEEH,
 * and no more than its dependent children.
 */
export function aeehProblems(situation: HouseholdSituation, flaggedAeehChildren: number): FieldProblem[] {
  const errors: string[] = [];
  if (situation.aeehChildren > situation.dependentChildren) errors.push('aeehChildren cannot exceed dependentChildren');
  if (situation.aeehChildren < flaggedAeehChildren)
    errors.push(
      `aeehChildren cannot be lower than the ${flaggedAeehChildren} child(ren) of the household flagged with AEEH`,
    );
  return errors.length ? [{ field: 'aeehChildren', errors }] : [];
}
