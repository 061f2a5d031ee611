/**
 * French spreadsheet conventions (as the fee audit export, fees/domain/fee-csv.ts): ";" separator, decimal comma, CRLF,
 * UTF-8 with a BOM so that a spreadsheet opens accents right. Cells holding ";", quotes or line breaks are quoted.
 */
export function frenchCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const cell = (v: string) => (/[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = [header, ...rows].map((r) => r.map(cell).join(';'));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** A number with a decimal comma and at most two decimals ("12,5", "3"). */
export function frenchDecimal(n: number): string {
  return String(Math.round(n * 100) / 100).replace('.', ',');
}
