import PDFDocument from 'pdfkit';
import { withWinAnsiText } from '../../common/pdf/win-ansi';
import { civilDateOf } from '../../common/time/clock';
import type { InvoiceRow, LineRow } from './billing.repository';
import { documentNumber, dueDateOf, euros, hoursFr, lineHoursFr, minutesFr, monthNameFr } from './domain/documents';

export interface InvoicePdfInput {
  readonly invoice: InvoiceRow;
  readonly lines: readonly LineRow[];
  readonly crecheName: string;
  readonly childNames: ReadonlyMap<string, string>;
  /** A credit note's invoice number. */
  readonly creditedNumber?: number;
  /** The household billed: its parents, "Prénom Nom" (none once erased under the GDPR). */
  readonly payers?: readonly string[];
}

/**
 * The invoice or credit note as a PDF in French (pdfkit, standard Helvetica: WinAnsi covers French accents and €).
 * Not compressed: a few kilobytes, and an auditor's tools read the text as it is.
 */
export function renderInvoicePdf(input: InvoicePdfInput): Promise<Buffer> {
  const { invoice: inv, lines } = input;
  const credit = inv.kind === 'CREDIT_NOTE';
  const title = `${credit ? 'Avoir' : 'Facture'} n° ${documentNumber(inv.number)}`;
  const doc = withWinAnsiText(
    new PDFDocument({
      size: 'A4',
      margin: 50,
      compress: false,
      info: { Title: title, Subject: `${input.crecheName}, ${monthNameFr(inv.month)}`, Author: 'Berceau' },
      lang: 'fr-FR',
    }),
  );
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

  doc.font('Helvetica-Bold').fontSize(18).text(title);
  doc.moveDown(0.3).font('Helvetica').fontSize(11).text(input.crecheName);
  doc.text(`${credit ? 'Mois de la facture' : 'Mois facturé'} : ${monthNameFr(inv.month)}`);
  // The day in France: an invoice issued at 00:30 on 1 April is not dated 31 March (a legal mention of the invoice).
  doc.text(`Émise le ${frDate(civilDateOf(inv.issuedAt))}`);
  const due = dueDateOf(inv.issuedAt, inv.paymentDueDays);
  if (due) doc.text(inv.paymentDueDays === 0 ? 'Payable à réception' : `À régler au plus tard le ${frDate(due)}`);
  if (credit && input.creditedNumber !== undefined)
    doc.text(`Avoir sur la facture n° ${documentNumber(input.creditedNumber)}. Motif : ${inv.reason ?? ''}`);
  const names = [...new Set(lines.map((l) => l.childId).filter((id): id is string => !!id))]
    .map((id) => input.childNames.get(id))
    .filter(Boolean);
  // Whom it bills: the household's parents, then its children (two families may have a child of the same name).
  if (input.payers?.length) doc.text(`Foyer facturé : ${input.payers.join(' et ')}`);
  if (names.length) doc.text(`Enfant${names.length > 1 ? 's' : ''} : ${names.join(', ')}`);
  doc.moveDown();

  const x = { label: 50, hours: 330, rate: 400, amount: 470 };
  doc.font('Helvetica-Bold').fontSize(10);
  const headerY = doc.y;
  doc.text('Libellé', x.label, headerY, { width: 270 });
  doc.text('Heures', x.hours, headerY, { width: 60, align: 'right' });
  doc.text('Taux', x.rate, headerY, { width: 60, align: 'right' });
  doc.text('Montant', x.amount, headerY, { width: 75, align: 'right' });
  doc.font('Helvetica');
  for (const l of lines) {
    doc.moveDown(0.4);
    const y = doc.y;
    const who = names.length > 1 && l.childId ? `${input.childNames.get(l.childId) ?? ''} : ` : '';
    doc.text(`${who}${l.label}`, x.label, y, { width: 270 });
    const bottom = doc.y;
    // A credit note in euros takes no hours off; one in hours shows them (negative, R8.16).
    if (l.kind !== 'CREDIT' || Number(l.hours) !== 0)
      doc.text(lineHoursFr(l.hours), x.hours, y, { width: 60, align: 'right' });
    if (l.hourlyRate) doc.text(`${euros(l.hourlyRate)}/h`, x.rate, y, { width: 60, align: 'right' });
    doc.text(euros(l.amount), x.amount, y, { width: 75, align: 'right' });
    doc.y = Math.max(bottom, doc.y);
  }
  doc.moveDown();
  doc
    .font('Helvetica-Bold')
    .fontSize(12)
    .text(`Total : ${euros(inv.total)}`, x.label, doc.y, { align: 'right', width: 495 });
  doc.font('Helvetica').fontSize(10).moveDown();
  if (!credit) {
    doc.text(
      `Heures facturées : ${hoursFr(inv.billedHours)} (contrat ${hoursFr(inv.contractHours)} - déduites ${hoursFr(inv.deductedHours)} + complémentaires ${hoursFr(inv.extraHours)} + occasionnelles ${hoursFr(inv.occasionalHours)})`,
      x.label,
    );
    doc.text(`Heures de présence : ${minutesFr(inv.attendedMinutes)}`);
    if (inv.scaleVersions.length)
      doc.text(
        `Barème national des participations familiales (Cnaf, PSU) en vigueur au ${inv.scaleVersions
          .map((s) => s.effectiveFrom.split('-').reverse().join('/'))
          .join(', ')}.`,
      );
  } else if (Number(inv.billedHours) !== 0) {
    // A credit note in hours corrects the hours billed the Caf counts, not only the euros (R8.16).
    doc.text(`Heures retirées des heures facturées : ${hoursFr(inv.billedHours.replace(/^-/, ''))}`, x.label);
  }
  if (inv.paymentTerms)
    doc.moveDown(0.5).text(`Modalités de paiement : ${inv.paymentTerms}`, x.label, doc.y, { width: 495 });
  doc.moveDown().fontSize(8).fillColor('#555555');
  doc.text(
    'Participation familiale calculée selon le barème national de la Cnaf (prestation de service unique) et le règlement de fonctionnement de la crèche. ' +
      'Chaque ligne est arrondie au centime une fois. Les repas et les couches sont compris.',
  );
  doc.end();
  return done;
}

/** "16/04/2027" for "2027-04-16". */
function frDate(iso: string): string {
  return iso.split('-').reverse().join('/');
}
