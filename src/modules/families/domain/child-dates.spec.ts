import { childDatesChangeProblem, sameChild } from './child-dates';

const expected = { birthDate: null, expectedBirthDate: '2027-08-01' };
const born = { birthDate: '2026-04-13', expectedBirthDate: null };

describe('a child’s dates once it has applied or is in care', () => {
  it.each([
    [expected, { expectedBirthDate: '2027-08-20' }, null],
    [expected, { expectedBirthDate: '2027-09-30' }, 'expectedBirthDate'],
    [expected, { birthDate: '2027-05-02' }, null], // 91 days early
    [expected, { birthDate: '2027-04-30' }, 'birthDate'], // 93 days early: another child
    [expected, { birthDate: '2027-09-01' }, null],
    [expected, { birthDate: '2027-09-02' }, 'birthDate'],
    [born, { birthDate: '2026-04-03' }, null],
    [born, { birthDate: '2026-09-15' }, 'birthDate'],
    [born, {}, null],
  ] as const)('%j changed by %j: %s', (current, next, field) => {
    expect(childDatesChangeProblem(current, next)?.field ?? null).toBe(field);
  });
});

describe('the same child registered twice', () => {
  it('matches first names across case, accents, spaces and hyphens, with the same date', () => {
    const gabin = { firstName: 'Gabin', ...born };
    expect(sameChild(gabin, { firstName: ' gabin ', birthDate: '2026-04-13' })).toBe(true);
    expect(sameChild({ firstName: 'Inès-Marie', ...born }, { firstName: 'ines marie', birthDate: '2026-04-13' })).toBe(
      true,
    );
    // A day or months apart under one name: one child registered twice; a brother of that name, years later, not.
    expect(sameChild(gabin, { firstName: 'Gabin', birthDate: '2026-04-14' })).toBe(true);
    expect(sameChild(gabin, { firstName: 'Gabin', expectedBirthDate: '2026-12-01' })).toBe(true);
    expect(sameChild(gabin, { firstName: 'Gabin', birthDate: '2028-05-01' })).toBe(false);
    // Punctuation, a typographic apostrophe or an invisible character does not make another child.
    for (const firstName of ['Gabin.', 'Gabin’', 'Gab\u200bin', 'GABIN !'])
      expect(sameChild(gabin, { firstName, birthDate: '2026-04-13' })).toBe(true);
    // Twins: the same day, two names.
    expect(sameChild(gabin, { firstName: 'Lina', birthDate: '2026-04-13' })).toBe(false);
    expect(sameChild({ firstName: 'Bébé', ...expected }, { firstName: 'bebe', expectedBirthDate: '2027-08-01' })).toBe(
      true,
    );
  });
});
