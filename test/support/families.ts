import type { TestApp, TestUser } from './test-app';
import { createUser } from './test-app';

export const HOUSEHOLD = {
  communeInseeCode: '88372',
  monthlyResources: '2400.00',
  dependentChildren: 1,
  benefitScheme: 'GENERAL',
  singleParent: false,
  parentsActivity: 'BOTH_WORKING',
  atypicalWorkHours: false,
  socialMinimaOrInsertion: false,
  otherHouseholdDisability: false,
};

export interface TestParent extends TestUser {
  readonly familyId: string;
  readonly childId: string;
}

/** A parent account with a declared household and one child. */
export async function createParentWithChild(
  t: TestApp,
  household: Record<string, unknown> = {},
  child: Record<string, unknown> = {},
): Promise<TestParent> {
  const parent = await createUser(t, 'PARENT', { firstName: 'Camille' });
  const family = await t
    .http()
    .post('/families')
    .set(parent.auth)
    .send({ ...HOUSEHOLD, ...household })
    .expect(201);
  const kid = await t
    .http()
    .post(`/families/${family.body.id}/children`)
    .set(parent.auth)
    .send({ firstName: 'Lou', birthDate: '2026-02-10', disability: false, ...child })
    .expect(201);
  return { ...parent, familyId: family.body.id, childId: kid.body.id };
}
