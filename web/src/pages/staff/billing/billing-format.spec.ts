import {
  amountProblemFr,
  creditableLines,
  creditCents,
  hoursFitIn,
  parseHours,
  attendedHoursFr,
  balanceFr,
  overdueFr,
  cents,
  eurosFr,
  fromCents,
  householdFr,
  hoursFr,
  lineHoursFr,
  leftToCredit,
  minutesFr,
  monthFr,
  parseEuros,
  percentFr,
  previousMonth,
  recentMonths,
  statusFr,
  type BillingDocument,
} from './billing-format';

const NB = '\u00a0';
const invoice: BillingDocument = {
  id: 'i1',
  kind: 'INVOICE',
  reference: '000001',
  total: '151.50',
  creditedInvoiceId: null,
};
const note = (id: string, total: string): BillingDocument => ({
  id,
  kind: 'CREDIT_NOTE',
  reference: `00000${id.slice(1)}`,
  total,
  creditedInvoiceId: 'i1',
});

describe('billing-format', () => {
  it.each([
    ['2027-03', 'mars 2027'],
    ['2026-12', 'décembre 2026'],
    ['2027-01', 'janvier 2027'],
  ])('monthFr(%s) = %s', (month, text) => expect(monthFr(month)).toBe(text));

  it.each([
    ['2027-01-15', '2026-12'],
    ['2026-12-01', '2026-11'],
    ['2027-10-31', '2027-09'],
  ])('previousMonth(%s) = %s', (today, month) => expect(previousMonth(today)).toBe(month));

  it('lists the recent months newest first, across a new year', () => {
    expect(recentMonths('2027-02-03', 4)).toEqual(['2027-02', '2027-01', '2026-12', '2026-11']);
  });

  it.each([
    ['151.5', `151,50${NB}€`],
    ['-15.00', `-15,00${NB}€`],
    ['1234.56', `1${NB}234,56${NB}€`],
  ])('eurosFr(%s) = %s', (amount, text) => expect(eurosFr(amount)).toBe(text));

  it.each([
    ['101.00', `101${NB}h`],
    ['12.5000', `12,5${NB}h`],
    ['-10.0000', `-10${NB}h`],
  ])('hoursFr(%s) = %s', (hours, text) => expect(hoursFr(hours)).toBe(text));

  it.each([
    ['123.3750', `123,375${NB}h`],
    ['150.6667', `150,6667${NB}h`],
    ['-10.0000', `-10${NB}h`],
  ])('lineHoursFr(%s) = %s: hours × rate gives the amount', (hours, text) => expect(lineHoursFr(hours)).toBe(text));

  it.each([
    [7840, `130${NB}h${NB}40`],
    [480, `8${NB}h`],
    [0, `0${NB}h`],
    [65, `1${NB}h${NB}05`],
  ])('minutesFr(%d) = %s', (minutes, text) => expect(minutesFr(minutes)).toBe(text));

  it.each([
    // To the hundredth, as the report computes it (docs/rules.md R9.2): 107,04 % is above the alert, 107,0 % would not say so.
    [116.77, `116,77${NB}%`],
    [301.45, `301,45${NB}%`],
    [100, `100${NB}%`],
    [null, '—'],
  ])('percentFr(%s) = %s', (value, text) => expect(percentFr(value)).toBe(text));

  it.each([
    ['151.50', 15150],
    ['-15.00', -1500],
    ['0.5', 50],
    ['7', 700],
    ['-0.05', -5],
  ])('cents(%s) = %d and back', (amount, value) => {
    expect(cents(amount)).toBe(value);
    expect(cents(fromCents(value))).toBe(value);
  });

  it('leaves what the credit notes of the invoice have not corrected, to the cent', () => {
    const other = { ...note('n9', '-100.00'), creditedInvoiceId: 'other' };
    expect(leftToCredit(invoice, [invoice, note('n2', '-15.00'), note('n3', '-0.10'), other])).toBe('136.40');
  });

  it('names an invoice issued, partly credited, cancelled; a credit note by the invoice it corrects', () => {
    expect(statusFr(invoice, [invoice])).toBe('Émise');
    expect(statusFr(invoice, [invoice, note('n2', '-15.00')])).toBe(`Avoir partiel de 15,00${NB}€`);
    expect(statusFr(invoice, [invoice, note('n2', '-15.00'), note('n3', '-136.50')])).toBe('Annulée par avoir');
    expect(statusFr(note('n2', '-15.00'), [invoice, note('n2', '-15.00')])).toBe(`Avoir sur la facture n°${NB}000001`);
    expect(statusFr(note('n2', '-15.00'), [note('n2', '-15.00')])).toBe('Avoir');
  });

  it.each([
    ['36.50', `36,50${NB}€ dû`],
    ['0.00', 'Soldé'],
    ['-12.30', `Trop-perçu de 12,30${NB}€`],
  ])('balanceFr(%s) = %s', (balance, text) => expect(balanceFr(balance)).toBe(text));

  it('says what is late and since when, nothing when nothing is', () => {
    expect(overdueFr({ overdue: '20.00', overdueSince: '2027-02-16' })).toBe(
      `, dont 20,00${NB}€ en retard depuis le 16 février 2027`,
    );
    expect(overdueFr({ overdue: '0.00', overdueSince: null })).toBe('');
  });

  it.each([
    ['15', '15.00'],
    ['15,5', '15.50'],
    [' 1 234,56 € ', '1234.56'],
    ['15.50', '15.50'],
    ['007,10', '7.10'],
    ['15,555', null],
    ['-3', null],
    ['abc', null],
    ['', null],
    ['1,2,3', null],
  ])('parseEuros(%j) = %j', (input, value) => expect(parseEuros(input)).toBe(value));

  it('gives the hours attended in decimal hours, as the hours billed beside them', () => {
    expect(attendedHoursFr(8055)).toBe(`134,25${NB}h`);
    expect(attendedHoursFr(0)).toBe(`0${NB}h`);
    expect(attendedHoursFr(100)).toBe(`1,67${NB}h`);
  });

  it('says why an amount is refused: a third decimal as such, not as zero', () => {
    expect(amountProblemFr('12,35', '15,00')).toBeNull();
    expect(amountProblemFr('12,345', '15,00')).toBe(
      'Indiquez le montant au centime près : deux chiffres après la virgule au plus, par exemple 15,00.',
    );
    expect(amountProblemFr('0,00', '15,00')).toBe('Indiquez un montant en euros supérieur à zéro, par exemple 15,00.');
    expect(amountProblemFr('douze', '151,50')).toBe(
      'Indiquez un montant en euros supérieur à zéro, par exemple 151,50.',
    );
  });

  it('names a household by its parents, else its children', () => {
    expect(householdFr({ parents: ['Camille Martin', 'Alex Martin'], children: ['Lou'] })).toBe(
      'Camille Martin et Alex Martin',
    );
    expect(householdFr({ parents: [], children: ['Lou', 'Noé'] })).toBe('Foyer de Lou, Noé');
    expect(householdFr({ parents: [], children: [] })).toBe('Foyer effacé');
    expect(householdFr(undefined)).toBe('Foyer');
  });
});

