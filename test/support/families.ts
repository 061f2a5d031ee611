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
  const owner = { ...parent, familyId: family.body.id as string };
  const childId = await addChild(t, owner, { firstName: 'Lou', birthDate: '2026-02-10', ...child });
  return { ...owner, childId };
}

/** Another child of the parent's household (a sibling, a twin), by the parent; returns its id. */
export async function addChild(
  t: TestApp,
  parent: Pick<TestParent, 'familyId' | 'auth'>,
  child: Record<string, unknown>,
): Promise<string> {
  const res = await t
    .http()
    .post(`/families/${parent.familyId}/children`)
    .set(parent.auth)
    .send({ disability: false, ...child })
    .expect(201);
  return res.body.id as string;
}

/** The smallest PDF the API's file check accepts (its first bytes say %PDF): a declaration's or a claim's proof. */
export const TINY_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
);

/**
 * A household's declaration of its resources on its N−2 tax notice, sent now and validated by `reviewer`: it applies
 * from the first day of the next month. Returns that day.
 */
export async function declareResources(
  t: TestApp,
  parent: TestParent,
  reviewer: Pick<TestUser, 'auth'>,
  monthlyResources: string,
): Promise<string> {
  const req = t.http().post(`/families/${parent.familyId}/declarations`).set(parent.auth);
  void req.field('monthlyResources', monthlyResources);
  void req.field('documentType', 'TAX_NOTICE_N2');
  const declaration = await req
    .attach('document', TINY_PDF, { filename: 'avis.pdf', contentType: 'application/pdf' })
    .expect(201);
  await t
    .http()
    .post(`/families/${parent.familyId}/declarations/${declaration.body.id}/review`)
    .set(reviewer.auth)
    .send({ decision: 'VALIDATE' })
    .expect(200);
  return declaration.body.appliesFrom as string;
}
