import PDFDocument from 'pdfkit';
import { withWinAnsiText } from '../../common/pdf/win-ansi';
import type { CertifiedChild } from './domain/tax-certificate';
import { euros } from './domain/documents';
import { ofPlaceFr } from '../../common/text/french-places';

const frDate = (iso: string) => iso.split('-').reverse().join('/');

/** The yearly certificate of childcare costs paid, in French (pdfkit, uncompressed like the invoices). */
export function renderCertificatePdf(input: {
  year: number;
  crecheName: string;
  children: readonly CertifiedChild[];
  total: string;
  issuedOn: string;
  /**
   * Payments of the year cancelled after it was over: a certificate made before counted them, so this one says it
   * corrects it (the family then corrects its tax return).
   */
  cancelledSince?: readonly { amount: string; paidOn: string; cancelledOn: string }[];
  /** Payments of the year recorded after it was over: a certificate made before left them out, so this one corrects it. */
  recordedSince?: readonly { amount: string; paidOn: string; recordedOn: string }[];
}): Promise<Buffer> {
  const title = `Attestation de frais de garde ${input.year}`;
  const doc = withWinAnsiText(
    new PDFDocument({ size: 'A4', margin: 50, compress: false, info: { Title: title, Author: 'Berceau' } }),
  );
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.font('Helvetica-Bold').fontSize(18).text(title);
  doc.moveDown().font('Helvetica').fontSize(11);
  doc.text(
    `${input.crecheName} atteste que le foyer a payé, du 1er janvier au 31 décembre ${input.year}, pour la garde des enfants ci-dessous (âgés de moins de 6 ans au 1er janvier ${input.year}), les sommes suivantes :`,
  );
  doc.moveDown();
  for (const c of input.children) doc.text(`${c.firstName}, né(e) le ${frDate(c.birthDate)} : ${euros(c.amount)}`);
  if (!input.children.length) doc.text('Aucun enfant de moins de 6 ans accueilli cette année.');
  doc
    .moveDown()
    .font('Helvetica-Bold')
    .text(`Total : ${euros(input.total)}`);
  const cancelled = input.cancelledSince ?? [];
  const recorded = input.recordedSince ?? [];
  if (cancelled.length || recorded.length) {
    const last = [...cancelled.map((p) => p.cancelledOn), ...recorded.map((p) => p.recordedOn)].sort().at(-1)!;
    doc
      .moveDown()
      .font('Helvetica-Bold')
      .text(
        `Attestation rectificative : elle remplace toute attestation ${input.year} ${ofPlaceFr(input.crecheName)} établie jusqu'au ${frDate(last)} inclus.`,
      );
    doc.font('Helvetica');
    for (const p of recorded)
      doc.text(
        `Le paiement du ${frDate(p.paidOn)} (${euros(p.amount)}) a été enregistré le ${frDate(p.recordedOn)} : il est compté.`,
      );
    for (const p of cancelled)
      doc.text(
        `Le paiement du ${frDate(p.paidOn)} (${euros(p.amount)}) a été annulé le ${frDate(p.cancelledOn)} : il n'est plus compté.`,
      );
  }
  doc.moveDown().font('Helvetica').fontSize(9);
  doc.text(
    "Sommes versées à la crèche (participations familiales, repas et couches compris), hors aides perçues directement par la crèche. Document à conserver pour la déclaration de revenus : crédit d'impôt pour frais de garde des jeunes enfants (article 200 quater B du code général des impôts).",
  );
  doc.moveDown().text(`Établie le ${frDate(input.issuedOn)}.`);
  doc.end();
  return done;
}