describe('credit notes in hours (R8.16)', () => {
  it('reads hours as managers type them', () => {
    expect(['14', '14,5', '14,25 h', ' 3 ', '0,75'].map(parseHours)).toEqual([
      '14.00',
      '14.50',
      '14.25',
      '3.00',
      '0.75',
    ]);
    expect(['', 'quatorze', '14,255', '-2', '12345', '1h30', '2 h 15'].map(parseHours)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
  });

  it('offers the lines that bill a child hours at a rate, with what earlier credit notes left on each', () => {
    const line = (position: number, kind: string, hours: string, hoursCredited: string | null, rate = '1.50') => ({
      position,
      kind,
      childId: 'lou',
      label: `ligne ${position}`,
      hours,
      hourlyRate: rate,
      hoursCredited,
    });
    const offered = creditableLines([
      line(1, 'INSTALMENT', '123.3750', '14.0000'),
      line(2, 'DEDUCTION', '-7.0000', '0'),
      line(3, 'OCCASIONAL', '3.0000', '3.0000'),
      line(4, 'EXTRA_HOURS', '0.5000', '0'),
      // Less than a hundredth of an hour left: nothing a manager can ask for.
      line(5, 'INSTALMENT', '112.8333', '112.8300'),
    ]);
    expect(offered.map((l) => [l.position, l.left])).toEqual([
      [1, '109.3750'],
      [4, '0.5000'],
    ]);
    expect(hoursFitIn('109.37', '109.3750')).toBe(true);
    expect(hoursFitIn('109.38', '109.3750')).toBe(false);
  });

  it('prices hours at the line rate, rounded half-up to the cent once, as the API does', () => {
    expect(creditCents('14.00', '1.50')).toBe(2100);
    expect(creditCents('1.25', '0.73')).toBe(91);
    expect(creditCents('0.50', '0.73')).toBe(37);
    expect(creditCents('0.10', '0.05')).toBe(1);
    // What a line lost in all is priced once: a tenth 0.01 h at 1.50 € after nine comes to 0.15 − 0.14 = 0.01 €.
    expect(creditCents('0.01', '1.50', '0.09')).toBe(1);
    expect(creditCents('0.01', '1.50', '0.08')).toBe(2);
    expect(creditCents('0.01', '1.50', '0.0000')).toBe(2);
  });
});
