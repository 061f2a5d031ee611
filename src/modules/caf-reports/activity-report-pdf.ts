import PDFDocument from 'pdfkit';
import { withWinAnsiText } from '../../common/pdf/win-ansi';
import {
  ActivityReport,
  AGE_BAND_LABELS_FR,
  AGE_BANDS,
  BILLING_RATE_ALERT_PERCENT,
  CARE_KIND_LABELS_FR,
  CARE_KINDS,
  PeriodReport,
} from './domain/activity-report';
import { euros, monthNameFr } from '../billing/domain/documents';
import { keptFromNoteFr } from './domain/kept-from';

const hours = (h: string) => `${h.replace('.', ',')} h`;
const percent = (p: number | null) => (p === null ? '-' : `${p.toFixed(2).replace('.', ',')} %`);
/** A month not invoiced yet (under way, or not issued with something to bill): a rate to come reads so, not 0. */
const toBeInvoiced = (p: PeriodReport) => p.period.length === 7 && !p.invoiced;
const rateOrToCome = (p: PeriodReport, rate: number | null) =>
  rate === null && toBeInvoiced(p) ? 'pas encore facturé' : percent(rate);

/**
 * The Caf activity report as a printable PDF in French (pdfkit, standard Helvetica, uncompressed like the invoices):
 * the year's figures, the months' table, then the year by kind and by age band.
 */
export function renderActivityReportPdf(input: { crecheName: string; report: ActivityReport }): Promise<Buffer> {
  const { report } = input;
  const title = `Rapport d'activité Caf ${report.year}`;
  const doc = withWinAnsiText(
    new PDFDocument({
      size: 'A4',
      layout: 'landscape',
      margin: 40,
      compress: false,
      info: { Title: title, Subject: input.crecheName, Author: 'Berceau' },
      lang: 'fr-FR',
    }),
  );
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

  doc.font('Helvetica-Bold').fontSize(18).text(title);
  doc.moveDown(0.3).font('Helvetica').fontSize(11).text(input.crecheName);
  const t = report.total;
  doc.moveDown(0.5);
  doc.text(
    `Heures réalisées : ${hours(t.hoursAttended)} ; heures facturées : ${hours(t.hoursBilled)}` +
      (Number(t.hoursCredited) !== 0 ? ` (après ${hours(t.hoursCredited.replace(/^-/, ''))} retirées par avoir)` : ''),
  );
  doc.text(`Participations familiales facturées : ${euros(t.feesBilled)} (avoirs : ${euros(t.feesCredited)})`);
  doc.text(`Capacité théorique : ${hours(t.capacityHours)}`);
  const kept = keptFromNoteFr(report.keptFrom, report.year);
  if (kept) doc.text(kept);
  doc.text(
    `Taux de facturation : ${percent(t.billingRatePercent)} ; taux d'occupation financier : ${percent(
      t.financialOccupancyPercent,
    )} ; taux d'occupation réel : ${percent(t.realOccupancyPercent)}`,
  );
  if (!t.invoiced)
    doc.text(
      "Taux de facturation calculé sur les mois dont les factures sont émises, taux d'occupation financier sur les mois clos (émis, ou sans rien à facturer) : un mois pas encore facturé a ses heures réalisées, pas encore ses heures facturées.",
    );
  const unbilled = report.months.filter((p) => p.hoursAttendedUnbilled !== null && p.hoursAttendedUnbilled !== '0.00');
  if (unbilled.length)
    doc.text(
      `Heures réalisées par des enfants sans ligne de facture le mois de leur accueil (une réservation faite après l'émission, ou un foyer dont la facture attend un contrat sans heures réservées ou sans participation) : ${unbilled
        .map((p) => `${monthNameFr(p.period)}, ${hours(p.hoursAttendedUnbilled!)}`)
        .join(' ; ')}.`,
    );
  if (t.billingRateAlert)
    doc
      .font('Helvetica-Bold')
      .text(`Alerte : le taux de facturation de l'année dépasse ${BILLING_RATE_ALERT_PERCENT} %.`)
      .font('Helvetica');

  const columns = [
    {
      title: 'Mois',
      width: 110,
      value: (p: PeriodReport) => (p.period.length === 7 ? monthNameFr(p.period) : 'Année'),
    },
    { title: 'Heures réalisées', width: 80, value: (p: PeriodReport) => hours(p.hoursAttended) },
    { title: 'Heures facturées', width: 80, value: (p: PeriodReport) => hours(p.hoursBilled) },
    { title: 'Participations', width: 85, value: (p: PeriodReport) => euros(p.feesNet) },
    { title: 'Capacité', width: 80, value: (p: PeriodReport) => hours(p.capacityHours) },
    {
      title: 'Taux de facturation',
      width: 95,
      value: (p: PeriodReport) => `${rateOrToCome(p, p.billingRatePercent)}${p.billingRateAlert ? ' (alerte)' : ''}`,
    },
    {
      title: 'Occupation financière',
      width: 90,
      value: (p: PeriodReport) => rateOrToCome(p, p.financialOccupancyPercent),
    },
    { title: 'Occupation réelle', width: 90, value: (p: PeriodReport) => percent(p.realOccupancyPercent) },
  ];
  const row = (cells: string[], bold = false) => {
    const y = doc.y;
    let x = 40;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
    cells.forEach((cell, i) => {
      doc.text(cell, x, y, { width: columns[i].width - 5 });
      x += columns[i].width;
    });
    doc.x = 40;
    doc.moveDown(0.4);
  };
  doc.moveDown();
  row(
    columns.map((c) => c.title),
    true,
  );
  for (const p of report.months) row(columns.map((c) => c.value(p)));
  row(
    columns.map((c) => c.value(t)),
    true,
  );

  doc.addPage();
  doc.font('Helvetica-Bold').fontSize(13).text(`Année ${report.year} par type d'accueil et par âge`);
  doc.font('Helvetica').fontSize(10).moveDown(0.5);
  for (const k of CARE_KINDS)
    doc.text(
      `${CARE_KIND_LABELS_FR[k]} : ${hours(t.byKind[k].hoursAttended)} réalisées, ${hours(
        t.byKind[k].hoursBilled,
      )} facturées, ${euros(t.byKind[k].feesBilled)}`,
    );
  doc.moveDown(0.5);
  for (const b of AGE_BANDS)
    doc.text(
      `${AGE_BAND_LABELS_FR[b]} : ${hours(t.byAgeBand[b].hoursAttended)} réalisées, ${hours(
        t.byAgeBand[b].hoursBilled,
      )} facturées, ${euros(t.byAgeBand[b].feesBilled)}`,
    );
  doc.moveDown();
  doc
    .fontSize(8)
    .text(
      "Taux de facturation = heures facturées ÷ heures réalisées, des mois dont les factures sont émises ; capacité théorique = somme, sur les heures d'ouverture, " +
        "des places ouvertes à chaque heure (agrément modulé ; fermetures et jours fériés exclus) ; taux d'occupation " +
        "financier = heures facturées ÷ capacité ; réel = heures réalisées ÷ capacité, sur les jours écoulés (ceux d'avant le jour du rapport).",
    );
  doc.end();
  return done;
}
