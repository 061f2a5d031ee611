import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { ApplicationsController } from '../../src/modules/applications/applications.controller';
import { KeepAliveService } from '../../src/modules/applications/keep-alive.service';
import type { Clock } from '../../src/common/time/clock';
import { SmtpSink } from '../support/smtp-sink';
import { assignManagers, createCreche, createTerritory, fullWeek } from '../support/factories';
import { createParentWithChild, HOUSEHOLD } from '../support/families';
import { ownDatabaseUrl } from '../support/own-database';
import { createUser, startTestApp, TestApp, TestUser, uniqueEmail, PASSWORD, login } from '../support/test-app';
import { WorkerHost } from '../../src/common/queue/worker.host';
import { WaitlistService } from '../../src/modules/waitlist/waitlist.service';
import { atPlaceFr } from '../../src/common/text/french-places';

describe(ApplicationsController.name, () => {
  const clock: Clock & { at: Date } = {
    at: new Date('2026-11-26T10:00:00Z'),
    now() {
      return this.at;
    },
  };
  let t: TestApp;
  let admin: TestUser;
  let manager: TestUser;
  let territoryId: string;
  let micro: { id: string; name: string };
  let other: { id: string; name: string };
  const smtp = new SmtpSink();

  beforeAll(async () => {
    await smtp.start();
    // Its own database: its keep-alive runs in mid-2027 would lapse every application of the run's database, the demo's
    // that the web app's journeys read included (the Attribution and territory journeys found none left to place).
    t = await startTestApp({
      runWorkers: true,
      clock,
      env: { SMTP_URL: smtp.url, DATABASE_URL: await ownDatabaseUrl('families_applications') },
    });
    admin = await createUser(t, 'ADMIN');
    manager = await createUser(t, 'MANAGER');
    territoryId = (await createTerritory(t, admin)).id;
    micro = await createCreche(t, admin, territoryId);
    other = await createCreche(t, admin, territoryId, {
      kind: 'COLLECTIVE',
      places: 30,
      capacityBands: [],
      openingHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '07:30', closes: '18:30' })),
    });
    await assignManagers(t, admin, micro.id, manager);
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });
  afterEach(() => {
    clock.at = new Date('2026-11-26T10:00:00Z');
  });

  const apply = (who: TestUser, body: Record<string, unknown>) =>
    t.http().post('/applications').set(who.auth).send(body);
  const request = (childId: string, over: Record<string, unknown> = {}) => ({
    childId,
    desiredStartDate: '2027-09-01',
    schedule: fullWeek('05:30', '13:30'),
    preferences: [micro.id],
    ...over,
  });

  describe('families', () => {
    it('lets a parent declare one household, and hides it from others', async () => {
      const parent = await createParentWithChild(t);
      const own = await t.http().get(`/families/${parent.familyId}`).set(parent.auth).expect(200);
      expect(own.body).toMatchObject({
        communeInseeCode: '88372',
        monthlyResources: '2400.00',
        memberUserIds: [parent.id],
      });
      expect((await t.http().post('/families').set(parent.auth).send(HOUSEHOLD).expect(409)).body.code).toBe(
        'FAMILY.ALREADY_MEMBER',
      );
      const stranger = await createParentWithChild(t);
      expect((await t.http().get(`/families/${parent.familyId}`).set(stranger.auth).expect(404)).body.code).toBe(
        'FAMILY.NOT_FOUND',
      );
      await t.http().get(`/families/${parent.familyId}`).set(manager.auth).expect(404);
      await t
        .http()
        .get(`/families/${parent.familyId}`)
        .set((await createUser(t, 'CAF_AUDITOR')).auth)
        .expect(403);
    });

    it('shows a household to a manager once it applies to one of their crèches', async () => {
      const parent = await createParentWithChild(t);
      await apply(parent, request(parent.childId)).expect(201);
      await t.http().get(`/families/${parent.familyId}`).set(manager.auth).expect(200);
      await t.http().get(`/families/${parent.familyId}/children`).set(manager.auth).expect(200);
    });

    it('validates the household (unknown resources allowed) and the children', async () => {
      const parent = await createUser(t, 'PARENT');
      const bad = await t
        .http()
        .post('/families')
        .set(parent.auth)
        .send({ ...HOUSEHOLD, monthlyResources: 'beaucoup', parentsActivity: 'RETIRED', aeehChildren: 2 })
        .expect(400);
      expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
        'monthlyResources',
        'parentsActivity',
      ]);
      const family = await t
        .http()
        .post('/families')
        .set(parent.auth)
        .send({ ...HOUSEHOLD, monthlyResources: 'unknown' })
        .expect(201);
      expect(family.body.monthlyResources).toBe('unknown');
      await t
        .http()
        .post(`/families/${family.body.id}/children`)
        .set(parent.auth)
        .send({ firstName: 'Noé', disability: false })
        .expect(400);
      const expected = await t
        .http()
        .post(`/families/${family.body.id}/children`)
        .set(parent.auth)
        .send({ firstName: 'Noé', expectedBirthDate: '2027-02-01', disability: false })
        .expect(201);
      // Born four days early, said once born (a birth date is never in the future).
      clock.at = new Date('2027-01-29T10:00:00Z');
      const born = await t
        .http()
        .patch(`/families/${family.body.id}/children/${expected.body.id}`)
        .set(parent.auth)
        .send({ birthDate: '2027-01-28' })
        .expect(200);
      expect(born.body).toMatchObject({ birthDate: '2027-01-28', expectedBirthDate: null });
    });

    it('lets a second parent join by invitation, with an e-mail notice when they have an account', async () => {
      const parent = await createParentWithChild(t);
      const email = uniqueEmail('second');
      await t
        .http()
        .post('/auth/register')
        .send({ email, password: PASSWORD, firstName: 'Alex', lastName: 'M' })
        .expect(202);
      const second = await login(t, email);
      // The new account proves its address first (the link of its welcome e-mail: see email-verification.e2e-spec).
      await t.dataSource.query(`UPDATE users SET email_verified_at = now() WHERE email = $1`, [email]);
      const inv = await t
        .http()
        .post(`/families/${parent.familyId}/invitations`)
        .set(parent.auth)
        .send({ email: email.toUpperCase() })
        .expect(201);
      const [notice] = await t.dataSource.query(`SELECT type FROM notices WHERE idempotency_key = $1`, [
        `family-invitation-${inv.body.id}`,
      ]);
      expect(notice.type).toBe('FAMILY_INVITATION');
      const mine = await t.http().get('/me/invitations').set(second.auth).expect(200);
      expect(mine.body).toEqual([
        { id: inv.body.id, familyId: parent.familyId, invitedByFirstName: 'Camille', createdAt: expect.any(String) },
      ]);
      await t.http().post(`/family-invitations/${inv.body.id}/accept`).set(second.auth).expect(200);
      const family = await t.http().get(`/families/${parent.familyId}`).set(second.auth).expect(200);
      expect(family.body.memberUserIds).toHaveLength(2);
      await t.http().post(`/family-invitations/${inv.body.id}/accept`).set(second.auth).expect(404);
    });

    it('refuses a change of resources by PATCH (a declaration with its proof now): the running fee stays', async () => {
      const parent = await createParentWithChild(t, { monthlyResources: '3000.00', dependentChildren: 2 });
      const contract = await t
        .http()
        .post(`/creches/${micro.id}/contracts`)
        .set(manager.auth)
        .send({
          childId: parent.childId,
          startDate: '2026-11-02',
          endDate: '2027-07-30',
          schedule: [{ weekday: 6, from: '08:00', to: '12:00' }],
        })
        .expect(201);
      // Typed at sign-up, not checked yet: the floor, at the one-child rate (814.62 € × 0.0619 % = 0.50 €/h), until
      // declarations of the resources and of the children are validated.
      expect(contract.body.fee).toMatchObject({ hourlyRate: '0.50' });
      // Issue #14 §4: a backdated PATCH took 349.13 € down to 77.18 € from the contract's first day.
      const res = await t
        .http()
        .patch(`/families/${parent.familyId}`)
        .set(parent.auth)
        .send({ monthlyResources: '1500.00', effectiveFrom: '2026-11-02' })
        .expect(400);
      expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
        'effectiveFrom',
        'monthlyResources',
      ]);
      const family = await t.http().get(`/families/${parent.familyId}`).set(parent.auth).expect(200);
      expect(family.body.monthlyResources).toBe('3000.00');
      const changed = await t.dataSource.query(
        `SELECT 1 FROM fee_computations WHERE contract_id = $1 AND reason = 'INPUTS_CHANGED'`,
        [contract.body.id],
      );
      expect(changed).toEqual([]);
    });
  });

  describe('applications', () => {
    it('accepts an application (201), audits it and queues the "application received" notice', async () => {
      const parent = await createParentWithChild(t);
      const res = await apply(
        parent,
        request(parent.childId, { preferences: [micro.id, other.id], schedule: fullWeek('07:30', '13:30') }),
      ).expect(201);
      expect(res.body).toMatchObject({ status: 'SUBMITTED', childId: parent.childId });
      const [notice] = await t.dataSource.query(`SELECT type, recipient_user_id FROM notices WHERE subject_id = $1`, [
        res.body.id,
      ]);
      expect(notice).toEqual({ type: 'APPLICATION_RECEIVED', recipient_user_id: parent.id });
      const [event] = await t.dataSource.query(`SELECT action FROM audit_events WHERE subject_id = $1`, [res.body.id]);
      expect(event.action).toBe('application.submitted');
      await smtp.waitFor(() => smtp.to(parent.email).some((m) => m.subject === 'Demande de place reçue pour Lou'));
      const mail = smtp.to(parent.email).find((m) => m.subject === 'Demande de place reçue pour Lou')!;
      expect(mail.text).toContain('01/09/2027');
      expect(mail.text).toContain('lundi 07:30–13:30');
      expect(mail.text).toContain(`${micro.name} ; ${other.name}`);
    });

    it('says which crèche, day and hours are outside opening hours', async () => {
      const parent = await createParentWithChild(t);
      const res = await apply(
        parent,
        request(parent.childId, {
          preferences: [micro.id, other.id],
          schedule: [{ weekday: 1, from: '05:30', to: '13:30' }],
        }),
      ).expect(400);
      expect(res.body.details).toEqual([
        { field: 'schedule[0]', errors: [`lundi 05:30-07:30 is outside the opening hours of ${other.name}`] },
      ]);
    });

    it('tells the signed-in account its household (GET /me familyId), for the page "Demander une place"', async () => {
      const parent = await createParentWithChild(t);
      expect((await t.http().get('/me').set(parent.auth).expect(200)).body.familyId).toBe(parent.familyId);
      const alone = await createUser(t, 'PARENT');
      expect((await t.http().get('/me').set(alone.auth).expect(200)).body.familyId).toBeNull();
    });

    it('takes one schedule per crèche (#15): a fallback crèche with other hours, each schedule stored and returned', async () => {
      const parent = await createParentWithChild(t);
      // The micro-crèche opens 05:00–21:00, the collective one 07:30–18:30: an early shift fits the first only.
      const early = fullWeek('05:30', '13:30');
      const standard = fullWeek('08:00', '15:00');
      const res = await apply(
        parent,
        request(parent.childId, {
          schedule: early,
          preferences: [micro.id, { crecheId: other.id, schedule: standard }],
        }),
      ).expect(201);
      const expected = [
        { crecheId: micro.id, rank: 1, schedule: early },
        { crecheId: other.id, rank: 2, schedule: standard },
      ];
      expect(res.body).toMatchObject({ schedule: early, preferences: expected });
      const mine = await t.http().get('/applications').set(parent.auth).expect(200);
      expect(mine.body.find((a: { id: string }) => a.id === res.body.id).preferences).toEqual(expected);
      const one = await t.http().get(`/applications/${res.body.id}`).set(parent.auth).expect(200);
      expect(one.body.preferences).toEqual(expected);
      // The same id in capitals is the same application (it answered 500).
      const capitals = await t.http().get(`/applications/${res.body.id.toUpperCase()}`).set(parent.auth).expect(200);
      expect(capitals.body).toEqual(one.body);
      expect(one.body.creches.map((c: { crecheId: string; schedule: unknown }) => [c.crecheId, c.schedule])).toEqual([
        [micro.id, early],
        [other.id, standard],
      ]);
      // Each crèche's waitlist counts, and checks against its hours, the schedule asked of it.
      const entryAt = async (crecheId: string) =>
        (await t.http().get(`/creches/${crecheId}/waitlist`).set(admin.auth).expect(200)).body.items.find(
          (e: { applicationId: string }) => e.applicationId === res.body.id,
        );
      expect(await entryAt(micro.id)).toMatchObject({ hoursPerWeek: 40, fitsNow: true });
      expect(await entryAt(other.id)).toMatchObject({ hoursPerWeek: 35, fitsNow: true, firstConflict: null });
      const [row] = await t.dataSource.query(
        `SELECT schedule FROM application_preferences WHERE application_id = $1 AND creche_id = $2`,
        [res.body.id, other.id],
      );
      expect(row.schedule).toEqual(standard);
      // The e-mail says what is asked of each crèche.
      const subject = 'Demande de place reçue pour Lou';
      await smtp.waitFor(() => smtp.to(parent.email).some((m) => m.subject === subject));
      const mail = smtp.to(parent.email).find((m) => m.subject === subject)!;
      expect(mail.text).toContain(`Horaires demandés ${atPlaceFr(micro.name)} : lundi 05:30–13:30`);
      expect(mail.text).toContain(`Horaires demandés ${atPlaceFr(other.name)} : lundi 08:00–15:00`);
    });

    it('takes an application whose every crèche has its own schedule, without an application-wide one', async () => {
      const parent = await createParentWithChild(t);
      const res = await apply(parent, {
        childId: parent.childId,
        desiredStartDate: '2027-09-01',
        preferences: [
          { crecheId: other.id, schedule: fullWeek('08:00', '16:00') },
          { crecheId: micro.id, schedule: fullWeek('06:00', '14:00') },
        ],
      }).expect(201);
      expect(res.body.schedule).toEqual(fullWeek('08:00', '16:00'));
      const none = await createParentWithChild(t);
      const missing = await apply(none, {
        childId: none.childId,
        desiredStartDate: '2027-09-01',
        preferences: [{ crecheId: other.id, schedule: fullWeek('08:00', '16:00') }, micro.id],
      }).expect(400);
      expect(missing.body.details.map((d: { field: string }) => d.field)).toEqual(['schedule']);
    });

    it("refuses a crèche-specific schedule outside that crèche's hours, or overlapping, naming preferences[i].schedule", async () => {
      const parent = await createParentWithChild(t);
      const outside = await apply(
        parent,
        request(parent.childId, {
          preferences: [micro.id, { crecheId: other.id, schedule: [{ weekday: 1, from: '07:00', to: '15:00' }] }],
        }),
      ).expect(400);
      expect(outside.body.details).toEqual([
        {
          field: 'preferences[1].schedule[0]',
          errors: [`lundi 07:00-07:30 is outside the opening hours of ${other.name}`],
        },
      ]);
      const overlapping = await apply(
        parent,
        request(parent.childId, {
          preferences: [
            micro.id,
            {
              crecheId: other.id,
              schedule: [
                { weekday: 2, from: '08:00', to: '12:00' },
                { weekday: 2, from: '11:00', to: '15:00' },
              ],
            },
          ],
        }),
      ).expect(400);
      expect(overlapping.body.details).toEqual([
        { field: 'preferences[1].schedule[1]', errors: ['overlaps preferences[1].schedule[0]'] },
      ]);
      const malformed = await apply(
        parent,
        request(parent.childId, {
          preferences: [{ crecheId: micro.id, schedule: [{ weekday: 8, from: '08:00', to: '07:00' }] }],
        }),
      ).expect(400);
      expect(malformed.body.details.map((d: { field: string }) => d.field)).toEqual(
        expect.arrayContaining(['preferences[0].schedule[0].weekday', 'preferences[0].schedule[0].from']),
      );
      const twice = await apply(
        parent,
        request(parent.childId, { preferences: [micro.id, { crecheId: micro.id, schedule: fullWeek() }] }),
      ).expect(400);
      expect(twice.body.details.map((d: { field: string }) => d.field)).toContain('preferences');
    });

    it.each([
      [{ preferences: ['dup', 'dup'] }, 'preferences'],
      [{ desiredStartDate: '2026-11-01' }, 'desiredStartDate'],
      [{ preferences: [] }, 'preferences'],
    ])('refuses %j naming %s', async (over, field) => {
      const parent = await createParentWithChild(t);
      const body = request(parent.childId, over);
      if (JSON.stringify(over).includes('dup')) body.preferences = [micro.id, micro.id];
      const res = await apply(parent, body).expect(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    });

    it('takes at most 5 ranked crèches: a 6th is a 400 naming preferences, the same 5 are accepted', async () => {
      const more = [];
      for (let i = 0; i < 5; i += 1) more.push(await createCreche(t, admin, territoryId));
      const six = [micro.id, ...more.map((c) => c.id)];
      const parent = await createParentWithChild(t);
      const refused = await apply(parent, request(parent.childId, { preferences: six })).expect(400);
      expect(refused.body.code).toBe('VALIDATION.FAILED');
      expect(refused.body.details).toEqual([
        { field: 'preferences', errors: [expect.stringMatching(/no more than 5/)] },
      ]);
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM applications WHERE child_id = $1`, [
        parent.childId,
      ]);
      expect(n).toBe(0);
      const five = await apply(parent, request(parent.childId, { preferences: six.slice(0, 5) })).expect(201);
      expect(five.body.preferences).toHaveLength(5);
    });

    it('refuses a child too young or too old at the start date, naming the crèche', async () => {
      // Expected in August 2027 (a birth date is never in the future): 3 weeks old on 1 September.
      const baby = await createParentWithChild(t, {}, { birthDate: undefined, expectedBirthDate: '2027-08-10' });
      const young = await apply(baby, request(baby.childId)).expect(400);
      expect(young.body.details).toEqual([
        {
          field: 'preferences[0]',
          errors: [`the child is too young for ${micro.name} at the start date (minimum 10 weeks)`],
        },
      ]);
      const big = await createParentWithChild(t, {}, { birthDate: '2023-06-01' });
      expect((await apply(big, request(big.childId)).expect(400)).body.details[0].errors[0]).toMatch(/too old/);
      const disabled = await createParentWithChild(t, {}, { birthDate: '2023-06-01', disability: true });
      await apply(disabled, request(disabled.childId)).expect(201);
    });

    it('keeps one active application per child (409), and lets the parent withdraw once', async () => {
      const parent = await createParentWithChild(t);
      const first = await apply(parent, request(parent.childId)).expect(201);
      expect((await apply(parent, request(parent.childId)).expect(409)).body.code).toBe('APPLICATION.ACTIVE_EXISTS');
      await t.http().post(`/applications/${first.body.id}/withdraw`).set(parent.auth).expect(200);
      expect(
        (await t.http().post(`/applications/${first.body.id}/withdraw`).set(parent.auth).expect(409)).body.code,
      ).toBe('APPLICATION.NOT_ACTIVE');
      await apply(parent, request(parent.childId)).expect(201);
    });

    it('keeps a child to one record: no second registration of it, and its dates corrected, not swapped, once applied', async () => {
      const parent = await createParentWithChild(t);
      const children = `/families/${parent.familyId}/children`;
      const add = (body: Record<string, unknown>) =>
        t
          .http()
          .post(children)
          .set(parent.auth)
          .send({ disability: false, ...body });
      // Registered again under a new id, it would apply again and start without the refusals of its application (R5.4).
      const again = await add({ firstName: ' lou ', birthDate: '2026-02-10' }).expect(409);
      expect(again.body.code).toBe('CHILD.DUPLICATE');
      // Nor a day apart: the same child with its date mistyped.
      expect((await add({ firstName: 'Lou.', birthDate: '2026-02-11' }).expect(409)).body.code).toBe('CHILD.DUPLICATE');
      const lina = (await add({ firstName: 'Lina', birthDate: '2026-02-10' }).expect(201)).body; // a twin
      const expected = (await add({ firstName: 'Bébé', expectedBirthDate: '2027-08-01' }).expect(201)).body;
      const patch = (childId: string, body: Record<string, unknown>) =>
        t.http().patch(`${children}/${childId}`).set(parent.auth).send(body);
      // Before any application, the dates are the household's to set.
      await patch(parent.childId, { birthDate: '2025-12-10' }).expect(200);
      await apply(parent, request(parent.childId)).expect(201);
      // Applied: a correction, yes; another child under its record (born months later, younger), no.
      await patch(parent.childId, { birthDate: '2025-12-20' }).expect(200);
      const swapped = await patch(parent.childId, { firstName: 'Cadet', birthDate: '2026-09-15' }).expect(400);
      expect(swapped.body.details[0].field).toBe('birthDate');
      // An expected child applied for: its date moves a little, or it is born (early, even); it does not move months.
      await apply(parent, { ...request(expected.id), desiredStartDate: '2028-01-03' }).expect(201);
      await patch(expected.id, { expectedBirthDate: '2027-08-20' }).expect(200);
      const later = await patch(expected.id, { expectedBirthDate: '2027-11-30' }).expect(400);
      expect(later.body.details[0].field).toBe('expectedBirthDate');
      // Nor a month at a time: measured from the date it applied with (1 August), not from its last correction.
      await patch(expected.id, { expectedBirthDate: '2027-09-01' }).expect(200);
      const walked = await patch(expected.id, { expectedBirthDate: '2027-09-10' }).expect(400);
      expect(walked.body.details[0].field).toBe('expectedBirthDate');
      // Renamed into her brother (born 52 days before her), the twin would be the same child twice; redated, no.
      expect((await patch(lina.id, { firstName: 'Lou.' }).expect(409)).body.code).toBe('CHILD.DUPLICATE');
      await patch(lina.id, { birthDate: '2025-12-20' }).expect(200);
      expect((await patch(lina.id, { firstName: 'lou' }).expect(409)).body.code).toBe('CHILD.DUPLICATE');
      const [stored] = await t.dataSource.query(
        `SELECT first_name, to_char(birth_date, 'YYYY-MM-DD') AS birth FROM children WHERE id = $1`,
        [parent.childId],
      );
      expect(stored).toEqual({ first_name: 'Lou', birth: '2025-12-20' });
    });

    it('shows the parent their rank, score and breakdown per crèche; hides it from other families (404)', async () => {
      const parent = await createParentWithChild(t, { singleParent: true, atypicalWorkHours: true });
      const res = await apply(parent, request(parent.childId)).expect(201);
      const view = await t.http().get(`/applications/${res.body.id}`).set(parent.auth).expect(200);
      expect(view.body.creches).toHaveLength(1);
      expect(view.body.creches[0]).toMatchObject({
        crecheId: micro.id,
        preferencePosition: 1,
        score: 420,
        // Declared 420; the unproved activity and single-parent claims (40 + 30) do not count in allocation.
        verifiedScore: 350,
        lastAdmittedScore: null,
      });
      expect(view.body.creches[0].breakdown).toEqual([
        { criterion: 'RESIDES_IN_TERRITORY', points: 300, verified: true },
        { criterion: 'BOTH_WORKING', points: 40, verified: false },
        { criterion: 'ATYPICAL_HOURS_COVERED', points: 50, verified: true },
        { criterion: 'SINGLE_PARENT', points: 30, verified: false },
      ]);
      expect(view.body.creches[0].rank).toBeGreaterThanOrEqual(1);
      const stranger = await createParentWithChild(t);
      await t.http().get(`/applications/${res.body.id}`).set(stranger.auth).expect(404);
      await t.http().get(`/applications/${res.body.id}`).set(manager.auth).expect(200);
      await t
        .http()
        .get(`/applications/${res.body.id}`)
        .set((await createUser(t, 'MANAGER')).auth)
        .expect(404);
    });

    it("says when the household's commune is not one of the territory's, and ranks a commune corrected by PATCH at once", async () => {
      // The postal code (88700) typed where the commune's INSEE code goes: accepted (a household may live outside the
      // territory), but residence does not count, and the standing says why.
      const parent = await createParentWithChild(t, { communeInseeCode: '88700' });
      const res = await apply(parent, request(parent.childId)).expect(201);
      const before = (await t.http().get(`/applications/${res.body.id}`).set(parent.auth).expect(200)).body.creches[0];
      expect(before.householdInTerritory).toBe(false);
      expect(before.breakdown.map((l: { criterion: string }) => l.criterion)).not.toContain('RESIDES_IN_TERRITORY');

      // Corrected from Mon foyer (the existing PATCH): the waitlist's cached ranking is recomputed in the same request.
      await t
        .http()
        .patch(`/families/${parent.familyId}`)
        .set(parent.auth)
        .send({ communeInseeCode: '88372' })
        .expect(200);
      const after = (await t.http().get(`/applications/${res.body.id}`).set(parent.auth).expect(200)).body.creches[0];
      expect(after.householdInTerritory).toBe(true);
      expect(after.breakdown).toContainEqual({ criterion: 'RESIDES_IN_TERRITORY', points: 300, verified: true });
      expect(after.score).toBe(before.score + 300);
      expect(after.verifiedScore).toBe(before.verifiedScore + 300);
    });

    it("shows a crèche's manager the standing at their crèche only, not another crèche's list size or scores (#13.11)", async () => {
      const parent = await createParentWithChild(t);
      const res = await apply(
        parent,
        request(parent.childId, { preferences: [other.id, micro.id], schedule: fullWeek('08:00', '13:00') }),
      ).expect(201);
      const view = await t.http().get(`/applications/${res.body.id}`).set(manager.auth).expect(200);
      expect(view.body.creches.map((c: { crecheId: string }) => c.crecheId)).toEqual([micro.id]);
      // Nor which other crèche the family listed, or the schedule asked of it (#15).
      expect(view.body.preferences.map((p: { crecheId: string }) => p.crecheId)).toEqual([micro.id]);
      const own = await t.http().get(`/applications/${res.body.id}`).set(parent.auth).expect(200);
      expect(own.body.creches.map((c: { crecheId: string }) => c.crecheId)).toEqual([other.id, micro.id]);
    });

    it('asks for a confirmation after six months and lapses the application 30 days later, with notices', async () => {
      const parent = await createParentWithChild(t);
      const res = await apply(parent, request(parent.childId, { desiredStartDate: '2028-01-03' })).expect(201);
      const keepAlive = t.app.get(KeepAliveService);
      clock.at = new Date('2027-05-27T10:00:00Z');
      await keepAlive.run();
      const status = async () =>
        (
          await t.dataSource.query(`SELECT status, interest_requested_at FROM applications WHERE id = $1`, [
            res.body.id,
          ])
        )[0];
      expect((await status()).interest_requested_at).not.toBeNull();
      // The family's page reads the answer's deadline: 30 days after the request.
      const asked = await t.http().get(`/applications/${res.body.id}`).set(parent.auth).expect(200);
      expect(asked.body.interestDeadline).toBe(
        new Date(new Date(asked.body.interestRequestedAt).getTime() + 30 * 86_400_000).toISOString(),
      );
      expect(asked.body.interestDeadline.slice(0, 10)).toBe('2027-06-26');
      clock.at = new Date('2027-06-20T10:00:00Z');
      await keepAlive.run();
      expect((await status()).status).toBe('SUBMITTED'); // still within the 30 days
      clock.at = new Date('2027-06-27T10:00:00Z');
      await keepAlive.run();
      await keepAlive.run();
      expect((await status()).status).toBe('LAPSED');
      const notices = await t.dataSource.query(`SELECT type FROM notices WHERE subject_id = $1 ORDER BY created_at`, [
        res.body.id,
      ]);
      expect(notices.map((n: { type: string }) => n.type)).toEqual([
        'APPLICATION_RECEIVED',
        'INTEREST_REQUEST',
        'APPLICATION_LAPSED',
      ]);
    });

    it('restarts the keep-alive clock when the family confirms its interest', async () => {
      const parent = await createParentWithChild(t);
      const res = await apply(parent, request(parent.childId, { desiredStartDate: '2028-01-03' })).expect(201);
      const keepAlive = t.app.get(KeepAliveService);
      clock.at = new Date('2027-05-27T10:00:00Z');
      await keepAlive.run();
      await t.http().post(`/applications/${res.body.id}/confirm-interest`).set(parent.auth).expect(200);
      clock.at = new Date('2027-06-27T10:00:00Z');
      await keepAlive.run();
      const [row] = await t.dataSource.query(`SELECT status, interest_requested_at FROM applications WHERE id = $1`, [
        res.body.id,
      ]);
      expect(row).toEqual({ status: 'SUBMITTED', interest_requested_at: null });
    });
  });

  describe('priority policy and waitlist', () => {
    it('publishes the policy publicly and versions changes (admin only)', async () => {
      const territory = await createTerritory(t, admin);
      const v1 = await t.http().get(`/territories/${territory.id}/priority-policy`).expect(200);
      expect(v1.body).toMatchObject({ version: 1, waitingMonthPoints: 2, waitingMonthCap: 24, refusalPenalty: -20 });
      expect(v1.body.criteria.find((c: { code: string }) => c.code === 'RESIDES_IN_TERRITORY').points).toBe(300);
      const body = {
        effectiveFrom: '2027-01-01',
        criteria: [
          { code: 'RESIDES_IN_TERRITORY', points: 200 },
          { code: 'ATYPICAL_HOURS_COVERED', points: 80 },
        ],
        waitingMonthPoints: 3,
        waitingMonthCap: 12,
        refusalPenalty: -10,
      };
      await t.http().put(`/territories/${territory.id}/priority-policy`).set(manager.auth).send(body).expect(403);
      const bad = await t
        .http()
        .put(`/territories/${territory.id}/priority-policy`)
        .set(admin.auth)
        .send({ ...body, criteria: [{ code: 'NICE_FAMILY', points: 100 }] })
        .expect(400);
      expect(bad.body.details[0].field).toBe('criteria[0].code');
      const v2 = await t
        .http()
        .put(`/territories/${territory.id}/priority-policy`)
        .set(admin.auth)
        .send(body)
        .expect(200);
      expect(v2.body.version).toBe(2);
      expect(
        (await t.http().get(`/territories/${territory.id}/priority-policy`).expect(200)).body.criteria,
      ).toHaveLength(2);
    });

    it('ranks the waitlist with breakdowns, preference position, hours and whether each schedule fits now', async () => {
      const creche = await createCreche(t, admin, territoryId, { kind: 'COLLECTIVE', places: 1, capacityBands: [] });
      const m = await createUser(t, 'MANAGER');
      await assignManagers(t, admin, creche.id, m);
      const low = await createParentWithChild(t, { communeInseeCode: '75056' });
      const high = await createParentWithChild(t, { socialMinimaOrInsertion: true, atypicalWorkHours: true });
      await apply(
        low,
        request(low.childId, { preferences: [other.id, creche.id], schedule: fullWeek('08:00', '12:00') }),
      ).expect(201);
      await apply(
        high,
        request(high.childId, { preferences: [creche.id], schedule: fullWeek('06:00', '12:00') }),
      ).expect(201);
      const list = await t.http().get(`/creches/${creche.id}/waitlist`).set(m.auth).expect(200);
      expect(list.body.items.map((e: { familyId: string }) => e.familyId)).toEqual([high.familyId, low.familyId]);
      expect(list.body.items[0]).toMatchObject({
        rank: 1,
        score: 430,
        preferencePosition: 1,
        hoursPerWeek: 30,
        atypicalHoursPerWeek: 7.5,
        ageAtStartMonths: 18,
        fitsNow: true,
      });
      expect(list.body.items[1]).toMatchObject({ rank: 2, score: 40, preferencePosition: 2, fitsNow: true });
      // Fill the single place: neither schedule fits any more.
      const placed = await createParentWithChild(t);
      await t
        .http()
        .post(`/creches/${creche.id}/contracts`)
        .set(m.auth)
        .send({
          childId: placed.childId,
          startDate: '2027-01-04',
          endDate: '2028-12-29',
          schedule: fullWeek('06:00', '12:00'),
        })
        .expect(201);
      const full = await t.http().get(`/creches/${creche.id}/waitlist`).set(m.auth).expect(200);
      expect(full.body.items.every((e: { fitsNow: boolean }) => !e.fitsNow)).toBe(true);
      expect(full.body.items[0].firstConflict).toMatchObject({ date: '2027-09-01', rule: 'PLACES' });
      await t.http().get(`/creches/${creche.id}/waitlist`).set(manager.auth).expect(404);
    });

    it('loads the waitlist in the same number of queries for 2 or 12 applications (no N+1)', async () => {
      const creche = await createCreche(t, admin, territoryId, { kind: 'COLLECTIVE', places: 20, capacityBands: [] });
      const m = await createUser(t, 'MANAGER');
      await assignManagers(t, admin, creche.id, m);
      // Background jobs query the same database: stop this app's workers so only the request is counted.
      await t.app.get(WorkerHost).stop();
      const countQueries = async () => {
        const spy = jest.spyOn(PostgresQueryRunner.prototype, 'query');
        await t.http().get(`/creches/${creche.id}/waitlist`).set(m.auth).expect(200);
        // The ranking is stored just after it is served: count those statements too.
        await t.app.get(WaitlistService).storesSettled();
        const n = spy.mock.calls.length;
        spy.mockRestore();
        return n;
      };
      const add = async (n: number) => {
        for (let i = 0; i < n; i += 1) {
          const p = await createParentWithChild(t);
          await apply(p, request(p.childId, { preferences: [creche.id], schedule: fullWeek('08:00', '16:00') })).expect(
            201,
          );
        }
      };
      await add(2);
      const few = await countQueries();
      await add(10);
      expect(await countQueries()).toBe(few);
    }, 90_000); // twelve accounts, each with its password hashed: slow on a busy 2-core host
  });
});
