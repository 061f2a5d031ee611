import { Dec } from '../../fees/domain/decimal';

/** The Caf's matricule allocataire as it prints it: 7 digits (docs/rules.md#r95-filoue). */
export const CAF_MATRICULE = /^\d{7}$/;

export const REGIME_CODES = { GENERAL: '1', MSA: '2', OTHER: '3' } as const;

export interface FiloueChild {
  readonly childId: string;
  /** Its household: siblings share the household's Caf number, two households never do. */
  readonly familyId: string;
  readonly firstName: string;
  readonly lastName: string | null;
  readonly birthDate: string | null;
  readonly cafNumber: string | null;
  /** The household says it is not a Caf allocataire: written with flag 0 and no matricule, not as an error. */
  readonly notCafAllocataire?: boolean;
  readonly benefitScheme: 'GENERAL' | 'MSA' | 'OTHER';
  /** The household's postal code (5 digits), null when not entered. */
  readonly postalCode: string | null;
  /** The household's commune's name. */
  readonly town: string | null;
  readonly objected: boolean;
  readonly erased: boolean;
  readonly firstDay: string | null;
  readonly lastDay: string | null;
  readonly attendedMinutes: number;
  readonly hoursBilled: string;
  readonly totalBilled: string;
  readonly effortRate: string | null;
}

export interface FiloueLine {
  readonly crecheCafNumber: string;
  readonly afcFileNumber: string;
  /** "1": the household is a Caf allocataire (general scheme with a matricule), "0" otherwise. */
  readonly allocataire: '0' | '1';
  readonly childFirstName: string;
  readonly childLastName: string;
  readonly cafNumber: string;
  readonly regime: '1' | '2' | '3';
  /** ISO (the CSV writes dd/mm/yyyy); null when only an expected birth date is known. */
  readonly birthDate: string | null;
  /** The household's postal code (docs/rules.md#r95-filoue). */
  readonly postalCode: string;
  readonly town: string;
  readonly hoursBilled: string;
  readonly hoursAttended: string;
  readonly totalBilled: string;
  /** Total ÷ hours billed, to the cent; empty when nothing was billed. */
  readonly averageHourlyRate: string;
  readonly effortRatePercent: string;
  /** ISO; null when the child was billed but never checked in. */
  readonly firstDay: string | null;
  readonly lastDay: string | null;
}

export const FILOUE_ERROR_CODES = [
  'CRECHE_CAF_NUMBER_MISSING',
  'CRECHE_AFC_FILE_NUMBER_MISSING',
  'CAF_NUMBER_MISSING',
  'CAF_NUMBER_MALFORMED',
  'CAF_NUMBER_SHARED',
  'POSTAL_CODE_MISSING',
] as const;
export type FiloueErrorCode = (typeof FILOUE_ERROR_CODES)[number];

/** A French postal code as the file gives it (docs/rules.md#r95-filoue). */
export const POSTAL_CODE = /^\d{5}$/;

export interface FiloueError {
  readonly code: FiloueErrorCode;
  /** The child concerned (null for the crèche's own numbers). */
  readonly childId: string | null;
  readonly childFirstName: string | null;
  /** In French, for the manager who corrects it. */
  readonly message: string;
}

export interface FiloueFile {
  readonly year: number;
  readonly lines: readonly FiloueLine[];
  readonly errors: readonly FiloueError[];
  /** Children left out because their household objected to the transmission (counted, not named). */
  readonly objectionsLeftOut: number;
}

/** "2027-03-01" → "01/03/2027". */
export function frenchDate(iso: string | null): string {
  return iso ? iso.split('-').reverse().join('/') : '';
}

/**
 * The crèche's FILOUÉ file of a year (docs/rules.md#r95-filoue): one line per child present, households that objected
 * left out (and erased ones, which hold nothing any more); a child whose household's Caf number is missing (general
 * scheme, unless it says it is not an allocataire: then written with flag 0 and no matricule), malformed or also another household's, or whose household's postal code is missing, is not written but
 * listed in `errors` (one error per problem), like a crèche with no Caf or AFC number.
 */
