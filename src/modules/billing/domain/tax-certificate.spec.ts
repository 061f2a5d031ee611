import fc from 'fast-check';
import { Dec } from '../../fees/domain/decimal';
import { BilledInvoice, certifyYear, paidForChildren } from './tax-certificate';

describe(certifyYear.name, () => {
  it('certifies what a household with one child paid in the year', () => {
    const r = certifyYear({
      year: 2027,
      paid: '1817.50',
      children: [{ childId: 'a', firstName: 'Lou', birthDate: '2026-02-10', billed: '1900.00' }],
    });
    expect(r).toEqual({
      children: [{ childId: 'a', firstName: 'Lou', birthDate: '2026-02-10', amount: '1817.50' }],
      total: '1817.50',
    });
  });

  it.each([
    // Income of 2027: children born in 2021 or later (under 6 on 1 January 2027, as the tax administration counts).
    ['2021-01-01', true],
    ['2021-01-02', true],
    ['2020-12-31', false],
  ])('a child born %s counts for 2027: %s', (birthDate, counts) => {
    const r = certifyYear({
      year: 2027,
      paid: '100.00',
      children: [{ childId: 'a', firstName: 'A', birthDate, billed: '100.00' }],
    });
    expect(r.children.length === 1).toBe(counts);
  });

  it('shares the payments by what was billed for each child, leaving an older child out', () => {
    const r = certifyYear({
      year: 2027,
      paid: '300.00',
      children: [
        { childId: 'a', firstName: 'A', birthDate: '2025-01-01', billed: '200.00' },
        { childId: 'b', firstName: 'B', birthDate: '2020-06-01', billed: '100.00' },
      ],
    });
    expect(r.children.map((c) => [c.childId, c.amount])).toEqual([['a', '200.00']]);
    expect(r.total).toBe('200.00');
  });

  it('never certifies more than was paid', () => {
    const cents = fc.integer({ min: 0, max: 10_000_000 }).map((c) => new Dec(c).div(100).toFixed(2));
    fc.assert(
      fc.property(cents, fc.array(cents, { minLength: 1, maxLength: 4 }), (paid, billed) => {
        const r = certifyYear({
          year: 2027,
          paid,
          children: billed.map((b, i) => ({ childId: `${i}`, firstName: 'X', birthDate: '2025-01-01', billed: b })),
        });
        // Each share rounded once: at most half a cent per child above the payments.
        expect(new Dec(r.total).minus(paid).lte(new Dec(billed.length).times('0.005'))).toBe(true);
      }),
    );
  });
});

