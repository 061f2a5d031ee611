import { renderInvoicePdf } from './invoice-pdf';
import type { InvoiceRow } from './billing.repository';

/** The text a pdfkit PDF (uncompressed, WinAnsi) shows, one string per text operator. */
function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const parts: string[] = [];
  for (const m of raw.matchAll(/\[((?:<[0-9a-f]*>|\s|-?\d+(?:\.\d+)?)*)\]\s*TJ|<([0-9a-f]*)>\s*Tj/g)) {
    const hex = m[1] ? [...m[1].matchAll(/<([0-9a-f]*)>/g)].map((h) => h[1]).join('') : m[2];
    parts.push(Buffer.from(hex, 'hex').toString('latin1'));
  }
  return parts.join('\n');
}

const invoice = (issuedAt: string): InvoiceRow => ({
  id: 'i1',
  crecheId: 'c1',
  familyId: 'f1',
  kind: 'INVOICE',
  number: 12,
  month: '2027-03',
  creditedInvoiceId: null,
  reason: null,
  total: '180.00',
  contractHours: '120',
  deductedHours: '0',
  extraHours: '0',
  occasionalHours: '0',
  billedHours: '120',
  attendedMinutes: 7200,
  scaleVersions: [],
  issuedAt: new Date(issuedAt),
  paymentDueDays: null,
  paymentTerms: null,
});

describe('renderInvoicePdf', () => {
  it.each([
    // 00:30 in Paris on 1 April (summer time), 00:30 on 1 March (winter time), and midday.
    ['2027-03-31T22:30:00Z', '01/04/2027'],
    ['2027-02-28T23:30:00Z', '01/03/2027'],
    ['2027-04-01T10:00:00Z', '01/04/2027'],
  ])('dates an invoice issued at %s by its day in France (%s)', async (issuedAt, day) => {
    const text = pdfText(
      await renderInvoicePdf({
        invoice: invoice(issuedAt),
        lines: [],
        crecheName: 'Les Tilleuls',
        childNames: new Map(),
      }),
    );
    expect(text).toContain(`Émise le ${day}`);
  });
});

describe('an invoice says when and how to pay', () => {
  const render = (over: Partial<InvoiceRow>) =>
    renderInvoicePdf({
      invoice: { ...invoice('2027-03-31T22:30:00Z'), ...over },
      lines: [],
      crecheName: 'Les Tilleuls',
      childNames: new Map(),
    }).then(pdfText);

  it('dates the payment from the day of issue in France, with the terms the invoice kept', async () => {
    // Issued at 00:30 in Paris on 1 April: fifteen days from 1 April, not from 31 March.
    const text = await render({ paymentDueDays: 15, paymentTerms: 'Virement, CESU acceptés' });
    expect(text).toContain('À régler au plus tard le 16/04/2027');
    expect(text).toContain('Modalités de paiement : Virement, CESU acceptés');
  });

  it('prints names and terms beyond French in letters the PDF font has (not as garbage)', async () => {
    const text = pdfText(
      await renderInvoicePdf({
        invoice: { ...invoice('2027-04-01T10:00:00Z'), paymentDueDays: 15, paymentTerms: 'Virement\u202f; CESU' },
        lines: [],
        crecheName: 'Les Tilleuls',
        childNames: new Map(),
        payers: ['Ayşe Yılmaz', 'Ștefan Țurcanu'],
      }),
    );
    expect(text).toContain('Foyer facturé : Ayse Yilmaz et Stefan Turcanu');
    expect(text).toContain('Modalités de paiement : Virement\u00a0; CESU');
  });

  it('says "on receipt" for no delay, and nothing of a date the crèche never set', async () => {
    expect(await render({ paymentDueDays: 0 })).toContain('Payable à réception');
    const none = await render({});
    expect(none).not.toContain('régler');
    expect(none).not.toContain('Modalités');
    expect(none).not.toContain('réception');
  });
});

describe('an invoice names whom it bills', () => {
  it('gives the household billed and its child, and each line’s hours as stored (hours × rate = amount)', async () => {
    const text = pdfText(
      await renderInvoicePdf({
        invoice: invoice('2027-04-01T10:00:00Z'),
        lines: [
          {
            kind: 'INSTALMENT',
            childId: 'k1',
            contractId: 'ct1',
            bookingId: null,
            reason: null,
            label: 'Mensualité de mars 2027',
            hours: '123.3750',
            hourlyRate: '1.28',
            amount: '157.92',
            position: 1,
            fromDate: null,
            toDate: null,
            creditedPosition: null,
          },
        ],
        crecheName: 'Les Tilleuls',
        childNames: new Map([['k1', 'Malo']]),
        payers: ['Kevin Mercier', 'Inès Mercier'],
      }),
    );
    expect(text).toContain('Foyer facturé : Kevin Mercier et Inès Mercier');
    expect(text).toContain('Enfant : Malo');
    expect(text).toContain('123,375 h');
  });
});
