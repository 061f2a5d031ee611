import { SmtpSink } from '../support/smtp-sink';
import { createParentWithChild, HOUSEHOLD, TestParent } from '../support/families';
import { createUser, login, PASSWORD, startTestApp, TestApp, uniqueEmail } from '../support/test-app';
import { fullWeek } from '../support/factories';

/** Issue #15, "Mon foyer", "Mes messages", "Mes données": the API the family's pages stand on. */
describe('Household pages API (children, invitations, messages, export)', () => {
  const smtp = new SmtpSink();
  let t: TestApp;

  beforeAll(async () => {
    await smtp.start();
    t = await startTestApp({ runWorkers: true, env: { SMTP_URL: smtp.url } });
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  const addChild = (p: TestParent, firstName: string) =>
    t
      .http()
      .post(`/families/${p.familyId}/children`)
      .set(p.auth)
      .send({ firstName, birthDate: '2026-05-02', disability: false });

  it("refuses a child's name with invisible or look-alike characters, on adding and on correcting (400 naming firstName)", async () => {
    const parent = await createParentWithChild(t, { dependentChildren: 4 });
    // Right-to-left override, zero-width space, mathematical bold letters, a line break: all read as other text on
    // the staff's lists, the invoices and the e-mails.
    for (const firstName of ['Zo\u202Eé', 'Zo\u200Bé', '\u{1D419}\u{1D428}\u{1D41E}', 'Zoé\nLéo']) {
      const added = await addChild(parent, firstName).expect(400);
      expect(added.body.details.map((d: { field: string }) => d.field)).toEqual(['firstName']);
      const corrected = await t
        .http()
        .patch(`/families/${parent.familyId}/children/${parent.childId}`)
        .set(parent.auth)
        .send({ firstName })
        .expect(400);
      expect(corrected.body.details.map((d: { field: string }) => d.field)).toEqual(['firstName']);
    }
    // Accents, typed composed or decomposed, hyphens and apostrophes are names.
    for (const firstName of ['Le\u0301a', 'Marie-Ève', 'N’Golo']) await addChild(parent, firstName).expect(201);
    // Pasted from a Caf letter or a word processor: a no-break space and a non-breaking hyphen are made plain, a
    // soft hyphen goes.
    const pasted = await t
      .http()
      .patch(`/families/${parent.familyId}/children/${parent.childId}`)
      .set(parent.auth)
      .send({ firstName: 'Anne\u00A0Marie\u2011Lou\u00AD' })
      .expect(200);
    expect(pasted.body.firstName).toBe('Anne Marie-Lou');
  });

  describe('DELETE /families/:id/children/:childId', () => {
    it('removes a child registered by mistake, audited, in its household only', async () => {
      const parent = await createParentWithChild(t, { dependentChildren: 2 });
      const extra = await addChild(parent, 'Erreur').expect(201);
      await t.http().delete(`/families/${parent.familyId}/children/${extra.body.id}`).set(parent.auth).expect(204);
      const left = await t.http().get(`/families/${parent.familyId}/children`).set(parent.auth).expect(200);
      expect(left.body.map((c: { id: string }) => c.id)).toEqual([parent.childId]);
      const [event] = await t.dataSource.query(
        `SELECT action, details FROM audit_events WHERE subject_type = 'child' AND subject_id = $1 ORDER BY id DESC LIMIT 1`,
        [extra.body.id],
      );
      expect(event).toMatchObject({ action: 'child.removed', details: { familyId: parent.familyId } });
      // Gone: a second deletion is a 404.
      const again = await t
        .http()
        .delete(`/families/${parent.familyId}/children/${extra.body.id}`)
        .set(parent.auth)
        .expect(404);
      expect(again.body.code).toBe('CHILD.NOT_FOUND');
    });

    it('refuses with 409 CHILD.IN_USE while an application refers to the child, even a withdrawn one', async () => {
      const parent = await createParentWithChild(t);
      await t.dataSource.query(
        `INSERT INTO applications (family_id, child_id, desired_start_date, schedule, leave_weeks_per_year, status, created_by)
         VALUES ($1, $2, '2027-09-01', $3, 5, 'WITHDRAWN', $4)`,
        [parent.familyId, parent.childId, JSON.stringify(fullWeek('08:00', '17:00')), parent.id],
      );
      const res = await t
        .http()
        .delete(`/families/${parent.familyId}/children/${parent.childId}`)
        .set(parent.auth)
        .expect(409);
      expect(res.body).toMatchObject({ code: 'CHILD.IN_USE', details: { referencedBy: 'application' } });
      expect(res.body.message).toMatch(/demande de place/);
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM children WHERE id = $1`, [
        parent.childId,
      ]);
      expect(n).toBe(1);
    });

    it("hides another household's child (404) and refuses a manager (403)", async () => {
      const parent = await createParentWithChild(t);
      const stranger = await createParentWithChild(t);
      const other = await t
        .http()
        .delete(`/families/${parent.familyId}/children/${parent.childId}`)
        .set(stranger.auth)
        .expect(404);
      expect(other.body.code).toBe('FAMILY.NOT_FOUND');
      // Its own household, another household's child: as absent as a missing one.
      await t.http().delete(`/families/${stranger.familyId}/children/${parent.childId}`).set(stranger.auth).expect(404);
      const manager = await createUser(t, 'MANAGER');
      const forbidden = await t
        .http()
        .delete(`/families/${parent.familyId}/children/${parent.childId}`)
        .set(manager.auth)
        .expect(403);
      expect(forbidden.body.code).toBe('AUTH.FORBIDDEN');
      await t
        .http()
        .delete(`/families/${parent.familyId}/children/00000000-0000-4000-8000-000000000000`)
        .set(parent.auth)
        .expect(404);
      await t.http().delete(`/families/${parent.familyId}/children/not-a-uuid`).set(parent.auth).expect(400);
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM children WHERE id = $1`, [
        parent.childId,
      ]);
      expect(n).toBe(1);
    });
  });

  describe('invitations', () => {
    const linkIn = (text: string) => /https?:\/\/[^/\s]+(\/invitations\/[0-9a-f-]{36})/.exec(text)?.[1];

    it('e-mails an address with no account yet, whose owner signs up, proves it, and accepts', async () => {
      const parent = await createParentWithChild(t);
      const email = uniqueEmail('coparent');
      const sent = await t
        .http()
        .post(`/families/${parent.familyId}/invitations`)
        .set(parent.auth)
        .send({ email })
        .expect(201);
      // Invited twice (a second tap): the same invitation, e-mailed once (the second answered 500).
      const again = await t
        .http()
        .post(`/families/${parent.familyId}/invitations`)
        .set(parent.auth)
        .send({ email })
        .expect(201);
      expect(again.body.id).toBe(sent.body.id);
      await smtp.waitFor(() => smtp.to(email).length > 0);
      const [mail] = smtp.to(email);
      expect(mail.subject).toBe('Invitation à rejoindre un foyer sur Berceau');
      expect(mail.text).toContain('Bonjour,');
      expect(mail.text).toContain('Camille vous invite à rejoindre son foyer');
      expect(mail.text).toContain('créez votre compte Berceau avec cette adresse e-mail');
      expect(linkIn(mail.text)).toBe(`/invitations/${sent.body.id}`);
      const listed = await t.http().get(`/families/${parent.familyId}/parents`).set(parent.auth).expect(200);
      expect(listed.body.invitations).toEqual([expect.objectContaining({ id: sent.body.id, email })]);

      // The invitee signs up with that address, proves it from the welcome e-mail, then accepts.
      await t
        .http()
        .post('/auth/register')
        .send({ email, password: PASSWORD, firstName: 'Alex', lastName: 'Martin' })
        .expect(202);
      await smtp.waitFor(() => smtp.to(email).length > 1);
      const token = /verifier-email\?token=([^\s"<>]+)/.exec(smtp.to(email)[1].text)![1];
      const invitee = await login(t, email);
      expect((await t.http().get('/me/family').set(invitee.auth).expect(200)).body).toEqual({ family: null });
      const early = await t.http().post(`/family-invitations/${sent.body.id}/accept`).set(invitee.auth).expect(403);
      expect(early.body.code).toBe('AUTH.EMAIL_NOT_VERIFIED');
      await t
        .http()
        .post('/auth/verify-email')
        .send({ token: decodeURIComponent(token) })
        .expect(200);
      const mine = await t.http().get('/me/invitations').set(invitee.auth).expect(200);
      expect(mine.body).toEqual([
        expect.objectContaining({ id: sent.body.id, familyId: parent.familyId, invitedByFirstName: 'Camille' }),
      ]);
      // Its messages show the invitation e-mail sent before it had an account, now that the address is proved.
      const messages = await t.http().get('/me/notices').set(invitee.auth).expect(200);
      expect(messages.body.map((m: { type: string }) => m.type)).toContain('FAMILY_INVITATION');
      await t.http().post(`/family-invitations/${sent.body.id}/accept`).set(invitee.auth).expect(200);
      const parents = await t.http().get(`/families/${parent.familyId}/parents`).set(parent.auth).expect(200);
      expect(parents.body.parents.map((p: { email: string }) => p.email).sort()).toEqual([parent.email, email].sort());
      expect(parents.body.invitations).toEqual([]);
      expect((await t.http().get('/me/family').set(invitee.auth).expect(200)).body.family.id).toBe(parent.familyId);
    });

    it('e-mails an existing account by its first name, with the link to the invitation', async () => {
      const parent = await createParentWithChild(t);
      const invitee = await createUser(t, 'PARENT', { firstName: 'Sacha' });
      const sent = await t
        .http()
        .post(`/families/${parent.familyId}/invitations`)
        .set(parent.auth)
        .send({ email: invitee.email })
        .expect(201);
      await smtp.waitFor(() => smtp.to(invitee.email).length > 0);
      const [mail] = smtp.to(invitee.email);
      expect(mail.text).toContain('Bonjour Sacha,');
      expect(mail.text).not.toContain('créez votre compte');
      expect(linkIn(mail.text)).toBe(`/invitations/${sent.body.id}`);
      await t.http().post(`/family-invitations/${sent.body.id}/accept`).set(invitee.auth).expect(200);
    });

    it('erases the e-mail sent to an address with the household', async () => {
      const parent = await createParentWithChild(t);
      const email = uniqueEmail('gone');
      await t.http().post(`/families/${parent.familyId}/invitations`).set(parent.auth).send({ email }).expect(201);
      await smtp.waitFor(() => smtp.to(email).length > 0);
      await t.http().post(`/families/${parent.familyId}/erase`).set(parent.auth).expect(204);
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM notices WHERE recipient_email = $1`, [
        email,
      ]);
      expect(n).toBe(0);
    });
  });

  describe('GET /me/notices ("Mes messages")', () => {
    it("gives each message the e-mail's own subject and text, its link as a path of the app, newest first, by page", async () => {
      const parent = await createParentWithChild(t);
      const invitee = await createUser(t, 'PARENT', { firstName: 'Noa' });
      const ids: string[] = [];
      for (const f of [parent, await createParentWithChild(t), await createParentWithChild(t)]) {
        const sent = await t
          .http()
          .post(`/families/${f.familyId}/invitations`)
          .set(f.auth)
          .send({ email: invitee.email })
          .expect(201);
        ids.push(sent.body.id);
      }
      await smtp.waitFor(() => smtp.to(invitee.email).length === 3);
      const res = await t.http().get('/me/notices').set(invitee.auth).expect(200);
      expect(res.body).toHaveLength(3);
      const newest = res.body[0];
      const mail = smtp.to(invitee.email).find((m) => m.text.includes(ids[2]))!;
      expect(newest).toMatchObject({
        type: 'FAMILY_INVITATION',
        status: 'SENT',
        subject: mail.subject,
        action: { label: "Voir l'invitation", href: `/invitations/${ids[2]}` },
        actionWithheld: false,
      });
      // Word for word, the action's line apart (a link in the app).
      const actionLine = `Voir l'invitation : ${t.config.publicBaseUrl}/invitations/${ids[2]}`;
      expect([newest.text, actionLine, newest.closing].join('\n\n')).toBe(mail.text.trimEnd());
      const first = await t.http().get('/me/notices?limit=2').set(invitee.auth).expect(200);
      expect(first.body.map((n: { action: { href: string } }) => n.action.href)).toEqual(
        [ids[2], ids[1]].map((id) => `/invitations/${id}`),
      );
      const next = await t.http().get(`/me/notices?limit=2&before=${first.body[1].id}`).set(invitee.auth).expect(200);
      expect(next.body.map((n: { action: { href: string } }) => n.action.href)).toEqual([`/invitations/${ids[0]}`]);
      const bad = await t.http().get('/me/notices?limit=0').set(invitee.auth).expect(400);
      expect(bad.body.details[0].field).toBe('limit');
      // Another account's message is no cursor: it would place the page by that message's date.
      const [{ id: othersId }] = await t.dataSource.query(
        `INSERT INTO notices (recipient_user_id, type, template_data, idempotency_key, status, sent_at)
         VALUES ($1, 'FAMILY_INVITATION', $2, $3, 'SENT', now()) RETURNING id`,
        [parent.id, JSON.stringify({ invitationId: ids[0], invitedBy: parent.id }), `cursor-${parent.id}`],
      );
      await t.http().get(`/me/notices?before=${othersId}`).set(parent.auth).expect(200);
      const foreign = await t.http().get(`/me/notices?before=${othersId}`).set(invitee.auth).expect(400);
      expect(foreign.body.details).toEqual([{ field: 'before', errors: [expect.stringContaining('in your list')] }]);
      // A message sent to the caller's address before it had an account is one of its own: a cursor, as any.
      const [{ id: toAddress }] = await t.dataSource.query(
        `INSERT INTO notices (recipient_email, type, template_data, idempotency_key, status, sent_at, created_at)
         VALUES ($1, 'FAMILY_INVITATION', $2, $3, 'SENT', now(), now() - interval '1 day') RETURNING id`,
        [invitee.email, JSON.stringify({ invitationId: ids[0], invitedBy: parent.id }), `address-${invitee.id}`],
      );
      await t.http().get(`/me/notices?before=${toAddress}`).set(invitee.auth).expect(200);
    });

    it('still answers when one message cannot be rendered any more, and the others stay readable', async () => {
      const parent = await createParentWithChild(t);
      // An older message whose renderer reads the database, and a newer one (rendered first) whose reference its
      // renderer's query refuses (not a uuid): that one has no text, the older one still renders, the request succeeds.
      await t.dataSource.query(
        `INSERT INTO notices (recipient_user_id, type, template_data, idempotency_key, status, sent_at, created_at)
         VALUES ($1, 'FAMILY_INVITATION', $2, $3, 'SENT', now(), now() - interval '1 minute')`,
        [
          parent.id,
          JSON.stringify({ invitationId: '00000000-0000-4000-8000-000000000001', invitedBy: parent.id }),
          `fine-${parent.id}`,
        ],
      );
      await t.dataSource.query(
        `INSERT INTO notices (recipient_user_id, type, template_data, idempotency_key, status, sent_at)
         VALUES ($1, 'FEE_DECLARATION_VALIDATED', '{"declarationId": "not-a-uuid"}', $2, 'SENT', now())`,
        [parent.id, `broken-${parent.id}`],
      );
      const res = await t.http().get('/me/notices').set(parent.auth).expect(200);
      expect(res.body.map((n: { type: string }) => n.type)).toEqual(['FEE_DECLARATION_VALIDATED', 'FAMILY_INVITATION']);
      expect(res.body[0]).toMatchObject({ subject: null, text: null, action: null });
      expect(res.body[1]).toMatchObject({
        subject: 'Invitation à rejoindre un foyer sur Berceau',
        action: { href: '/invitations/00000000-0000-4000-8000-000000000001' },
      });
      expect(res.body[1].text).toContain('Camille vous invite');
    });

    it('never shows the link that proves an address, which only its mailbox may follow', async () => {
      const email = uniqueEmail('fresh');
      await t
        .http()
        .post('/auth/register')
        .send({ email, password: PASSWORD, firstName: 'Maëlys', lastName: 'Testeur' })
        .expect(202);
      await smtp.waitFor(() => smtp.to(email).length > 0);
      const me = await login(t, email);
      const res = await t.http().get('/me/notices').set(me.auth).expect(200);
      expect(res.body[0]).toMatchObject({
        type: 'WELCOME',
        subject: 'Bienvenue sur Berceau',
        action: null,
        actionWithheld: true,
      });
      expect(res.body[0].text).toContain('Bienvenue sur Berceau ! Votre compte est créé.');
      expect(JSON.stringify(res.body)).not.toMatch(/token=/);
    });

    it("lists a newcomer's messages that no mailbox received (FAILED, or PENDING between retries), with their text", async () => {
      /** Polls until the account's notice of `type` has the given status and a delivery error. */
      const undelivered = async (userId: string, type: string, status: string) => {
        for (let i = 0; i < 150; i += 1) {
          const [row] = await t.dataSource.query(
            `SELECT status FROM notices WHERE recipient_user_id = $1 AND type = $2 AND last_error IS NOT NULL`,
            [userId, type],
          );
          if (row?.status === status) return;
          await new Promise((r) => setTimeout(r, 100));
        }
        throw new Error(`no ${status} ${type} notice for ${userId}`);
      };
      const email = uniqueEmail('nosmtp');
      try {
        // No mailbox takes the welcome e-mail (a permanent refusal: FAILED)…
        smtp.rejectWith = 550;
        await t
          .http()
          .post('/auth/register')
          .send({ email, password: PASSWORD, firstName: 'Maëlys', lastName: 'Testeur' })
          .expect(202);
        const [{ id: userId }] = await t.dataSource.query(`SELECT id FROM users WHERE email = $1`, [email]);
        await undelivered(userId, 'WELCOME', 'FAILED');
        // …nor, for now, an invitation (a temporary refusal: PENDING, retried later).
        smtp.rejectWith = 451;
        const inviter = await createParentWithChild(t);
        await t.http().post(`/families/${inviter.familyId}/invitations`).set(inviter.auth).send({ email }).expect(201);
        await undelivered(userId, 'FAMILY_INVITATION', 'PENDING');
        const me = await login(t, email);
        const res = await t.http().get('/me/notices').set(me.auth).expect(200);
        expect(res.body).toEqual([
          expect.objectContaining({
            type: 'FAMILY_INVITATION',
            status: 'PENDING',
            subject: 'Invitation à rejoindre un foyer sur Berceau',
            text: expect.stringContaining('Camille vous invite'),
          }),
          expect.objectContaining({
            type: 'WELCOME',
            status: 'FAILED',
            subject: 'Bienvenue sur Berceau',
            text: expect.stringContaining('Bienvenue sur Berceau ! Votre compte est créé.'),
          }),
        ]);
        // The mail server's refusals are the operators' business: not in the family's list.
        for (const message of res.body) expect(message).not.toHaveProperty('lastError');
        expect(JSON.stringify(res.body)).not.toMatch(/\b(451|550)\b/);
        expect(smtp.to(email)).toEqual([]);
      } finally {
        smtp.rejectWith = null;
      }
    });
  });

  describe("the household's postal code (FILOUÉ, docs/rules.md#r95-filoue)", () => {
    it('is entered at creation or later, shown by GET, and must be 5 digits (400 naming postalCode)', async () => {
      const parent = await createParentWithChild(t, { postalCode: '88000' });
      const get = () => t.http().get(`/families/${parent.familyId}`).set(parent.auth).expect(200);
      expect((await get()).body.postalCode).toBe('88000');
      for (const postalCode of ['8870', '88 700', '2A004', '887000']) {
        const bad = await t
          .http()
          .patch(`/families/${parent.familyId}`)
          .set(parent.auth)
          .send({ postalCode })
          .expect(400);
        expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(['postalCode']);
      }
      const patched = await t
        .http()
        .patch(`/families/${parent.familyId}`)
        .set(parent.auth)
        .send({ postalCode: '88700' })
        .expect(200);
      expect(patched.body.postalCode).toBe('88700');
      expect((await get()).body).toMatchObject({ postalCode: '88700', communeInseeCode: '88372' });
      // A code entered by mistake is taken back with null (the FILOUÉ file then lists it as missing).
      await t.http().patch(`/families/${parent.familyId}`).set(parent.auth).send({ postalCode: null }).expect(200);
      expect((await get()).body).toMatchObject({ postalCode: null, communeInseeCode: '88372' });
      const other = await createUser(t, 'PARENT');
      const refused = await t
        .http()
        .post('/families')
        .set(other.auth)
        .send({ ...HOUSEHOLD, postalCode: 'abcde' })
        .expect(400);
      expect(refused.body.details[0].field).toBe('postalCode');
    });
  });

  describe('GET /families/:id/export ("Mes données")', () => {
    it('downloads a readable JSON file: French names, dates as dates, no internal column', async () => {
      const parent = await createParentWithChild(t, { cafNumber: '7654321', postalCode: '88700' });
      await t
        .http()
        .post(`/families/${parent.familyId}/invitations`)
        .set(parent.auth)
        .send({ email: uniqueEmail('x') })
        .expect(201);
      const res = await t.http().get(`/families/${parent.familyId}/export`).set(parent.auth).expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['content-disposition']).toMatch(
        /^attachment; filename="berceau-mes-donnees-\d{4}-\d{2}-\d{2}\.json"$/,
      );
      expect(res.body['Exporté le']).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      expect(res.body.Foyer).toMatchObject({
        'Identifiant du foyer': parent.familyId,
        'Commune (code INSEE)': '88372',
        'Code postal': '88700',
        'Ressources mensuelles (euros)': '2400.00',
        "Numéro d'allocataire": '7654321',
      });
      expect(res.body.Parents).toEqual([
        expect.objectContaining({ 'Adresse e-mail': parent.email, Prénom: 'Camille' }),
      ]);
      // A calendar date stays the day it is (not a shifted midnight in UTC).
      expect(res.body.Enfants).toEqual([expect.objectContaining({ Prénom: 'Lou', 'Date de naissance': '2026-02-10' })]);
      expect(res.body['Invitations envoyées']).toHaveLength(1);
      const text = JSON.stringify(res.body);
      for (const internal of [
        'password',
        'token_version',
        'tokenVersion',
        'idempotency',
        'claimed_until',
        'sha256',
        'document_key',
        'created_at',
      ])
        expect(text).not.toContain(internal);
      expect(text).not.toMatch(/T\d{2}:\d{2}:\d{2}\.\d{3}Z/);
    });
  });
});