describe(paidForChildren.name, () => {
  const invoice = (month: string, children: Record<string, string>, credited = '0'): BilledInvoice => ({
    month,
    total: Object.values(children)
      .reduce((s, a) => s.plus(a), new Dec(0))
      .toFixed(2),
    credited,
    children: Object.entries(children).map(([childId, amount]) => ({ childId, amount })),
  });
  const fixed = (m: Map<string, Dec>) => Object.fromEntries([...m].map(([k, v]) => [k, v.toFixed(2)]));

  it('counts a December invoice paid in January for its child, not for a brother billed alone in the new year', () => {
    // Lou leaves on 31 December 2029; Noé starts in January 2030. November was paid in 2029.
    const invoices = [
      invoice('2029-11', { lou: '262.50' }),
      invoice('2029-12', { lou: '262.50' }),
      invoice('2030-01', { noe: '300.00' }),
    ];
    expect(fixed(paidForChildren({ year: 2030, invoices, paidBefore: '262.50', paidInYear: '562.50' }))).toEqual({
      lou: '262.50',
      noe: '300.00',
    });
    // Half of December paid in 2029: the year's first 131.25 € finish it.
    expect(fixed(paidForChildren({ year: 2030, invoices, paidBefore: '393.75', paidInYear: '200.00' }))).toEqual({
      lou: '131.25',
      noe: '68.75',
    });
  });

  it('shares an invoice of two children by what it billed each, after its credit note', () => {
    const invoices = [invoice('2030-03', { a: '300.00', b: '100.00' }, '-200.00'), invoice('2030-04', { b: '50.00' })];
    expect(fixed(paidForChildren({ year: 2030, invoices, paidBefore: '0', paidInYear: '250.00' }))).toEqual({
      a: '150.00',
      b: '100.00',
    });
  });

  it("shares an advance by the year's billing, and leaves the next year's invoices out", () => {
    const invoices = [
      invoice('2030-11', { a: '100.00' }),
      invoice('2030-12', { b: '300.00' }),
      invoice('2031-01', { c: '1000.00' }),
    ];
    expect(fixed(paidForChildren({ year: 2030, invoices, paidBefore: '0', paidInYear: '800.00' }))).toEqual({
      a: '200.00',
      b: '600.00',
    });
  });

  it('certifies an advance for no one in a year that billed no one, whatever was billed before', () => {
    // Lou billed and paid in 2028; 200 € paid in December 2030 ahead of Noé's contract from January 2031.
    const invoices = [invoice('2028-06', { lou: '300.00' }), invoice('2031-01', { noe: '250.00' })];
    expect(fixed(paidForChildren({ year: 2030, invoices, paidBefore: '300.00', paidInYear: '200.00' }))).toEqual({});
  });

  it('certifies for no other child what settled an invoice naming none', () => {
    const invoices = [
      { month: '2030-01', total: '100.00', credited: '0', children: [{ childId: 'a', amount: '-20.00' }] },
      invoice('2030-02', { b: '100.00' }),
    ];
    expect(fixed(paidForChildren({ year: 2030, invoices, paidBefore: '0', paidInYear: '200.00' }))).toEqual({
      b: '100.00',
    });
  });

  it("counts an invoice below zero as paid for the oldest invoice still due, before the year's payments", () => {
    // November: 100 €, 50 € of it paid in 2029; December's regularisation gives 50 € back: nothing is owed in 2030,
    // which billed no one. The 50 € paid in March 2030 is an advance.
    const invoices = [invoice('2029-11', { lou: '100.00' }), invoice('2029-12', { lou: '-50.00' })];
    expect(fixed(paidForChildren({ year: 2030, invoices, paidBefore: '50.00', paidInYear: '50.00' }))).toEqual({});
  });

  it('carries an invoice below zero to the next ones, as a payment would', () => {
    const invoices = [invoice('2030-01', { a: '-40.00' }), invoice('2030-02', { a: '100.00' })];
    expect(fixed(paidForChildren({ year: 2030, invoices, paidBefore: '0', paidInYear: '60.00' }))).toEqual({
      a: '60.00',
    });
  });

  const cents = (max: number) => fc.integer({ min: 0, max }).map((c) => new Dec(c).div(100).toFixed(2));
  // Mostly what a month bills; now and then a regularisation below zero.
  const signedCents = fc.integer({ min: -10_000, max: 50_000 }).map((c) => new Dec(c).div(100).toFixed(2));
  const invoices = fc.uniqueArray(
    fc.record({
      month: fc.constantFrom('2029-11', '2029-12', '2030-01', '2030-06', '2030-12', '2031-01'),
      children: fc.array(fc.record({ childId: fc.constantFrom('a', 'b', 'c'), amount: signedCents }), {
        minLength: 1,
        maxLength: 3,
      }),
      credit: cents(10_000),
    }),
    // One invoice a household and month at a crèche.
    { maxLength: 6, selector: (i) => i.month },
  );
  const billed = (raw: { month: string; children: { childId: string; amount: string }[]; credit: string }[]) =>
    raw.map((r) => ({
      month: r.month,
      total: r.children.reduce((s, c) => s.plus(c.amount), new Dec(0)).toFixed(2),
      credited: Dec.min(
        r.credit,
        Dec.max(
          0,
          r.children.reduce((s, c) => s.plus(c.amount), new Dec(0)),
        ),
      )
        .negated()
        .toFixed(2),
      children: r.children,
    }));

  it("hands out at most the year's payments, all of them when every invoice names a child and the year billed one, whatever the invoices' order", () => {
    fc.assert(
      fc.property(invoices, cents(200_000), cents(200_000), (raw, paidBefore, paidInYear) => {
        const list = billed(raw);
        const shares = paidForChildren({ year: 2030, invoices: list, paidBefore, paidInYear });
        const total = [...shares.values()].reduce((s, v) => s.plus(v), new Dec(0));
        expect(total.lte(new Dec(paidInYear).plus('0.000001'))).toBe(true);
        for (const share of shares.values()) expect(share.gte(0)).toBe(true);
        const upToYear = list.filter((i) => i.month < '2031-01');
        const namesChild = (i: BilledInvoice) => i.children.some((c) => new Dec(c.amount).gt(0));
        const due = (i: BilledInvoice) => new Dec(i.total).plus(i.credited);
        if (
          upToYear.every((i) => due(i).lte(0) || namesChild(i)) &&
          upToYear.some((i) => i.month >= '2030-01' && namesChild(i))
        )
          expect(total.minus(paidInYear).abs().lt('0.000001')).toBe(true);
        const reversed = paidForChildren({ year: 2030, invoices: [...list].reverse(), paidBefore, paidInYear });
        expect(fixed(reversed)).toEqual(fixed(shares));
      }),
    );
  });

  it('gives a child no more than its invoices billed it while they are not all paid', () => {
    // The payments (and invoices below zero) cover at most what the invoices ask: parts of it, drawn as percents.
    const percent = fc.integer({ min: 0, max: 100 });
    fc.assert(
      fc.property(invoices, percent, percent, (raw, x, y) => {
        const list = billed(raw).filter((i) => i.month < '2031-01');
        const dues = list.map((i) => new Dec(i.total).plus(i.credited));
        const asked = dues.reduce((s, d) => s.plus(Dec.max(0, d)), new Dec(0));
        const credits = dues.reduce((s, d) => s.plus(Dec.max(0, d.negated())), new Dec(0));
        const room = Dec.max(0, asked.minus(credits));
        const paidBefore = room.times(x).div(100).toDecimalPlaces(2, Dec.ROUND_DOWN);
        const paidInYear = room.minus(paidBefore).times(y).div(100).toDecimalPlaces(2, Dec.ROUND_DOWN);
        const shares = paidForChildren({
          year: 2030,
          invoices: list,
          paidBefore: paidBefore.toFixed(2),
          paidInYear: paidInYear.toFixed(2),
        });
        for (const [child, share] of shares) {
          const billedToChild = list
            .flatMap((i) => i.children)
            .filter((c) => c.childId === child)
            .reduce((s, c) => s.plus(Dec.max(0, c.amount)), new Dec(0));
          expect(share.lte(billedToChild.plus('0.000001'))).toBe(true);
        }
      }),
    );
  });
});
