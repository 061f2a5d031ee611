import type { Clock } from '../../src/common/time/clock';
import { createCreche, createTerritory, fullWeek } from '../support/factories';
import { createParentWithChild, HOUSEHOLD } from '../support/families';
import { createUser, startTestApp, TestApp } from '../support/test-app';

/**
 * What a newcomer typed on the demo, and how each is refused: a 400 naming the field, with its reason, the same rule
 * on every route that takes the field (the simulator as the household), dates against the app's clock.
 */
describe('Household and simulator inputs (newcomer trial)', () => {
  const clock: Clock & { at: Date } = {
    at: new Date('2026-12-03T10:00:00Z'),
    now() {
      return this.at;
    },
  };
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ clock });
  });
  afterAll(async () => {
    await t.close();
  });
  afterEach(() => {
    clock.at = new Date('2026-12-03T10:00:00Z');
  });

  type Detail = { field: string; errors: string[] };
  const details = (body: { details?: Detail[] }) => body.details ?? [];
  const weeksQuote = { date: '2026-12-01', careType: 'COLLECTIVE', hoursPerWeek: '40', weeksPerYear: 45 };
  const periodQuote = {
    date: '2027-01-04',
    careType: 'COLLECTIVE',
    contractStart: '2027-01-04',
    contractEnd: '2027-06-25',
    schedule: [{ weekday: 1, from: '08:00', to: '17:00' }],
  };

  it.each([
    ['weeks', weeksQuote],
    ['period', periodQuote],
  ])(
    'refuses a %s quote with more AEEH children than dependent children, as POST /families does',
    async (_form, body) => {
      const quote = await t
        .http()
        .post('/fees/quote')
        .send({ ...body, monthlyResources: '3000.00', dependentChildren: 2, aeehChildren: 5 })
        .expect(400);
      expect(details(quote.body)).toEqual([
        { field: 'aeehChildren', errors: ['aeehChildren cannot exceed dependentChildren'] },
      ]);
      const parent = await createUser(t, 'PARENT');
      const family = await t
        .http()
        .post('/families')
        .set(parent.auth)
        .send({ ...HOUSEHOLD, dependentChildren: 2, aeehChildren: 5 })
        .expect(400);
      expect(details(family.body)).toEqual(details(quote.body));
      // As many AEEH children as dependent children is a family all of whose children receive it.
      await t
        .http()
        .post('/fees/quote')
        .send({ ...body, monthlyResources: '3000.00', dependentChildren: 2, aeehChildren: 2 })
        .expect(200);
    },
  );

  it.each([
    ['10000000000', 'monthlyResources must be at most 999999999.99 euros'],
    ['-1200', 'monthlyResources must not be negative'],
    ['2400.505', 'monthlyResources must have at most 2 decimals (cents)'],
  ])('says why resources of %s are refused, on the simulator and the household', async (amount, reason) => {
    const quote = await t
      .http()
      .post('/fees/quote')
      .send({ ...weeksQuote, monthlyResources: amount, dependentChildren: 1 })
      .expect(400);
    expect(details(quote.body)).toEqual([{ field: 'monthlyResources', errors: [reason] }]);
    const parent = await createUser(t, 'PARENT');
    const family = await t
      .http()
      .post('/families')
      .set(parent.auth)
      .send({ ...HOUSEHOLD, monthlyResources: amount })
      .expect(400);
    expect(details(family.body)).toEqual([{ field: 'monthlyResources', errors: [reason] }]);
  });

  it('refuses a child born in the future and an expected birth in the past, naming the field; today is fine', async () => {
    const parent = await createParentWithChild(t);
    const add = (child: Record<string, unknown>) =>
      t
        .http()
        .post(`/families/${parent.familyId}/children`)
        .set(parent.auth)
        .send({ firstName: 'Noé', disability: false, ...child });
    const born = await add({ birthDate: '2027-05-01' }).expect(400);
    expect(details(born.body)).toEqual([
      { field: 'birthDate', errors: ['birthDate must not be in the future (today is 2026-12-03)'] },
    ]);
    const expected = await add({ expectedBirthDate: '2026-11-20' }).expect(400);
    expect(details(expected.body).map((d) => d.field)).toEqual(['expectedBirthDate']);
    expect(details(expected.body)[0].errors[0]).toMatch(/must not be in the past .*give its birthDate/);
    // A PATCH is held to the same dates.
    const lou = `/families/${parent.familyId}/children/${parent.childId}`;
    await t.http().patch(lou).set(parent.auth).send({ birthDate: '2026-12-04' }).expect(400);
    await t.http().patch(lou).set(parent.auth).send({ birthDate: '2026-12-03' }).expect(200);
    await add({ expectedBirthDate: '2026-12-03' }).expect(201);
    const children = await t.dataSource.query(
      `SELECT to_char(birth_date, 'YYYY-MM-DD') AS birth, to_char(expected_birth_date, 'YYYY-MM-DD') AS expected
         FROM children WHERE family_id = $1 ORDER BY first_name`,
      [parent.familyId],
    );
    expect(children).toEqual([
      { birth: '2026-12-03', expected: null },
      { birth: null, expected: '2026-12-03' },
    ]);
  });

  it('refuses an application for a child whose expected birth has passed (its birth date first), naming childId', async () => {
    const admin = await createUser(t, 'ADMIN');
    const creche = await createCreche(t, admin, (await createTerritory(t, admin)).id);
    const parent = await createParentWithChild(t, {}, { birthDate: undefined, expectedBirthDate: '2027-01-10' });
    clock.at = new Date('2027-01-20T10:00:00Z');
    const apply = () =>
      t
        .http()
        .post('/applications')
        .set(parent.auth)
        .send({
          childId: parent.childId,
          desiredStartDate: '2027-09-01',
          schedule: fullWeek('08:00', '17:00'),
          preferences: [creche.id],
        });
    const refused = await apply().expect(400);
    expect(details(refused.body).map((d) => d.field)).toEqual(['childId']);
    expect(details(refused.body)[0].errors[0]).toMatch(/expected birth \(2027-01-10\) is past/);
    expect(
      (await t.dataSource.query(`SELECT count(*)::int AS n FROM applications WHERE child_id = $1`, [parent.childId]))[0]
        .n,
    ).toBe(0);
    // Once born, the application is taken.
    await t
      .http()
      .patch(`/families/${parent.familyId}/children/${parent.childId}`)
      .set(parent.auth)
      .send({ birthDate: '2027-01-08' })
      .expect(200);
    await apply().expect(201);
  });
});
