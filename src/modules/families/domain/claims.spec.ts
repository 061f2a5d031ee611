import { isClaimValue, provedDisability, verifiedFacts } from './claims';

const family = {
  parentsActivity: 'BOTH_WORKING' as const,
  singleParent: true,
  socialMinimaOrInsertion: true,
  otherHouseholdDisability: false,
};
const child = { disability: true, multipleBirth: false };
const seen = (value: unknown) => ({ value, by: 'manager', at: '2027-01-04T10:00:00Z' });

describe('verifiedFacts', () => {
  it('keeps nothing that a manager has not verified', () => {
    const v = verifiedFacts(family, child, { family: {}, child: {} });
    expect(v.family).toMatchObject({
      parentsActivity: 'NONE_WORKING',
      singleParent: false,
      socialMinimaOrInsertion: false,
    });
    expect(v.child).toEqual({ disability: false, multipleBirth: false });
  });

  it('keeps what was verified with the value still declared', () => {
    const v = verifiedFacts(family, child, {
      family: { PARENTS_ACTIVITY: seen('BOTH_WORKING'), SINGLE_PARENT: seen(true) },
      child: { CHILD_DISABILITY: seen(true) },
    });
    expect(v.family).toMatchObject({
      parentsActivity: 'BOTH_WORKING',
      singleParent: true,
      socialMinimaOrInsertion: false,
    });
    expect(v.child.disability).toBe(true);
  });

  it('drops a verification once the family declares another value', () => {
    const v = verifiedFacts({ ...family, parentsActivity: 'ONE_WORKING_ONE_JOBSEEKING' }, child, {
      family: { PARENTS_ACTIVITY: seen('BOTH_WORKING') },
      child: {},
    });
    expect(v.family.parentsActivity).toBe('NONE_WORKING');
  });
});

describe('isClaimValue', () => {
  it.each([
    ['PARENTS_ACTIVITY', 'BOTH_WORKING', true],
    ['PARENTS_ACTIVITY', 'NONE_WORKING', true],
    ['PARENTS_ACTIVITY', true, false],
    ['PARENTS_ACTIVITY', 'WORKING', false],
    ['SINGLE_PARENT', true, true],
    ['CHILD_DISABILITY', false, true],
    ['SINGLE_PARENT', 'BOTH_WORKING', false],
    ['MULTIPLE_BIRTH', undefined, false],
  ] as const)('%s takes %p: %p', (claim, value, ok) => {
    expect(isClaimValue(claim, value)).toBe(ok);
  });
});

describe('provedDisability', () => {
  it.each([
    [true, { CHILD_DISABILITY: seen(true) }, true],
    [true, {}, false],
    [false, { CHILD_DISABILITY: seen(true) }, false],
    [true, { CHILD_DISABILITY: seen(false) }, false],
  ])('declared %p, verified %j: %p', (disability, claims, proved) => {
    expect(provedDisability({ disability }, claims)).toBe(proved);
  });
});
