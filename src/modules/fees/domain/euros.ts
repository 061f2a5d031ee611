/** An amount in euros as the API takes it: up to 9 digits of euros and 2 of cents, a point between them. */
export const EUROS = /^\d{1,9}(\.\d{1,2})?$/;

/**
 * Why a value is not an amount in euros (EUROS), precisely: negative, too large (more than 9 digits of euros, the
 * columns' numeric(11,2)), more than two decimals, or not a number written "3000.00". `others` names the words the
 * field takes instead ("unknown", "refused").
 */
export function eurosProblem(property: string, value: unknown, others: readonly string[] = []): string {
  const text = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
  const number = /^(-?)(\d+)(?:[.,](\d+))?$/.exec(text);
  if (number?.[1]) return `${property} must not be negative`;
  if (number && number[2].length > 9) return `${property} must be at most 999999999.99 euros`;
  if (number && (number[3] ?? '').length > 2) return `${property} must have at most 2 decimals (cents)`;
  const instead = others.length ? `, ${others.map((o) => `"${o}"`).join(' or ')}` : '';
  return `${property} must be an amount in euros such as "3000.00"${instead}`;
}
