import { assignManagers, createCreche, createTerritory, fullWeek } from '../support/factories';
import { createParentWithChild, type TestParent } from '../support/families';
import { createUser, startTestApp, type TestApp, type TestUser } from '../support/test-app';

/** A minimal PDF: what the declarations' upload recognises from its bytes. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');

interface Household {
  applicationId: string;
  familyId: string;
  childId: string;
  schedule: { weekday: number; from: string; to: string }[];
  parents: { firstName: string; lastName: string; email: string }[];
  declarationsToReview: number;
}

/**
 * The waitlist as its manager reads it (issue #19): with families=true each entry of the page comes with its
 * household (parents' names and e-mails, the child, the schedule asked, declarations to review), read when the page
 * is served and never stored with the ranking. Only the crèche's managers and admins get it.
 */
describe('waitlist households (families=true)', () => {
  let t: TestApp;
  let admin: TestUser;
  let manager: TestUser;
  let otherManager: TestUser;
  let crecheId: string;
  let otherCrecheId: string;
  let first: TestParent;
  let second: TestParent;
  const applications: Record<string, string> = {};
  const logLines: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({
      env: { LOG_LEVEL: 'info' },
      logDestination: { write: (line) => void logLines.push(line) },
    });
    admin = await createUser(t, 'ADMIN');
    manager = await createUser(t, 'MANAGER');
    otherManager = await createUser(t, 'MANAGER');
    const territory = await createTerritory(t, admin);
    crecheId = (await createCreche(t, admin, territory.id)).id;
    otherCrecheId = (await createCreche(t, admin, territory.id)).id;
    await assignManagers(t, admin, crecheId, manager);
    await assignManagers(t, admin, otherCrecheId, otherManager);
    // Two households: the first single and on social minima (it ranks first), the second with two parents.
    first = await createParentWithChild(t, { singleParent: true, socialMinimaOrInsertion: true }, { firstName: 'Lou' });
    second = await createParentWithChild(t, {}, { firstName: 'Noé' });
    const partner = await createUser(t, 'PARENT', { firstName: 'Sacha', lastName: 'Martin' });
    const invitation = await t
      .http()
      .post(`/families/${second.familyId}/invitations`)
      .set(second.auth)
      .send({ email: partner.email })
      .expect(201);
    await t.http().post(`/family-invitations/${invitation.body.id}/accept`).set(partner.auth).expect(200);
    for (const [who, schedule] of [
      [first, fullWeek('05:30', '13:30')],
      [second, fullWeek('08:00', '17:00')],
    ] as const) {
      const res = await t
        .http()
        .post('/applications')
        .set(who.auth)
        .send({ childId: who.childId, desiredStartDate: '2027-09-01', schedule, preferences: [crecheId] })
        .expect(201);
      applications[who.familyId] = res.body.id;
    }
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  const waitlist = (who: TestUser, query: Record<string, string>, id = crecheId) =>
    t.http().get(`/creches/${id}/waitlist`).query(query).set(who.auth);
  const emailOf = async (user: TestUser) =>
    ((await t.dataSource.query(`SELECT email FROM users WHERE id = $1`, [user.id])) as { email: string }[])[0].email;

  it("gives the crèche's manager each entry's household, in the page's order", async () => {
    const res = await waitlist(manager, { families: 'true' }).expect(200);
    const items = res.body.items as { applicationId: string; familyId: string }[];
    expect(items.map((e) => e.familyId)).toEqual([first.familyId, second.familyId]);
    const families = res.body.families as Household[];
    expect(families.map((f) => f.applicationId)).toEqual(items.map((e) => e.applicationId));
    expect(families[0]).toEqual({
      applicationId: applications[first.familyId],
      familyId: first.familyId,
      childId: first.childId,
      schedule: fullWeek('05:30', '13:30'),
      parents: [{ firstName: 'Camille', lastName: 'Nom', email: await emailOf(first) }],
      declarationsToReview: 0,
      claimProofs: [],
    });
    // Both parents of the second household, in the order they joined it.
    expect(families[1].parents.map((p) => p.firstName)).toEqual(['Camille', 'Sacha']);
    expect(families[1].parents[1]).toEqual({ firstName: 'Sacha', lastName: 'Martin', email: expect.any(String) });
    expect(families[1].schedule).toEqual(fullWeek('08:00', '17:00'));

    // An admin gets them too; the households follow the filters and the pages.
    const byAdmin = await waitlist(admin, { families: 'true' }).expect(200);
    expect(byAdmin.body.families).toEqual(families);
    const page1 = await waitlist(manager, { families: 'true', limit: '1' }).expect(200);
    expect((page1.body.families as Household[]).map((f) => f.familyId)).toEqual([first.familyId]);
    const page2 = await waitlist(manager, { families: 'true', limit: '1', cursor: page1.body.nextCursor }).expect(200);
    expect((page2.body.families as Household[]).map((f) => f.familyId)).toEqual([second.familyId]);
    // Only the first asks for hours before 07:30 (atypical).
    const atypical = await waitlist(manager, { families: 'true', atypical: 'true' }).expect(200);
    expect((atypical.body.items as { familyId: string }[]).map((e) => e.familyId)).toEqual([first.familyId]);
    expect((atypical.body.families as Household[]).map((f) => f.familyId)).toEqual([first.familyId]);
  });

  it('is left out unless asked for, and the ranking stored holds no personal data', async () => {
    const plain = await waitlist(manager, {}).expect(200);
    expect(plain.body).not.toHaveProperty('families');
    const off = await waitlist(manager, { families: 'false' }).expect(200);
    expect(off.body).not.toHaveProperty('families');
    await waitlist(manager, { families: 'yes' }).expect(400);
    const stored: { entries: string }[] = await t.dataSource.query(
      `SELECT entries::text AS entries FROM waitlist_rankings WHERE creche_id = $1`,
      [crecheId],
    );
    expect(stored.length).toBeGreaterThan(0);
    const email = await emailOf(first);
    for (const row of stored) {
      expect(row.entries).not.toContain(email);
      expect(row.entries).not.toContain('Camille');
    }
  });

  it('counts the declarations waiting for a manager, and follows a renamed parent without a new ranking', async () => {
    const declared = await t
      .http()
      .post(`/families/${second.familyId}/declarations`)
      .set(second.auth)
      .field('monthlyResources', '1800.00')
      .field('documentType', 'TAX_NOTICE_N2')
      .attach('document', PDF, { filename: 'avis.pdf', contentType: 'application/pdf' })
      .expect(201);
    const counted = async () =>
      ((await waitlist(manager, { families: 'true' }).expect(200)).body.families as Household[]).map(
        (f) => f.declarationsToReview,
      );
    expect(await counted()).toEqual([0, 1]);
    await t
      .http()
      .post(`/families/${second.familyId}/declarations/${declared.body.id}/review`)
      .set(manager.auth)
      .send({ decision: 'VALIDATE' })
      .expect(200);
    expect(await counted()).toEqual([0, 0]);

    // A parent's name is read when the page is served: a change shows at once, the ranking's version unmoved.
    const version = (await waitlist(manager, {}).expect(200)).body.version as number;
    await t.dataSource.query(`UPDATE users SET last_name = 'Durand' WHERE id = $1`, [first.id]);
    const after = await waitlist(manager, { families: 'true' }).expect(200);
    expect(after.body.version).toBe(version);
    expect((after.body.families as Household[])[0].parents[0].lastName).toBe('Durand');
  });

  it("refuses the households to a parent, to another crèche's manager and to a Caf auditor", async () => {
    await waitlist(first, { families: 'true' }).expect(403);
    const other = await waitlist(otherManager, { families: 'true' }).expect(404);
    expect(other.body.code).toBe('CRECHE.NOT_FOUND');
    expect(JSON.stringify(other.body)).not.toContain('Camille');
    const auditor = await createUser(t, 'CAF_AUDITOR');
    await waitlist(auditor, { families: 'true' }).expect(403);
    const coordinator = await createUser(t, 'TERRITORY_COORDINATOR');
    await waitlist(coordinator, { families: 'true' }).expect(403);
    await t.http().get(`/creches/${crecheId}/waitlist`).query({ families: 'true' }).expect(401);
    // Their own crèche's list, for the other manager, names none of these households.
    const own = await waitlist(otherManager, { families: 'true' }, otherCrecheId).expect(200);
    expect(own.body.families).toEqual([]);
  });

  it('logs no name nor e-mail of the households served', async () => {
    await waitlist(manager, { families: 'true' }).expect(200);
    const served = logLines.filter((l) => l.includes('/waitlist'));
    expect(served.length).toBeGreaterThan(0);
    const partner = await t.dataSource.query(`SELECT email FROM users WHERE last_name = 'Martin'`);
    for (const secret of [await emailOf(first), await emailOf(second), partner[0].email, 'Sacha', 'Martin', 'Durand'])
      for (const line of logLines) expect(line).not.toContain(secret);
  });
});
