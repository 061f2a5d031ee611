import { dayOf } from '../../../common/time/calendar';

/** How far an expected birth date, or a birth date, may move once the child has applied or is in care. */
export const DATE_MOVE_DAYS = 31;
/** Two children of one name registered closer than this are one child (siblings are born further apart). */
export const SAME_NAME_DAYS = 270;
/** A birth this long before its expected date is still that child (a premature birth). */
export const PREMATURE_DAYS = 92;

type Dates = { readonly birthDate: string | null; readonly expectedBirthDate: string | null };

/**
 * A change of a child's dates once it has applied or is in care, where its age decides which crèches take it and
 * its waiting months count from its application: corrections and the birth itself, not another child under the same
 * record. Null when allowed; else the field and why. An expected date moves by at most DATE_MOVE_DAYS; the birth
 * comes at most PREMATURE_DAYS before it and DATE_MOVE_DAYS after; a birth date is corrected by at most
 * DATE_MOVE_DAYS.
 */
export function childDatesChangeProblem(
  current: Dates,
  next: { readonly birthDate?: string; readonly expectedBirthDate?: string },
): { field: 'birthDate' | 'expectedBirthDate'; error: string } | null {
  const days = (a: string, b: string) => dayOf(b) - dayOf(a);
  if (next.birthDate !== undefined) {
    if (current.birthDate !== null) {
      const moved = Math.abs(days(current.birthDate, next.birthDate));
      return moved > DATE_MOVE_DAYS
        ? { field: 'birthDate', error: `birthDate may be corrected by ${DATE_MOVE_DAYS} days at most once applied` }
        : null;
    }
    const after = days(current.expectedBirthDate!, next.birthDate);
    return after < -PREMATURE_DAYS || after > DATE_MOVE_DAYS
      ? {
          field: 'birthDate',
          error: `birthDate must fall between ${PREMATURE_DAYS} days before and ${DATE_MOVE_DAYS} days after the expected birth date once applied`,
        }
      : null;
  }
  if (next.expectedBirthDate !== undefined && current.expectedBirthDate !== null) {
    const moved = Math.abs(days(current.expectedBirthDate, next.expectedBirthDate));
    return moved > DATE_MOVE_DAYS
      ? {
          field: 'expectedBirthDate',
          error: `expectedBirthDate may move by ${DATE_MOVE_DAYS} days at most once applied`,
        }
      : null;
  }
  return null;
}

/**
 * Two children of a household are the same when their first names match (case, accents and punctuation aside) and
 * their birth (or expected birth) dates are less than SAME_NAME_DAYS apart.
 */
export function sameChild(
  a: Dates & { readonly firstName: string },
  b: { readonly firstName: string; readonly birthDate?: string | null; readonly expectedBirthDate?: string | null },
): boolean {
  // Letters and digits only: "Gabin.", "Gabin’" or a zero-width space inside are Gabin again.
  const name = (s: string) =>
    s
      .normalize('NFKD')
      .replace(/[\p{M}\p{Cf}]/gu, '')
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim()
      .toLowerCase();
  const day = (d: Dates | typeof b) => d.birthDate ?? d.expectedBirthDate ?? null;
  const [x, y] = [day(a), day(b)];
  if (name(a.firstName) !== name(b.firstName)) return false;
  // Brothers and sisters of one name are born more than nine months apart; a day or a month apart, it is one child
  // registered twice (its second record would apply without the first's refusals).
  return x === y || (x !== null && y !== null && Math.abs(dayOf(x) - dayOf(y)) < SAME_NAME_DAYS);
}
