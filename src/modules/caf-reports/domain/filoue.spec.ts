import fc from 'fast-check';
import { Dec } from '../../fees/domain/decimal';
import { creditedByChild, FiloueChild, filoueFile } from './filoue';
import { filoueCsv, filoueErrorsCsv } from './report-csv';

const child = (over: Partial<FiloueChild>): FiloueChild => ({
  childId: 'c1',
  familyId: 'f1',
  firstName: 'Lou',
  lastName: 'Martin',
  birthDate: '2026-02-10',
  cafNumber: '1234567',
  benefitScheme: 'GENERAL',
  postalCode: '88700',
  town: 'Rambervillers',
  objected: false,
  erased: false,
  firstDay: '2027-01-04',
  lastDay: '2027-06-30',
  attendedMinutes: 6500,
  hoursBilled: '120.0000',
  totalBilled: '185.00',
  effortRate: '0.0619',
  ...over,
});
const creche = { cafNumber: '88123456', afcFileNumber: '2027-00042' };

describe('FILOUÉ file (docs/rules.md#r95-filoue)', () => {
  it('writes a household of the general scheme that says it is not an allocataire with flag 0, no matricule', () => {
    const file = filoueFile({
      year: 2027,
      creche,
      children: [
        child({ childId: 'a', cafNumber: null, notCafAllocataire: true }),
        child({ childId: 'b', familyId: 'f2', firstName: 'Noé', cafNumber: null }),
      ],
    });
    expect(file.lines).toEqual([
      expect.objectContaining({ childFirstName: 'Lou', allocataire: '0', cafNumber: '', regime: '1' }),
    ]);
    // Saying nothing is still an error for the manager: a number missing, or a household to ask.
    expect(file.errors.map((e) => [e.childFirstName, e.code])).toEqual([['Noé', 'CAF_NUMBER_MISSING']]);
    expect(file.errors[0].message).toContain('ou y indique ne pas être allocataire de la Caf');
  });

  it('writes one line per child with the average rate to the cent and French dates in the CSV', () => {
    const file = filoueFile({ year: 2027, creche, children: [child({})] });
    expect(file.errors).toEqual([]);
    expect(file.lines[0]).toMatchObject({
      allocataire: '1',
      regime: '1',
      hoursBilled: '120.00',
      hoursAttended: '108.33',
      totalBilled: '185.00',
      // 185 ÷ 120 = 1.541… → 1.54
      averageHourlyRate: '1.54',
      firstDay: '2027-01-04',
      lastDay: '2027-06-30',
    });
    const csv = filoueCsv(file).split('\r\n');
    expect(csv[0].startsWith('\uFEFFnumero_caf_structure;numero_dossier_afc;allocataire;')).toBe(true);
    expect(csv[0]).toContain(';date_naissance;code_postal;commune;');
    expect(file.lines[0]).toMatchObject({ postalCode: '88700', town: 'Rambervillers' });
    expect(csv[1]).toBe(
      '88123456;2027-00042;1;Lou;Martin;1234567;1;10/02/2026;88700;Rambervillers;120,00;108,33;185,00;1,54;0,0619;04/01/2027;30/06/2027',
    );
  });

  it('leaves out objecting households, lists missing and malformed Caf numbers and missing crèche numbers', () => {
    const file = filoueFile({
      year: 2027,
      creche: { cafNumber: null, afcFileNumber: null },
      children: [
        child({ childId: 'a', objected: true }),
        child({ childId: 'b', firstName: 'Noé', cafNumber: null }),
        child({ childId: 'c', firstName: 'Ana', cafNumber: '12-45' }),
        // MSA without a Caf number: written, not an allocataire, regime 2.
        child({
          childId: 'd',
          firstName: 'Eli',
          cafNumber: null,
          benefitScheme: 'MSA',
          hoursBilled: '0',
          totalBilled: '0',
        }),
      ],
    });
    expect(file.objectionsLeftOut).toBe(1);
    expect(file.errors.map((e) => [e.code, e.childId])).toEqual([
      ['CRECHE_CAF_NUMBER_MISSING', null],
      ['CRECHE_AFC_FILE_NUMBER_MISSING', null],
      ['CAF_NUMBER_MISSING', 'b'],
      ['CAF_NUMBER_MALFORMED', 'c'],
    ]);
    expect(file.lines).toHaveLength(1);
    expect(file.lines[0]).toMatchObject({
      childFirstName: 'Eli',
      allocataire: '0',
      regime: '2',
      averageHourlyRate: '',
    });
    expect(filoueErrorsCsv(file).split('\r\n')[3]).toBe(
      'CAF_NUMBER_MISSING;b;Noé;Noé : le numéro d’allocataire Caf du foyer n’est pas renseigné (la famille le saisit sur sa page Mon foyer, ou y indique ne pas être allocataire de la Caf).',
    );
  });

  it('keeps out the children of two households that typed the same Caf number; siblings share theirs', () => {
    const file = filoueFile({
      year: 2027,
      creche,
      children: [
        child({ childId: 'a', familyId: 'f1' }),
        child({ childId: 'b', familyId: 'f1', firstName: 'Noé' }),
        child({ childId: 'c', familyId: 'f2', firstName: 'Ana' }),
        // An objecting household is not in the file: its number takes nobody out.
        child({ childId: 'd', familyId: 'f3', cafNumber: '7654321' }),
        child({ childId: 'e', familyId: 'f4', cafNumber: '7654321', objected: true }),
      ],
    });
    expect(file.errors.map((e) => [e.code, e.childId])).toEqual([
      ['CAF_NUMBER_SHARED', 'a'],
      ['CAF_NUMBER_SHARED', 'b'],
      ['CAF_NUMBER_SHARED', 'c'],
    ]);
    expect(file.errors[2].message).toContain(
      'Ana : le numéro d’allocataire Caf du foyer est aussi celui d’un autre foyer',
    );
    expect(file.lines.map((l) => l.cafNumber)).toEqual(['7654321']);
  });

  it('lists a household without a postal code as an error beside the file, not written (each problem once)', () => {
    const file = filoueFile({
      year: 2027,
      creche,
      children: [
        child({ childId: 'a', firstName: 'Ana', postalCode: null }),
        child({ childId: 'b', firstName: 'Noé', postalCode: null, cafNumber: null }),
        child({ childId: 'c', firstName: 'Eli' }),
      ],
    });
    expect(file.lines.map((l) => l.childFirstName)).toEqual(['Eli']);
    expect(file.errors).toEqual([
      {
        code: 'POSTAL_CODE_MISSING',
        childId: 'a',
        childFirstName: 'Ana',
        message: 'Ana : le code postal du foyer n’est pas renseigné (la famille le saisit sur sa page Mon foyer).',
      },
      {
        code: 'CAF_NUMBER_MISSING',
        childId: 'b',
        childFirstName: 'Noé',
        message:
          'Noé : le numéro d’allocataire Caf du foyer n’est pas renseigné (la famille le saisit sur sa page Mon foyer, ou y indique ne pas être allocataire de la Caf).',
      },
      {
        code: 'POSTAL_CODE_MISSING',
        childId: 'b',
        childFirstName: 'Noé',
        message: 'Noé : le code postal du foyer n’est pas renseigné (la famille le saisit sur sa page Mon foyer).',
      },
    ]);
    expect(filoueErrorsCsv(file).split('\r\n')[1]).toBe(
      'POSTAL_CODE_MISSING;a;Ana;Ana : le code postal du foyer n’est pas renseigné (la famille le saisit sur sa page Mon foyer).',
    );
  });
});

