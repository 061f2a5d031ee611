import { FiloueObjectionController } from '../../src/modules/families/filoue-objection.controller';
import { createParentWithChild } from '../support/families';
import { createUser, startTestApp, TestApp } from '../support/test-app';

describe(FiloueObjectionController.name, () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('records a parent’s objection with its date, keeps the first date, and lets them withdraw it', async () => {
    const parent = await createParentWithChild(t);
    const before = await t.http().get(`/families/${parent.familyId}`).set(parent.auth).expect(200);
    expect(before.body.filoueObjectedAt).toBeNull();

    const first = await t.http().put(`/families/${parent.familyId}/filoue-objection`).set(parent.auth).expect(200);
    expect(Date.now() - Date.parse(first.body.objectedAt)).toBeLessThan(60_000);
    const again = await t.http().put(`/families/${parent.familyId}/filoue-objection`).set(parent.auth).expect(200);
    expect(again.body.objectedAt).toBe(first.body.objectedAt);
    const read = await t.http().get(`/families/${parent.familyId}`).set(parent.auth).expect(200);
    expect(read.body.filoueObjectedAt).toBe(first.body.objectedAt);

    await t.http().delete(`/families/${parent.familyId}/filoue-objection`).set(parent.auth).expect(204);
    const after = await t.http().get(`/families/${parent.familyId}`).set(parent.auth).expect(200);
    expect(after.body.filoueObjectedAt).toBeNull();
    const events = await t.dataSource.query(
      `SELECT action FROM audit_events WHERE subject_id = $1 AND action LIKE 'family.filoue%'`,
      [parent.familyId],
    );
    expect(events.map((e: { action: string }) => e.action).sort()).toEqual([
      'family.filoue_objected',
      'family.filoue_objected',
      'family.filoue_objection_withdrawn',
    ]);
  });

  it('answers 404 to a parent of another household and 403 to a manager, changing nothing', async () => {
    const parent = await createParentWithChild(t);
    const stranger = await createParentWithChild(t);
    const res = await t.http().put(`/families/${parent.familyId}/filoue-objection`).set(stranger.auth).expect(404);
    expect(res.body.code).toBe('FAMILY.NOT_FOUND');
    const manager = await createUser(t, 'MANAGER');
    await t.http().put(`/families/${parent.familyId}/filoue-objection`).set(manager.auth).expect(403);
    const [row] = await t.dataSource.query(`SELECT filoue_objected_at FROM families WHERE id = $1`, [parent.familyId]);
    expect(row.filoue_objected_at).toBeNull();
  });
});
