import { assignManagers, createCreche, createTerritory } from '../support/factories';
import { createUser, startTestApp, TestApp } from '../support/test-app';

/** Issue #19: GET /me/creches, the crèches the web app's staff pages offer to pick from. */
describe('GET /me/creches', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it("lists a manager's own crèches by name, every crèche for an admin, and refuses families", async () => {
    const admin = await createUser(t, 'ADMIN');
    const manager = await createUser(t, 'MANAGER');
    const territoryId = (await createTerritory(t, admin)).id;
    const zinnias = await createCreche(t, admin, territoryId, { name: 'Les Zinnias' });
    const acacias = await createCreche(t, admin, territoryId, { name: 'Les Acacias' });
    const other = await createCreche(t, admin, territoryId, { name: 'Les Bleuets' });
    await assignManagers(t, admin, zinnias.id, manager);
    await assignManagers(t, admin, acacias.id, manager);

    const mine = await t.http().get('/me/creches').set(manager.auth).expect(200);
    expect(mine.body.map((c: { id: string }) => c.id)).toEqual([acacias.id, zinnias.id]);
    expect(mine.body[0]).toMatchObject({ name: 'Les Acacias', territoryId, openingHours: expect.any(Array) });

    const lonely = await createUser(t, 'MANAGER');
    await t.http().get('/me/creches').set(lonely.auth).expect(200, []);

    const all = await t.http().get('/me/creches').set(admin.auth).expect(200);
    expect(all.body.map((c: { id: string }) => c.id)).toEqual(
      expect.arrayContaining([zinnias.id, acacias.id, other.id]),
    );

    const parent = await createUser(t, 'PARENT');
    const refused = await t.http().get('/me/creches').set(parent.auth).expect(403);
    expect(refused.body.code).toBe('AUTH.FORBIDDEN');
    await t.http().get('/me/creches').expect(401);
  });
});
