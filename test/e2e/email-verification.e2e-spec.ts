import { createCreche, createTerritory, fullWeek } from '../support/factories';
import { createParentWithChild, HOUSEHOLD } from '../support/families';
import { SmtpSink } from '../support/smtp-sink';
import { createUser, login, PASSWORD, startTestApp, TestApp, uniqueEmail } from '../support/test-app';

/** Issue #13, item 4: an account proves its e-mail address before it can join a household or apply. */
describe('Household takeover through an invitation', () => {
  const smtp = new SmtpSink();
  let t: TestApp;
  let crecheId: string;

  beforeAll(async () => {
    await smtp.start();
    t = await startTestApp({ runWorkers: true, env: { SMTP_URL: smtp.url } });
    const admin = await createUser(t, 'ADMIN');
    crecheId = (await createCreche(t, admin, (await createTerritory(t, admin)).id)).id;
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  /** Self-registration as a stranger would do it, then a login. */
  async function register(email: string) {
    await t
      .http()
      .post('/auth/register')
      .send({ email, password: PASSWORD, firstName: 'Inconnu', lastName: 'X' })
      .expect(202);
    return login(t, email);
  }

  /** The verification link of the welcome e-mail that reached `email` (an invited address got the invitation too). */
  async function linkSentTo(email: string): Promise<string> {
    const link = /https?:\/\/\S+\/verifier-email\?token=([^\s"<>]+)/;
    await smtp.waitFor(() => smtp.to(email).some((m) => link.test(m.text)));
    // The e-mail opens the web app's page, which hands the token to the API.
    const match = link.exec(smtp.to(email).find((m) => link.test(m.text))!.text);
    expect(match).not.toBeNull();
    return `/auth/verify-email?token=${match![1]}`;
  }

  it('refuses the invitation to a stranger who registered with the invited address without proving it, and the household stays whole', async () => {
    const parent = await createParentWithChild(t);
    const invited = uniqueEmail('invited');
    const invitation = await t
      .http()
      .post(`/families/${parent.familyId}/invitations`)
      .set(parent.auth)
      .send({ email: invited })
      .expect(201);
    const stranger = await register(invited);
    const res = await t.http().post(`/family-invitations/${invitation.body.id}/accept`).set(stranger.auth).expect(403);
    expect(res.body.code).toBe('AUTH.EMAIL_NOT_VERIFIED');
    const members = await t.dataSource.query(`SELECT user_id FROM family_members WHERE family_id = $1`, [
      parent.familyId,
    ]);
    expect(members).toEqual([{ user_id: parent.id }]);
    await t.http().get(`/families/${parent.familyId}`).set(stranger.auth).expect(404);
  });

  it('lets the owner of the address in once they follow the link of the e-mail', async () => {
    const parent = await createParentWithChild(t);
    const invited = uniqueEmail('owner');
    const invitation = await t
      .http()
      .post(`/families/${parent.familyId}/invitations`)
      .set(parent.auth)
      .send({ email: invited })
      .expect(201);
    const owner = await register(invited);
    expect((await t.http().get('/me').set(owner.auth).expect(200)).body.emailVerified).toBe(false);
    const page = await t
      .http()
      .get(await linkSentTo(invited))
      .expect(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain('Adresse confirmée');
    expect((await t.http().get('/me').set(owner.auth).expect(200)).body.emailVerified).toBe(true);
    await t.http().post(`/family-invitations/${invitation.body.id}/accept`).set(owner.auth).expect(200);
  });

  it("proves the address when the web app's page posts the e-mail's token, twice harmlessly, and refuses a forged one", async () => {
    const email = uniqueEmail('webpage');
    const owner = await register(email);
    const link = await linkSentTo(email);
    const token = decodeURIComponent(link.split('token=')[1]);
    const post = () => t.http().post('/auth/verify-email').send({ token });
    expect((await post().expect(200)).body).toEqual({ emailVerified: true });
    expect((await t.http().get('/me').set(owner.auth).expect(200)).body.emailVerified).toBe(true);
    await post().expect(200);
    const forged = await t.http().post('/auth/verify-email').send({ token: owner.token }).expect(400);
    expect(forged.body.code).toBe('AUTH.VERIFICATION_INVALID');
    expect((await t.http().post('/auth/verify-email').send({}).expect(400)).body.details[0].field).toBe('token');
  });

  it('refuses an application from an unproved address, and accepts it once proved', async () => {
    const email = uniqueEmail('applicant');
    const applicant = await register(email);
    const family = await t.http().post('/families').set(applicant.auth).send(HOUSEHOLD).expect(201);
    const child = await t
      .http()
      .post(`/families/${family.body.id}/children`)
      .set(applicant.auth)
      .send({ firstName: 'Lou', birthDate: '2026-02-10', disability: false })
      .expect(201);
    const body = {
      childId: child.body.id,
      desiredStartDate: '2027-09-01',
      schedule: fullWeek('05:30', '13:30'),
      preferences: [crecheId],
    };
    expect((await t.http().post('/applications').set(applicant.auth).send(body).expect(403)).body.code).toBe(
      'AUTH.EMAIL_NOT_VERIFIED',
    );
    await t
      .http()
      .get(await linkSentTo(email))
      .expect(200);
    await t.http().post('/applications').set(applicant.auth).send(body).expect(201);
  });

  it('refuses a forged, expired or access token as a verification link, and a verification token as an access token', async () => {
    await t.http().get('/auth/verify-email?token=not-a-real-token-at-all').expect(400);
    const parent = await createUser(t, 'PARENT');
    expect((await t.http().get(`/auth/verify-email?token=${parent.token}`).expect(400)).body.code).toBe(
      'AUTH.VERIFICATION_INVALID',
    );
    const email = uniqueEmail('swap');
    await register(email);
    const link = await linkSentTo(email);
    const token = decodeURIComponent(link.split('token=')[1]);
    await t
      .http()
      .get('/me')
      .set({ Authorization: `Bearer ${token}` })
      .expect(401);
  });

  it("erases only the asking parent's account when the household has another parent; the last one erases the household", async () => {
    const first = await createParentWithChild(t, { monthlyResources: '3000.00' });
    const second = await createUser(t, 'PARENT');
    await t.dataSource.query(`INSERT INTO family_members (family_id, user_id) VALUES ($1, $2)`, [
      first.familyId,
      second.id,
    ]);
    await t.http().post(`/families/${first.familyId}/erase`).set(second.auth).expect(204);
    const [secondUser] = await t.dataSource.query(`SELECT first_name FROM users WHERE id = $1`, [second.id]);
    expect(secondUser.first_name).toBe('Effacé');
    const [firstUser] = await t.dataSource.query(`SELECT first_name FROM users WHERE id = $1`, [first.id]);
    expect(firstUser.first_name).not.toBe('Effacé');
    const kept = await t.http().get(`/families/${first.familyId}`).set(first.auth).expect(200);
    expect(kept.body).toMatchObject({ monthlyResources: '3000.00', memberUserIds: [first.id] });
    await t.http().post(`/families/${first.familyId}/erase`).set(first.auth).expect(204);
    const [family] = await t.dataSource.query(
      `SELECT monthly_resources, erased_at IS NOT NULL AS erased FROM families WHERE id = $1`,
      [first.familyId],
    );
    expect(family).toEqual({ monthly_resources: null, erased: true });
  });
});
