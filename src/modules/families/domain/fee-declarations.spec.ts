import { aeehProblems, appliesFromOf, declaredFields, sameSituation, situationAfter } from './fee-declarations';

const current = { monthlyResources: '3000.00', resourcesRefused: false, dependentChildren: 2, aeehChildren: 0 };

describe('fee declarations', () => {
  it.each([
    ['2027-01-01', '2027-02-01'],
    ['2027-01-31', '2027-02-01'],
    ['2027-02-28', '2027-03-01'],
    ['2028-02-29', '2028-03-01'],
    ['2027-11-15', '2027-12-01'],
    ['2027-12-01', '2028-01-01'],
    ['2027-12-31', '2028-01-01'],
  ])('a change declared on %s applies from %s (never retroactively)', (declaredOn, from) => {
    expect(appliesFromOf(declaredOn)).toBe(from);
    expect(appliesFromOf(declaredOn) > declaredOn).toBe(true);
  });

  it('refuses a date that is not one', () => {
    expect(() => appliesFromOf('2027-1-5')).toThrow(RangeError);
  });

  it.each([
    [{ monthlyResources: '1500.00' }, { ...current, monthlyResources: '1500.00' }],
    [{ monthlyResources: 'unknown' }, { ...current, monthlyResources: null }],
    [{ monthlyResources: 'refused' }, { ...current, monthlyResources: null, resourcesRefused: true }],
    [
      { dependentChildren: 3, aeehChildren: 1 },
      { ...current, dependentChildren: 3, aeehChildren: 1 },
    ],
    [{}, current],
  ])('merges %j over the current situation', (change, after) => {
    expect(situationAfter(current, change)).toEqual(after);
  });

  it('lifts a refusal when an amount is declared', () => {
    const refused = { ...current, monthlyResources: null, resourcesRefused: true };
    expect(situationAfter(refused, { monthlyResources: '2000' })).toMatchObject({
      monthlyResources: '2000',
      resourcesRefused: false,
    });
  });

  it('lists the declared fields in a stable order', () => {
    expect(declaredFields({ aeehChildren: 1, monthlyResources: 'refused' })).toEqual([
      'monthlyResources',
      'aeehChildren',
    ]);
    expect(declaredFields({})).toEqual([]);
  });

  it('compares amounts as numbers', () => {
    expect(sameSituation(current, { ...current, monthlyResources: '3000' })).toBe(true);
    expect(sameSituation(current, { ...current, monthlyResources: '3000.01' })).toBe(false);
    expect(sameSituation(current, { ...current, monthlyResources: null })).toBe(false);
  });

  it.each([
    [{ ...current, aeehChildren: 1 }, 1, []],
    [{ ...current, aeehChildren: 2 }, 1, []],
    [{ ...current, aeehChildren: 0 }, 1, ['lower']],
    [{ ...current, aeehChildren: 3 }, 0, ['exceed']],
  ])('checks the AEEH bound of %j with %i flagged child(ren)', (situation, flagged, problems) => {
    const errors = aeehProblems(situation, flagged).flatMap((p) => p.errors);
    expect(errors).toHaveLength(problems.length);
    problems.forEach((word, i) => expect(errors[i]).toContain(word));
    if (problems.length) expect(aeehProblems(situation, flagged)[0].field).toBe('aeehChildren');
  });
});