describe(creditedByChild.name, () => {
  const row = (creditNoteId: string, total: string, childId: string, childAmount: string) => ({
    creditNoteId,
    total,
    childId,
    childAmount,
  });

  it("shares a credit note out over the invoice's children by their lines, to the cent", () => {
    const shares = creditedByChild([
      row('n1', '-10.00', 'a', '100.00'),
      row('n1', '-10.00', 'b', '50.00'),
      row('n1', '-10.00', 'c', '50.00'),
      row('n2', '-0.01', 'a', '30.00'),
      row('n2', '-0.01', 'b', '30.00'),
    ]);
    // n1: 5.00, 2.50, 2.50; n2's cent to the first of two equal remainders.
    expect(Object.fromEntries([...shares].map(([k, v]) => [k, v.toFixed(2)]))).toEqual({
      a: '-5.01',
      b: '-2.50',
      c: '-2.50',
    });
  });

  it('adds up to the credit notes exactly, whatever the lines', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            cents: fc.integer({ min: 1, max: 100_000 }),
            lines: fc.array(fc.integer({ min: -5_000, max: 50_000 }), { minLength: 1, maxLength: 4 }),
          }),
          { minLength: 1, maxLength: 5 },
        ),
        (notes) => {
          const rows = notes.flatMap((n, i) =>
            n.lines.map((l, j) => row(`n${i}`, `-${(n.cents / 100).toFixed(2)}`, `c${j}`, (l / 100).toFixed(2))),
          );
          const total = [...creditedByChild(rows).values()].reduce((a, b) => a.plus(b), new Dec(0));
          expect(total.toFixed(2)).toBe(new Dec(-notes.reduce((a, n) => a + n.cents, 0)).div(100).toFixed(2));
        },
      ),
    );
  });
});
