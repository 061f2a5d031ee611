import { NoticeDeliveryService } from '../../src/modules/notices/notice-delivery.service';
import { assignManagers, createCreche, createTerritory } from '../support/factories';
import { SmtpSink } from '../support/smtp-sink';
import { untilWaitingOnLocks, withHeldTransaction } from '../support/held-transaction';
import { INVITATIONS_PER_HOUR } from '../../src/modules/users/registration-limiter';
import { createUser, startTestApp, TestApp, TestUser } from '../support/test-app';
import { atPlaceFr } from '../../src/common/text/french-places';

const CHOSEN_PASSWORD = 'le pointage du matin 05h30';

/**
 * Issue #16: a crèche's manager makes the staff accounts of its auxiliaries (pointage only) without an admin. The
 * account is made, named to the team and e-mailed a link that sets its first password; until then nobody can sign
 * in with it. Over the real queue and SMTP.
 */
describe("A crèche's staff accounts, invited by its manager", () => {
  const smtp = new SmtpSink();
  let t: TestApp;
  let admin: TestUser;
  let manager: TestUser;
  let otherManager: TestUser;
  let crecheId: string;
  let crecheName: string;

  beforeAll(async () => {
    await smtp.start();
    t = await startTestApp({ runWorkers: true, env: { SMTP_URL: smtp.url } });
    admin = await createUser(t, 'ADMIN');
    manager = await createUser(t, 'MANAGER');
    otherManager = await createUser(t, 'MANAGER');
    const territoryId = (await createTerritory(t, admin)).id;
    const creche = await createCreche(t, admin, territoryId, { capacityBands: [] });
    ({ id: crecheId, name: crecheName } = creche);
    await assignManagers(t, admin, crecheId, manager);
    const elsewhere = await createCreche(t, admin, territoryId, { capacityBands: [] });
    await assignManagers(t, admin, elsewhere.id, otherManager);
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  const invite = (who: TestUser, body: object, id = crecheId) =>
    t.http().post(`/creches/${id}/staff/invitations`).set(who.auth).send(body);

  /** Until a statement of the run's database waits on a lock (a request blocked behind a transaction a test holds). */
  /** The link's token of the n-th (0-based) invitation e-mailed to `email`. */
  async function invitationTokenSentTo(email: string, n = 0, toCreche = crecheName): Promise<string> {
    await smtp.waitFor(() => smtp.to(email).length > n);
    const mail = smtp.to(email)[n];
    expect(mail.subject).toBe(`Votre compte Berceau pour le pointage ${atPlaceFr(toCreche)}`);
    expect(mail.text).toMatch(/valable 7 jours/);
    const match = /https?:\/\/\S+\/nouveau-mot-de-passe\?token=([^\s"<>]+)/.exec(mail.text);
    expect(match).not.toBeNull();
    return decodeURIComponent(match![1]);
  }

  it('makes the account, names it to the team and e-mails the link that sets its password', async () => {
    const res = await invite(manager, {
      email: '  Lea.Petit@Example.fr ',
      firstName: ' Léa ',
      lastName: 'Petit',
    }).expect(201);
    const [member] = res.body.members;
    expect(member).toEqual({
      id: expect.any(String),
      email: 'lea.petit@example.fr',
      firstName: 'Léa',
      lastName: 'Petit',
      emailVerified: false,
      disabled: false,
    });
    expect(res.body.userIds).toEqual([member.id]);
    const [account] = await t.dataSource.query(`SELECT role FROM users WHERE id = $1`, [member.id]);
    expect(account.role).toBe('CRECHE_STAFF');
    const audit = await t.dataSource.query(
      `SELECT action, actor_user_id, details FROM audit_events WHERE (subject_id = $1 OR subject_id = $2)
         AND action IN ('user.created', 'creche.staff_invited') ORDER BY action`,
      [member.id, crecheId],
    );
    expect(audit).toEqual([
      {
        action: 'creche.staff_invited',
        actor_user_id: manager.id,
        details: { userId: member.id, existingAccount: false },
      },
      { action: 'user.created', actor_user_id: manager.id, details: { role: 'CRECHE_STAFF', invited: true } },
    ]);

    // Nobody signs in with it before its owner has chosen the password.
    await t.http().post('/auth/login').send({ email: member.email, password: CHOSEN_PASSWORD }).expect(401);
    const token = await invitationTokenSentTo(member.email);
    // The link lasts a week, not the hour of a forgotten password's.
    const [link] = await t.dataSource.query(
      `SELECT extract(epoch FROM expires_at - now()) / 3600 AS hours FROM password_reset_tokens WHERE user_id = $1`,
      [member.id],
    );
    expect(Number(link.hours)).toBeGreaterThan(7 * 24 - 1);
    expect(Number(link.hours)).toBeLessThanOrEqual(7 * 24);
    await t.http().post('/auth/password-reset').send({ token, password: CHOSEN_PASSWORD }).expect(204);

    // Signed in, the account works at its crèche, and its address is proved.
    const login = await t
      .http()
      .post('/auth/login')
      .send({ email: member.email, password: CHOSEN_PASSWORD })
      .expect(200);
    const auth = { Authorization: `Bearer ${login.body.accessToken}` };
    expect((await t.http().get('/me').set(auth).expect(200)).body.role).toBe('CRECHE_STAFF');
    const mine = await t.http().get('/me/creches').set(auth).expect(200);
    expect(mine.body.map((c: { id: string }) => c.id)).toEqual([crecheId]);
    // Its messages show the invitation, never its link (it proves the address by being received there), and reading
    // them makes no new link.
    const links = async () =>
      (
        await t.dataSource.query(`SELECT count(*)::int AS n FROM password_reset_tokens WHERE user_id = $1`, [member.id])
      )[0].n;
    const before = await links();
    const notices = await t.http().get('/me/notices').set(auth).expect(200);
    expect(JSON.stringify(notices.body)).not.toContain('nouveau-mot-de-passe');
    expect(notices.body).not.toHaveLength(0);
    await t.http().get('/me/notices').set(auth).expect(200);
    expect(await links()).toBe(before);
    // Accepted, the invitation reads as such: the way to sign in, no link.
    expect(JSON.stringify(notices.body)).toContain('Votre mot de passe est choisi');
    const team = await t.http().get(`/creches/${crecheId}/staff`).set(manager.auth).expect(200);
    expect(team.body.members).toEqual([{ ...member, emailVerified: true }]);
  });

  it('refuses a taken address (409), a bad field (400 naming it), and anyone but the crèche’s managers and admins', async () => {
    const taken = await createUser(t, 'PARENT');
    const person = { email: 'tom.roux@example.fr', firstName: 'Tom', lastName: 'Roux' };
    const conflict = await invite(manager, { ...person, email: taken.email }).expect(409);
    expect(conflict.body.code).toBe('USER.EMAIL_TAKEN');
    const bad = await invite(manager, { email: 'pas-une-adresse', lastName: 'Roux' }).expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['email', 'firstName']);
    await invite(manager, { ...person, role: 'ADMIN' })
      .expect(400)
      .expect((r) => expect(r.body.details[0].field).toBe('role'));
    await invite(otherManager, person).expect(404);
    await invite(manager, person, '7b0c5a4e-2f5d-4c1e-9a53-0d5f3e1c2b4a').expect(404);
    for (const role of ['PARENT', 'CRECHE_STAFF', 'CAF_AUDITOR'] as const)
      await invite(await createUser(t, role), person).expect(403);
    // Nothing of the refused ones was made: no account, no e-mail.
    const [none] = await t.dataSource.query(`SELECT count(*)::int AS n FROM users WHERE email = $1`, [person.email]);
    expect(none.n).toBe(0);
    expect(smtp.to(person.email)).toEqual([]);

    // An admin invites to any crèche; the team then holds both accounts, by last name.
    const res = await invite(admin, person).expect(201);
    expect(res.body.members.map((m: { lastName: string }) => m.lastName)).toEqual(['Petit', 'Roux']);
  });
  it('names an auxiliary who has a staff account already to another crèche: e-mailed, no second account', async () => {
    const [m, other] = [await createUser(t, 'MANAGER'), await createUser(t, 'MANAGER')];
    const territoryId = (await createTerritory(t, admin)).id;
    const [a, b, c] = [
      await createCreche(t, admin, territoryId, { capacityBands: [] }),
      await createCreche(t, admin, territoryId, { capacityBands: [] }),
      await createCreche(t, admin, territoryId, { capacityBands: [] }),
    ];
    await assignManagers(t, admin, a.id, m);
    await assignManagers(t, admin, b.id, m);
    await assignManagers(t, admin, c.id, other);
    // Zoé works at crèche A with the account she uses; her manager names her to crèche B too, by her address (the
    // names typed are not applied: the account keeps its own).
    const zoe = await createUser(t, 'CRECHE_STAFF', { firstName: 'Zoé', lastName: 'Marchal' });
    const typed = { email: zoe.email.toUpperCase(), firstName: 'Autre', lastName: 'Nom' };
    await invite(m, typed, a.id).expect(201);
    const res = await invite(m, typed, b.id).expect(201);
    expect(res.body.members).toEqual([
      { id: zoe.id, email: zoe.email, firstName: 'Zoé', lastName: 'Marchal', emailVerified: true, disabled: false },
    ]);
    const [accounts] = await t.dataSource.query(`SELECT count(*)::int AS n FROM users WHERE email = $1`, [zoe.email]);
    expect(accounts.n).toBe(1);
    const mine = await t.http().get('/me/creches').set(zoe.auth).expect(200);
    expect(mine.body.map((x: { id: string }) => x.id).sort()).toEqual([a.id, b.id].sort());
    const [audit] = await t.dataSource.query(
      `SELECT details FROM audit_events WHERE action = 'creche.staff_invited' AND subject_id = $1`,
      [b.id],
    );
    expect(audit.details).toEqual({ userId: zoe.id, existingAccount: true });
    // Her e-mail says she joined B's team and signs in as usual: no link to choose a password.
    await smtp.waitFor(() => smtp.to(zoe.email).some((x) => x.subject.endsWith(b.name)));
    const mail = smtp.to(zoe.email).find((x) => x.subject.endsWith(b.name))!;
    expect(mail.subject).toBe(`Votre compte Berceau pour le pointage ${atPlaceFr(b.name)}`);
    expect(mail.text).toContain(`La direction de la crèche ${b.name} a ajouté votre compte Berceau à son équipe`);
    expect(mail.text).toContain('Connectez-vous comme d’habitude');
    expect(mail.text).not.toContain('nouveau-mot-de-passe');

    // Refused (409), nothing changed: the same team again (said so). A manager is told no more than that the address
    // has an account that cannot join (one at a crèche they do not run, another kind, a disabled one): the same
    // answer for each; an admin is told why.
    const again = await invite(m, typed, b.id).expect(409);
    expect(again.body.code).toBe('STAFF.ALREADY_IN_TEAM');
    const gone = await createUser(t, 'CRECHE_STAFF');
    await t.http().post(`/users/${gone.id}/disable`).set(admin.auth).expect(204);
    const refusals = [await invite(other, typed, c.id).expect(409)];
    for (const role of ['PARENT', 'MANAGER', 'CAF_AUDITOR'] as const)
      refusals.push(await invite(m, { ...typed, email: (await createUser(t, role)).email }, b.id).expect(409));
    refusals.push(await invite(m, { ...typed, email: gone.email }, b.id).expect(409));
    expect(new Set(refusals.map((r) => JSON.stringify([r.body.code, r.body.message])))).toEqual(
      new Set([JSON.stringify(['USER.EMAIL_TAKEN', refusals[0].body.message])]),
    );
    expect((await invite(admin, { ...typed, email: gone.email }, b.id).expect(409)).body.code).toBe(
      'STAFF.ACCOUNT_DISABLED',
    );
    const parent = await createUser(t, 'PARENT');
    expect((await invite(admin, { ...typed, email: parent.email }, b.id).expect(409)).body.message).toMatch(
      /n’est pas un compte de pointage/,
    );
    expect((await t.http().get(`/creches/${c.id}/staff`).set(other.auth).expect(200)).body.userIds).toEqual([]);
    expect((await t.http().get(`/creches/${b.id}/staff`).set(m.auth).expect(200)).body.userIds).toEqual([zoe.id]);
    await invite(admin, typed, c.id).expect(201);

    // An invitation not yet accepted, named to a second team of the same manager: a fresh link to choose the password.
    const person = { email: `ines.${Date.now()}@example.fr`, firstName: 'Inès', lastName: 'Haddad' };
    await invite(m, person, a.id).expect(201);
    await invitationTokenSentTo(person.email, 0, a.name);
    await invite(m, person, b.id).expect(201);
    const token = await invitationTokenSentTo(person.email, 1, b.name);
    expect(smtp.to(person.email)[1].text).toContain('a ajouté votre compte Berceau à son équipe');
    await t.http().post('/auth/password-reset').send({ token, password: CHOSEN_PASSWORD }).expect(204);
    const ines = await t
      .http()
      .post('/auth/login')
      .send({ email: person.email, password: CHOSEN_PASSWORD })
      .expect(200);
    const inesCreches = await t
      .http()
      .get('/me/creches')
      .set({ Authorization: `Bearer ${ines.body.accessToken}` })
      .expect(200);
    expect(inesCreches.body.map((x: { id: string }) => x.id).sort()).toEqual([a.id, b.id].sort());
  });

  it('keeps an account named to another team while it is taken off this one (the removal waits, then sees it)', async () => {
    const m = await createUser(t, 'MANAGER');
    const territoryId = (await createTerritory(t, admin)).id;
    const [a, b] = [
      await createCreche(t, admin, territoryId, { capacityBands: [] }),
      await createCreche(t, admin, territoryId, { capacityBands: [] }),
    ];
    await assignManagers(t, admin, a.id, m);
    await assignManagers(t, admin, b.id, m);
    const person = { email: `ines.race.${Date.now()}@example.fr`, firstName: 'Inès', lastName: 'Haddad' };
    const invited = await invite(m, person, a.id).expect(201);
    const inesId = invited.body.userIds[0] as string;

    // An invitation to crèche B in flight, as inviteStaff makes it: the account's row locked, B's team row written,
    // not committed yet. Meanwhile Inès is taken off A's team.
    const removal = await withHeldTransaction(t.dataSource, async (q) => {
      await q.query(`SELECT id FROM users WHERE email = $1 FOR UPDATE`, [person.email]);
      await q.query(`INSERT INTO creche_staff (creche_id, user_id) VALUES ($1, $2)`, [b.id, inesId]);
      const removing = t
        .http()
        .delete(`/creches/${a.id}/staff/${inesId}`)
        .set(m.auth)
        .then((r) => r);
      await untilWaitingOnLocks(t.dataSource);
      await q.commitTransaction();
      return removing;
    });
    expect(removal.status).toBe(200);
    // Still in B's team, her account is not erased: her invitation's link still works.
    const [account] = await t.dataSource.query(`SELECT email, disabled_at FROM users WHERE id = $1`, [inesId]);
    expect(account).toEqual({ email: person.email, disabled_at: null });
    expect((await t.http().get(`/creches/${b.id}/staff`).set(m.auth).expect(200)).body.userIds).toEqual([inesId]);
  });

  it('refuses control characters in a name (400 naming it) and a NUL anywhere (400, never a 500)', async () => {
    const person = { email: 'nul.byte@example.fr', firstName: 'Léa', lastName: 'Petit' };
    for (const firstName of ['L\u0000a', 'Léa\n\nCliquez sur http://evil.example', 'Léa\u2028Cliquez', 'L\u202Eéa'])
      await invite(manager, { ...person, firstName })
        .expect(400)
        .expect((r) => expect(r.body.details.map((d: { field: string }) => d.field)).toEqual(['firstName']));
    // A territory's names are one line too, named when refused.
    const territory = await t
      .http()
      .post('/territories')
      .set(admin.auth)
      .send({ name: 'CC\u0000', communes: [{ inseeCode: '88372', name: 'Ramber\u0000villers' }] })
      .expect(400);
    expect(territory.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['communes[0].name', 'name']);
    // A value no validator reads for it: PostgreSQL refuses the NUL, and the answer says the request is at fault.
    const filter = await t.http().get('/audit/events').query({ action: 'a\u0000b' }).set(admin.auth).expect(400);
    expect(filter.body.code).toBe('REQUEST.MALFORMED');
  });

  it('takes one account off the team; a pending invitation is then withdrawn, and the address can be invited again', async () => {
    const second = await createCreche(t, admin, (await createTerritory(t, admin)).id, { capacityBands: [] });
    const crecheId2 = second.id;
    await assignManagers(t, admin, crecheId2, manager);
    const invited = async (email: string, firstName: string) =>
      (await invite(manager, { email, firstName, lastName: 'Martin' }, crecheId2).expect(201)).body.members.find(
        (m: { email: string }) => m.email === email,
      ) as { id: string; email: string };
    const ana = await invited('ana.martin@example.fr', 'Ana');
    const bea = await invited('bea.martin@example.fr', 'Béa');
    const cam = await invited('cam.martin@example.fr', 'Cam');
    const remove = (who: TestUser, userId: string, id = crecheId2) =>
      t.http().delete(`/creches/${id}/staff/${userId}`).set(who.auth);

    // A path that is not an id is refused naming its own parameter.
    const typo = await remove(manager, 'not-a-uuid').expect(400);
    expect(typo.body.details).toEqual([{ field: 'userId', errors: ['userId must be a UUID'] }]);
    // Béa's account is disabled by an admin: the team still changes, with or without her.
    await t.http().post(`/users/${bea.id}/disable`).set(admin.auth).expect(204);
    const afterCam = await remove(manager, cam.id).expect(200);
    expect(afterCam.body.userIds.sort()).toEqual([ana.id, bea.id].sort());
    expect(afterCam.body.members.find((m: { id: string }) => m.id === bea.id).disabled).toBe(true);
    await t
      .http()
      .put(`/creches/${crecheId2}/staff`)
      .set(manager.auth)
      .send({ userIds: [ana.id, bea.id] })
      .expect(200);
    // Not in the team, another crèche's manager, a staff account: 404, 404, 403.
    await remove(manager, cam.id).expect(404);
    await remove(otherManager, ana.id).expect(404);
    await remove(await createUser(t, 'CRECHE_STAFF'), ana.id).expect(403);

    // Cam was taken off before choosing a password: her link no longer works, nobody signs in with it, and the account,
    // never used, is erased (the address is free again).
    const camToken = await invitationTokenSentTo(cam.email, 0, second.name);
    await t.http().post('/auth/password-reset').send({ token: camToken, password: CHOSEN_PASSWORD }).expect(400);
    await t.http().post('/auth/login').send({ email: cam.email, password: CHOSEN_PASSWORD }).expect(401);
    const [erased] = await t.dataSource.query(
      `SELECT email, first_name, disabled_at IS NOT NULL AS disabled FROM users WHERE id = $1`,
      [cam.id],
    );
    expect(erased).toEqual({ email: `erased-${cam.id}@erased.invalid`, first_name: 'Effacé', disabled: true });
    const withdrawn = await t.dataSource.query(
      `SELECT actor_user_id FROM audit_events WHERE action = 'user.invitation_withdrawn' AND subject_id = $1`,
      [cam.id],
    );
    expect(withdrawn).toEqual([{ actor_user_id: manager.id }]);
    // Invited again (the right names after all): a new account, a new e-mail whose link works.
    const again = await invite(
      manager,
      { email: cam.email, firstName: 'Camille', lastName: 'Martin' },
      crecheId2,
    ).expect(201);
    const camille = again.body.members.find((m: { email: string }) => m.email === cam.email);
    expect(camille).toMatchObject({ firstName: 'Camille', emailVerified: false });
    expect(camille.id).not.toBe(cam.id);
    const newToken = await invitationTokenSentTo(cam.email, 1, second.name);
    expect(smtp.to(cam.email)[1].text).toMatch(/^Bonjour Camille,/m);
    await t.http().post('/auth/password-reset').send({ token: newToken, password: CHOSEN_PASSWORD }).expect(204);
    await t.http().post('/auth/login').send({ email: cam.email, password: CHOSEN_PASSWORD }).expect(200);
    // In use, the account stays when taken off (it keeps its password); invited again, it comes back as it is.
    await remove(manager, camille.id).expect(200);
    const back = await invite(manager, { email: cam.email, firstName: 'Cam', lastName: 'Martin' }, crecheId2).expect(
      201,
    );
    expect(back.body.members.find((m: { email: string }) => m.email === cam.email)).toMatchObject({
      id: camille.id,
      firstName: 'Camille',
      emailVerified: true,
    });
    await t.http().post('/auth/login').send({ email: cam.email, password: CHOSEN_PASSWORD }).expect(200);
  }, 90_000);

  it(`limits each account to ${INVITATIONS_PER_HOUR} invitations an hour (429)`, async () => {
    const busy = await createUser(t, 'MANAGER');
    const id = (await createCreche(t, admin, (await createTerritory(t, admin)).id, { capacityBands: [] })).id;
    await assignManagers(t, admin, id, busy);
    const person = (n: number) => ({ email: `aux.${n}@example.fr`, firstName: 'Aux', lastName: `N${n}` });
    for (let n = 0; n < INVITATIONS_PER_HOUR; n += 1) await invite(busy, person(n), id).expect(201);
    const refused = await invite(busy, person(INVITATIONS_PER_HOUR), id).expect(429);
    expect(refused.body.code).toBe('REQUEST.TOO_MANY');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Another manager is not held back by it.
    await invite(manager, person(99)).expect(201);
  }, 90_000);
  it('writes no e-mail nor link for an invitation withdrawn before it was sent', async () => {
    // No worker and no queue here (Redis unreachable): the invitations wait in the outbox until delivered below.
    const api = await startTestApp({ env: { REDIS_URL: 'redis://127.0.0.1:6397', SMTP_URL: smtp.url } });
    try {
      const a = await createUser(api, 'ADMIN');
      const m = await createUser(api, 'MANAGER');
      const id = (await createCreche(api, a, (await createTerritory(api, a)).id, { capacityBands: [] })).id;
      await assignManagers(api, a, id, m);
      const send = async (email: string) =>
        (
          await api
            .http()
            .post(`/creches/${id}/staff/invitations`)
            .set(m.auth)
            .send({ email, firstName: 'Zoé', lastName: 'Faure' })
            .expect(201)
        ).body.members.find((x: { email: string }) => x.email === email) as { id: string; email: string };
      const typo = await send('zoe.faure@exmaple.fr');
      const right = await send('zoe.faure@example.fr');
      // The mistyped address is taken off before its e-mail went out (a queue behind, an SMTP server retrying).
      await api.http().delete(`/creches/${id}/staff/${typo.id}`).set(m.auth).expect(200);
      const delivery = api.app.get(NoticeDeliveryService);
      const noticeOf = async (userId: string) =>
        (
          await api.dataSource.query(
            `SELECT id FROM notices WHERE recipient_user_id = $1 AND type = 'STAFF_INVITATION'`,
            [userId],
          )
        )[0].id as string;
      await expect(delivery.deliver(await noticeOf(typo.id), { isLastAttempt: false })).resolves.toBe('FAILED');
      await expect(delivery.deliver(await noticeOf(right.id), { isLastAttempt: false })).resolves.toBe('SENT');
      expect(smtp.to(typo.email)).toEqual([]);
      expect(smtp.to(right.email)).toHaveLength(1);
      const links = await api.dataSource.query(
        `SELECT user_id FROM password_reset_tokens WHERE user_id = ANY($1::uuid[])`,
        [[typo.id, right.id]],
      );
      expect(links).toEqual([{ user_id: right.id }]);

      // Accounts in use named to this team: one taken off before its e-mail was written is not told it joined.
      const [kept, dropped] = [await createUser(api, 'CRECHE_STAFF'), await createUser(api, 'CRECHE_STAFF')];
      for (const who of [kept, dropped]) await send(who.email);
      await api.http().delete(`/creches/${id}/staff/${dropped.id}`).set(m.auth).expect(200);
      await expect(delivery.deliver(await noticeOf(dropped.id), { isLastAttempt: false })).resolves.toBe('FAILED');
      await expect(delivery.deliver(await noticeOf(kept.id), { isLastAttempt: false })).resolves.toBe('SENT');
      expect(smtp.to(dropped.email)).toEqual([]);
      expect(smtp.to(kept.email).map((x) => x.text)).toEqual([
        expect.stringContaining('a ajouté votre compte Berceau'),
      ]);
    } finally {
      await api.close();
    }
  });

  it('makes one account, in one team, when two crèches invite the same new address at once', async () => {
    const managers = [await createUser(t, 'MANAGER'), await createUser(t, 'MANAGER')];
    const territoryId = (await createTerritory(t, admin)).id;
    const ids: string[] = [];
    for (const m of managers) {
      const id = (await createCreche(t, admin, territoryId, { capacityBands: [] })).id;
      await assignManagers(t, admin, id, m);
      ids.push(id);
    }
    for (let round = 0; round < 3; round += 1) {
      const person = { email: `race.${round}@example.fr`, firstName: 'Noa', lastName: 'Roy' };
      const answers = await Promise.all([invite(managers[0], person, ids[0]), invite(managers[1], person, ids[1])]);
      expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
      const [row] = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM creche_staff s JOIN users u ON u.id = s.user_id WHERE u.email = $1`,
        [person.email],
      );
      expect(row.n).toBe(1);
    }
    // Two crèches of one manager at once: one account, in both teams (the one that found the address taken since its
    // look-up tries again and names it).
    const both = await createUser(t, 'MANAGER');
    const mine: string[] = [];
    for (let i = 0; i < 2; i += 1) {
      const id = (await createCreche(t, admin, territoryId, { capacityBands: [] })).id;
      await assignManagers(t, admin, id, both);
      mine.push(id);
    }
    for (let round = 0; round < 3; round += 1) {
      const person = { email: `race.same.${round}@example.fr`, firstName: 'Noa', lastName: 'Roy' };
      const answers = await Promise.all(mine.map((id) => invite(both, person, id)));
      expect(answers.map((r) => r.status)).toEqual([201, 201]);
      const rows = await t.dataSource.query(
        `SELECT s.creche_id FROM creche_staff s JOIN users u ON u.id = s.user_id WHERE u.email = $1`,
        [person.email],
      );
      expect(rows.map((r: { creche_id: string }) => r.creche_id).sort()).toEqual([...mine].sort());
    }
    // The same, made certain: the first invitation's account inserted (into the first crèche's team) and not committed
    // while the second looks the address up; its insert then waits, fails on the address, and the second tries again.
    const email = `race.same.held@example.fr`;
    const { answer, heldId } = await withHeldTransaction(t.dataSource, async (q) => {
      const [held] = await q.query(
        `INSERT INTO users (email, password_hash, first_name, last_name, role) VALUES ($1, 'x', 'Noa', 'Roy', 'CRECHE_STAFF')
         RETURNING id`,
        [email],
      );
      await q.query(`INSERT INTO creche_staff (creche_id, user_id) VALUES ($1, $2)`, [mine[0], held.id]);
      const second = invite(both, { email, firstName: 'Noa', lastName: 'Roy' }, mine[1]).then((r) => r);
      await untilWaitingOnLocks(t.dataSource);
      await q.commitTransaction();
      return { answer: await second, heldId: held.id as string };
    });
    expect(answer.status).toBe(201);
    expect(answer.body.userIds).toContain(heldId);
  });
});
