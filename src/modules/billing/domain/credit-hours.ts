import { Dec } from '../../fees/domain/decimal';
import { fmtHours } from './labels';

/** A line of the invoice a credit note corrects, as stored. */
export interface CreditableLine {
  readonly position: number;
  readonly kind: string;
  readonly childId: string | null;
  readonly contractId: string | null;
  readonly bookingId: string | null;
  readonly fromDate: string | null;
  readonly toDate: string | null;
  readonly label: string;
  readonly hours: string;
  readonly hourlyRate: string | null;
  readonly amount: string;
  /** Hours and euros earlier credit notes took off this line (positive). */
  readonly hoursCredited: string;
  readonly amountCredited: string;
}

/** A credit note's line that takes hours off a line of the invoice (hours and amount negative). */
export interface CreditedHoursLine {
  readonly kind: 'CREDIT';
  readonly creditedPosition: number;
  readonly childId: string;
  readonly contractId: string | null;
  readonly bookingId: string | null;
  readonly reason: null;
  readonly fromDate: string | null;
  readonly toDate: string | null;
  readonly label: string;
  readonly hours: string;
  readonly hourlyRate: string;
  readonly amount: string;
}

export interface FieldProblem {
  readonly field: string;
  readonly errors: string[];
}

/**
 * The lines of a credit note that takes hours off lines of an invoice (docs/rules.md#r816-credit-notes-in-hours): each
 * asked line must bill a child hours at a rate (an instalment, a regularisation, extra hours, an occasional booking —
 * not a deduction, nor a credit), at most the hours left on it once earlier credit notes took theirs, and the child's
 * hours and euros on the invoice, net of its deductions and earlier credits, never go below zero. Each credit line is
 * priced so that what a line has lost in all is its hours credited at its rate rounded half-up to the cent once: the
 * rounded price of all its hours credited so far, less that of the earlier ones (ten credits of 0.01 h do not gain a
 * cent each). What is wrong is said per asked line, naming its field (`hours[0].hours`).
 */
export function creditHoursLines(input: {
  readonly invoiceReference: string;
  readonly lines: readonly CreditableLine[];
  readonly asked: readonly { readonly position: number; readonly hours: string }[];
}): { lines: CreditedHoursLine[]; hours: Dec; amount: Dec } | { problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const lines: CreditedHoursLine[] = [];
  const seen = new Set<number>();
  const byPosition = new Map(input.lines.map((l) => [l.position, l]));
  // What is left to each child on the invoice: its lines (deductions included) less what credit notes took.
  const childLeft = new Map<string, { hours: Dec; amount: Dec }>();
  for (const l of input.lines) {
    if (!l.childId || l.kind === 'CREDIT') continue;
    const left = childLeft.get(l.childId) ?? { hours: new Dec(0), amount: new Dec(0) };
    childLeft.set(l.childId, {
      hours: left.hours.plus(l.hours).minus(l.hoursCredited),
      amount: left.amount.plus(l.amount).minus(l.amountCredited),
    });
  }
  input.asked.forEach((a, i) => {
    const line = byPosition.get(a.position);
    const field = `hours[${i}]`;
    if (seen.has(a.position)) {
      problems.push({ field: `${field}.position`, errors: [`line ${a.position} is asked twice`] });
      return;
    }
    seen.add(a.position);
    if (!line) {
      problems.push({ field: `${field}.position`, errors: [`the invoice has no line ${a.position}`] });
      return;
    }
    if (!line.childId || line.kind === 'CREDIT' || line.hourlyRate === null || new Dec(line.hours).lte(0)) {
      problems.push({
        field: `${field}.position`,
        errors: [`line ${a.position} bills no hours to take off (a deduction or a line without hours at a rate)`],
      });
      return;
    }
    const hours = new Dec(a.hours);
    const left = new Dec(line.hours).minus(line.hoursCredited);
    if (hours.gt(left)) {
      problems.push({
        field: `${field}.hours`,
        errors: [`at most ${left.toFixed(2, Dec.ROUND_DOWN)} hours are left to take off line ${a.position}`],
      });
      return;
    }
    const priced = (h: Dec) => h.times(line.hourlyRate!).toDecimalPlaces(2, Dec.ROUND_HALF_UP);
    const already = new Dec(line.hoursCredited);
    const amount = priced(already.plus(hours)).minus(priced(already));
    const child = childLeft.get(line.childId)!;
    if (hours.gt(child.hours) || amount.gt(child.amount)) {
      problems.push({
        field: `${field}.hours`,
        errors: [
          `the child's invoice lines, net of deductions and credit notes, leave at most ${Dec.max(child.hours, 0).toFixed(2, Dec.ROUND_DOWN)} hours and ${Dec.max(child.amount, 0).toFixed(2)} euros to take off`,
        ],
      });
      return;
    }
    childLeft.set(line.childId, { hours: child.hours.minus(hours), amount: child.amount.minus(amount) });
    lines.push({
      kind: 'CREDIT',
      creditedPosition: line.position,
      childId: line.childId,
      contractId: line.contractId,
      bookingId: line.bookingId,
      reason: null,
      fromDate: line.fromDate,
      toDate: line.toDate,
      label: `Avoir sur la facture n° ${input.invoiceReference}, ligne ${line.position} (${line.label}) : ${fmtHours(a.hours)} h retirées`,
      hours: hours.neg().toString(),
      hourlyRate: line.hourlyRate,
      amount: amount.neg().toFixed(2),
    });
  });
  if (problems.length) return { problems };
  const hours = input.asked.reduce((sum, a) => sum.plus(a.hours), new Dec(0));
  const amount = lines.reduce((sum, l) => sum.minus(l.amount), new Dec(0));
  return { lines, hours, amount };
}
