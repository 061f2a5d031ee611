import { assignManagers, createCreche, createTerritory, fullWeek } from '../support/factories';
import { createParentWithChild } from '../support/families';
import { createUser, startTestApp, TestApp } from '../support/test-app';

/** Issue #14 §3: unknown resources pay the floor, refused resources the ceiling. */
describe('Unknown and refused resources', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const quote = (over: Record<string, unknown>) =>
    t
      .http()
      .post('/fees/quote')
      .send({
        date: '2027-01-04',
        careType: 'COLLECTIVE',
        dependentChildren: 2,
        hoursPerWeek: '40',
        weeksPerYear: 45,
        ...over,
      })
      .expect(200);

  it('quotes the floor for unknown resources and the ceiling for refused ones', async () => {
    expect((await quote({})).body).toMatchObject({ boundedResources: '814.62', hourlyRate: '0.42' });
    expect((await quote({ resourcesRefused: true })).body).toMatchObject({
      boundedResources: '8500.00',
      hourlyRate: '4.39',
    });
  });

  it('bills a household that refuses to give its resources on the ceiling, not the floor', async () => {
    const admin = await createUser(t, 'ADMIN');
    const manager = await createUser(t, 'MANAGER');
    const creche = await createCreche(t, admin, (await createTerritory(t, admin)).id, {
      kind: 'COLLECTIVE',
      places: 10,
      capacityBands: [],
    });
    await assignManagers(t, admin, creche.id, manager);
    const parent = await createParentWithChild(t, { monthlyResources: 'refused', dependentChildren: 1 });
    expect(
      (await t.http().get(`/families/${parent.familyId}`).set(parent.auth).expect(200)).body.monthlyResources,
    ).toBe('refused');
    const contract = await t
      .http()
      .post(`/creches/${creche.id}/contracts`)
      .set(manager.auth)
      .send({
        childId: parent.childId,
        startDate: '2027-01-04',
        endDate: '2027-06-25',
        schedule: fullWeek('08:00', '16:00'),
      })
      .expect(201);
    const view = await t.http().get(`/contracts/${contract.body.id}`).set(manager.auth).expect(200);
    // 8 500 € × 0.0619 % = 5.2615 → 5.26 €/h (2027 scale: ceiling 8 500 €, one child).
    expect(view.body.fee.hourlyRate).toBe('5.26');
  });
});