export function filoueFile(input: {
  readonly year: number;
  readonly creche: { readonly cafNumber: string | null; readonly afcFileNumber: string | null };
  readonly children: readonly FiloueChild[];
}): FiloueFile {
  const errors: FiloueError[] = [];
  if (!input.creche.cafNumber)
    errors.push({
      code: 'CRECHE_CAF_NUMBER_MISSING',
      childId: null,
      childFirstName: null,
      message: 'Le numéro Caf de la crèche n’est pas renseigné.',
    });
  if (!input.creche.afcFileNumber)
    errors.push({
      code: 'CRECHE_AFC_FILE_NUMBER_MISSING',
      childId: null,
      childFirstName: null,
      message: 'Le numéro de dossier AFC de la crèche n’est pas renseigné.',
    });
  // A matricule is one allocataire's: typed by two households (a mistake, or a family borrowing another's), the Caf
  // would count both children on one file.
  const householdsOf = new Map<string, Set<string>>();
  for (const c of input.children) {
    const number = c.cafNumber?.trim() ?? '';
    if (c.objected || c.erased || !CAF_MATRICULE.test(number)) continue;
    householdsOf.set(number, (householdsOf.get(number) ?? new Set()).add(c.familyId));
  }
  const lines: FiloueLine[] = [];
  let objectionsLeftOut = 0;
  for (const c of input.children) {
    if (c.objected || c.erased) {
      objectionsLeftOut += c.objected ? 1 : 0;
      continue;
    }
    const number = c.cafNumber?.trim() ?? '';
    const postalCode = c.postalCode?.trim() ?? '';
    const problems: FiloueError[] = [];
    const problem = (code: FiloueErrorCode, what: string) =>
      problems.push({ code, childId: c.childId, childFirstName: c.firstName, message: `${c.firstName} : ${what}` });
    if (number && !CAF_MATRICULE.test(number))
      problem(
        'CAF_NUMBER_MALFORMED',
        'le numéro d’allocataire Caf du foyer n’a pas 7 chiffres (la famille le corrige sur sa page Mon foyer).',
      );
    if ((householdsOf.get(number)?.size ?? 0) > 1)
      problem(
        'CAF_NUMBER_SHARED',
        'le numéro d’allocataire Caf du foyer est aussi celui d’un autre foyer de la crèche : un numéro n’est qu’à un allocataire (la crèche le vérifie sur CDAP, la famille le corrige sur sa page Mon foyer).',
      );
    if (!number && c.benefitScheme === 'GENERAL' && !c.notCafAllocataire)
      problem(
        'CAF_NUMBER_MISSING',
        'le numéro d’allocataire Caf du foyer n’est pas renseigné (la famille le saisit sur sa page Mon foyer, ou y indique ne pas être allocataire de la Caf).',
      );
    if (!POSTAL_CODE.test(postalCode))
      problem(
        'POSTAL_CODE_MISSING',
        'le code postal du foyer n’est pas renseigné (la famille le saisit sur sa page Mon foyer).',
      );
    if (problems.length) {
      errors.push(...problems);
      continue;
    }
    const hoursBilled = new Dec(c.hoursBilled);
    const total = new Dec(c.totalBilled);
    lines.push({
      crecheCafNumber: input.creche.cafNumber ?? '',
      afcFileNumber: input.creche.afcFileNumber ?? '',
      allocataire: number && c.benefitScheme === 'GENERAL' ? '1' : '0',
      childFirstName: c.firstName,
      childLastName: c.lastName ?? '',
      cafNumber: number,
      regime: REGIME_CODES[c.benefitScheme],
      birthDate: c.birthDate,
      postalCode,
      town: c.town ?? '',
      hoursBilled: hoursBilled.toFixed(2, Dec.ROUND_HALF_UP),
      hoursAttended: new Dec(c.attendedMinutes).div(60).toFixed(2, Dec.ROUND_HALF_UP),
      totalBilled: total.toFixed(2, Dec.ROUND_HALF_UP),
      averageHourlyRate: hoursBilled.isZero() ? '' : total.div(hoursBilled).toFixed(2, Dec.ROUND_HALF_UP),
      effortRatePercent: c.effortRate ?? '',
      firstDay: c.firstDay,
      lastDay: c.lastDay,
    });
  }
  return { year: input.year, lines, errors, objectionsLeftOut };
}

/**
 * Each child's share of the year's credit notes (negative), for its FILOUÉ total (docs/rules.md#r95-filoue): a credit
 * note in euros corrects a household's invoice and names no child, so it is shared out over the invoice's children in
 * proportion to their lines (a credit note in hours weighs each child by its own euros on it, which gives each exactly
 * those, R8.16), to the cent, the cents left by rounding down going to the largest remainders: the shares
 * add up to the credit note exactly, and the file's totals to the activity report's fees net of credit notes.
 */
export function creditedByChild(
  rows: readonly { creditNoteId: string; total: string; childId: string; childAmount: string }[],
): Map<string, Dec> {
  const out = new Map<string, Dec>();
  const notes = new Map<string, { total: Dec; children: { childId: string; amount: Dec }[] }>();
  for (const r of rows) {
    const note = notes.get(r.creditNoteId) ?? { total: new Dec(r.total), children: [] };
    note.children.push({ childId: r.childId, amount: Dec.max(new Dec(r.childAmount), 0) });
    notes.set(r.creditNoteId, note);
  }
  for (const { total, children } of notes.values()) {
    const base = children.reduce((sum, c) => sum.plus(c.amount), new Dec(0));
    // Nothing billed to weigh by (an invoice of deductions only): shared equally.
    const weights = base.isZero() ? children.map(() => new Dec(1)) : children.map((c) => c.amount);
    const weightSum = weights.reduce((a, b) => a.plus(b), new Dec(0));
    const cents = total.abs().times(100);
    const exact = weights.map((w) => cents.times(w).div(weightSum));
    const floors = exact.map((e) => e.floor());
    let left = cents.minus(floors.reduce((a, b) => a.plus(b), new Dec(0))).toNumber();
    const order = exact
      .map((e, i) => ({ i, rest: e.minus(floors[i]) }))
      .sort((a, b) => b.rest.comparedTo(a.rest) || a.i - b.i);
    for (const { i } of order) {
      if (left <= 0) break;
      floors[i] = floors[i].plus(1);
      left -= 1;
    }
    children.forEach((c, i) => out.set(c.childId, (out.get(c.childId) ?? new Dec(0)).minus(floors[i].div(100))));
  }
  return out;
}
