import type { TestApp, TestUser } from './test-app';

let n = 0;
const uid = () => `${Date.now().toString(36)}${(n += 1)}`;

export const RAMBERVILLERS = [
  { inseeCode: '88372', name: 'Rambervillers' },
  { inseeCode: '88035', name: 'Bru' },
  { inseeCode: '88239', name: 'Jeanménil' },
];

export async function createTerritory(
  t: TestApp,
  admin: TestUser,
  body: Record<string, unknown> = {},
): Promise<{ id: string }> {
  const res = await t
    .http()
    .post('/territories')
    .set(admin.auth)
    .send({ name: `CC de la Région de Rambervillers ${uid()}`, communes: RAMBERVILLERS, ...body })
    .expect(201);
  return res.body;
}

/** The territory's 12-place micro-crèche: Monday–Saturday 05:00–21:00, 6 places before 07:00 and after 19:00. */
export function microCrecheBody(territoryId: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  const weekdays = [1, 2, 3, 4, 5, 6];
  return {
    territoryId,
    name: `Micro-crèche Les Lucioles ${uid()}`,
    commune: '88372',
    kind: 'MICRO_CRECHE',
    places: 12,
    surnombre: false,
    openingHours: weekdays.map((weekday) => ({ weekday, opens: '05:00', closes: '21:00' })),
    capacityBands: [1, 2, 3, 4, 5].flatMap((weekday) => [
      { weekday, from: '05:00', to: '07:00', places: 6 },
      { weekday, from: '19:00', to: '21:00', places: 6 },
    ]),
    closures: [{ from: '2027-12-24', to: '2028-01-01', label: 'Noël' }],
    ...over,
  };
}

export async function createCreche(
  t: TestApp,
  admin: TestUser,
  territoryId: string,
  over: Record<string, unknown> = {},
): Promise<{ id: string; name: string }> {
  const res = await t.http().post('/creches').set(admin.auth).send(microCrecheBody(territoryId, over)).expect(201);
  return res.body;
}

export async function assignManagers(
  t: TestApp,
  admin: TestUser,
  crecheId: string,
  ...managers: TestUser[]
): Promise<void> {
  await t
    .http()
    .put(`/creches/${crecheId}/managers`)
    .set(admin.auth)
    .send({ userIds: managers.map((m) => m.id) })
    .expect(200);
}

/** A household with one child and a declared situation (its contracts get their fee inputs from it). */
export async function createChild(
  t: TestApp,
  birthDate = '2026-03-15',
  firstName = 'Zoé',
): Promise<{ id: string; familyId: string }> {
  const [family] = await t.dataSource.query(
    // A household whose resources a manager has checked (their proof validated): contracts bill 2 400 €.
    `INSERT INTO families (commune_insee_code, monthly_resources, dependent_children, resources_checked_at)
     VALUES ('88372', 2400, 1, now()) RETURNING id`,
  );
  const [child] = await t.dataSource.query(
    `INSERT INTO children (family_id, first_name, birth_date) VALUES ($1, $2, $3) RETURNING id`,
    [family.id, firstName, birthDate],
  );
  return { id: child.id, familyId: family.id };
}

export const fullWeek = (from = '08:00', to = '17:00') => [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from, to }));
