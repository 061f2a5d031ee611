import { rmSync } from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import { HolidayCalendar } from '../../src/common/time/holiday-calendar';
import { dayOf, weekdayOf } from '../../src/common/time/calendar';
import { assignManagers, createChild, createCreche, createTerritory } from '../../test/support/factories';
import { createUser, PASSWORD, type TestApp, type TestUser } from '../../test/support/test-app';
import { todayInFrance } from '../src/pages/staff/today';
import { buildWebApp, checkPage, launchChromium, signInAs, startWebServer, untilInPage } from './support/browser';

/** The page's long date, "mercredi 2 décembre 2026". */
const longDateFr = (iso: string) =>
  new Intl.DateTimeFormat('fr-FR', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })
    .format(new Date(`${iso}T12:00:00Z`))
    .replace(/\b1 /, '1er '); // French writes the first of a month "1er"; Intl writes "1".

/** "YYYY-MM-DD" `days` after `iso`. */
const addDays = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The slots of the day's plan on `iso` in a crèche open day and night. A weekday is cut where the default atypical
 * hours begin and end (07:30, 19:00); a Saturday, a Sunday or a public holiday is atypical all day, so one slot
 * (DOMAIN §3). The test runs on today's clock, whatever day that is.
 */
const slotsOf = (iso: string) => {
  const day = dayOf(iso);
  const allDay = weekdayOf(day) >= 6 || new HolidayCalendar().between(day, day).has(day);
  return allDay ? ['00:00–24:00'] : ['00:00–07:30', '07:30–19:00', '19:00–24:00'];
};

/**
 * Issue #19, Aujourd'hui in Chromium at 360 px (a tablet held upright): a manager signs in and lands on the day of
 * the crèche they manage, checks three children in (the first from the keyboard), one out, and records the fourth as
 * ill; the API's day then says so. A parent who opens the page reads that it is not for them. The server runs on
 * today's clock: the crèche opens every day of the week and the contracts cover today whatever day the run is.
 */
describe("Web app: Aujourd'hui, the manager's day (Chromium)", () => {
  let distDir: string;
  let t: TestApp;
  let url: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    distDir = buildWebApp();
    ({ t, url } = await startWebServer(distDir));
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await t?.close();
    if (distDir) rmSync(distDir, { recursive: true, force: true });
  });

  const check = checkPage;
  const everyDay = [1, 2, 3, 4, 5, 6, 7];
  /** A crèche open day and night every day of the year, so that the contracts cover today whatever day the run is. */
  const crecheOpenEveryDay = async (admin: TestUser) =>
    createCreche(t, admin, (await createTerritory(t, admin)).id, {
      kind: 'COLLECTIVE',
      places: 20,
      capacityBands: [],
      closures: [],
      opensOnPublicHolidays: true,
      openingHours: everyDay.map((weekday) => ({ weekday, opens: '00:00', closes: '24:00' })),
    });
  /** A crèche open day and night with its manager and one staff account, each child in care there today all day. */
  const crecheWithTeam = async (children: string[]) => {
    const admin = await createUser(t, 'ADMIN');
    const manager = await createUser(t, 'MANAGER');
    const staff = await createUser(t, 'CRECHE_STAFF');
    const creche = await crecheOpenEveryDay(admin);
    await assignManagers(t, admin, creche.id, manager);
    await t
      .http()
      .put(`/creches/${creche.id}/staff`)
      .set(manager.auth)
      .send({ userIds: [staff.id] })
      .expect(200);
    const today = todayInFrance();
    for (const name of children) {
      const child = await createChild(t, '2025-06-10', name);
      await t
        .http()
        .post(`/creches/${creche.id}/contracts`)
        .set(manager.auth)
        .send({
          childId: child.id,
          startDate: addDays(today, -7),
          endDate: addDays(today, 60),
          schedule: everyDay.map((weekday) => ({ weekday, from: '00:00', to: '24:00' })),
        })
        .expect(201);
    }
    return { manager, staff, creche };
  };
  const signIn = async (user: TestUser, next?: string) => {
    const signed = await signInAs(browser, url, user.email, PASSWORD, { next, width: 360, height: 780 });
    contexts.push(signed.page.context());
    return signed;
  };

  it('checks children in and out and records an illness, from a 360 px screen and the keyboard', async () => {
    const admin = await createUser(t, 'ADMIN');
    const manager = await createUser(t, 'MANAGER');
    const creche = await crecheOpenEveryDay(admin);
    await assignManagers(t, admin, creche.id, manager);
    const today = todayInFrance();
    const names = ['Zoé', 'Léo', 'Inès', 'Tom'];
    const children: Record<string, string> = {};
    for (const name of names) {
      children[name] = (await createChild(t, '2025-06-10', name)).id;
      await t
        .http()
        .post(`/creches/${creche.id}/contracts`)
        .set(manager.auth)
        .send({
          childId: children[name],
          startDate: addDays(today, -7),
          endDate: addDays(today, 60),
          schedule: everyDay.map((weekday) => ({ weekday, from: '00:00', to: '24:00' })),
        })
        .expect(201);
    }

    // Signed in without a page to return to, the manager lands on their day, with the staff's menu.
    const { page, errors } = await signIn(manager);
    await page.waitForURL(`${url}/creche/aujourd-hui`);
    await page.getByRole('heading', { name: "Aujourd'hui", level: 1 }).waitFor();
    // At 360 px the header's menu sits behind its button: present, not shown.
    await page.locator('header a[href="/creche/aujourd-hui"]').first().waitFor({ state: 'attached' });
    await expect(page.locator('header a[href="/foyer"]').count()).resolves.toBe(0);
    await page.getByText(`Crèche : ${creche.name}`).waitFor();
    await page.getByRole('heading', { name: 'Enfants attendus (4)' }).waitFor();
    await expect(page.getByText('Pas encore là').count()).resolves.toBe(4);
    // The day's plan against the places open: four children planned all day, twenty places
    // (the day's slots are cut where the atypical hours begin and end)
    for (const slot of slotsOf(todayInFrance()))
      await page.getByRole('row', { name: `${slot} 4 20`, exact: true }).waitFor();
    await check(page, 'aujourd-hui');

    // Zoé from the keyboard; Léo and Inès with a tap.
    await page.getByRole('button', { name: 'Arrivée de Zoé' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Départ de Zoé' }).waitFor();
    await page.getByText(/^Arrivée de Zoé pointée à \d\d:\d\d\.$/).waitFor({ state: 'attached' });
    // The focus stays in her row, on its next action, not back at the top of the page.
    await untilInPage(page, "document.activeElement?.textContent?.includes('Départ de Zoé')");
    // A double tap (a tablet) checks in once and shows no refusal of the second tap.
    for (const ofName of ['de Léo', "d'Inès"]) {
      await page.getByRole('button', { name: `Arrivée ${ofName}` }).dblclick();
      await page.getByRole('button', { name: `Départ ${ofName}` }).waitFor();
    }
    await expect(page.getByText('Cet enfant est déjà pointé à son arrivée ce jour.').count()).resolves.toBe(0);
    await page.getByText('3 présents en ce moment, 0 absent.').waitFor();

    // Tom is ill: the reason from the keyboard, the certificate seen.
    await page.getByRole('button', { name: 'Absence de Tom' }).click();
    const form = page.getByRole('form', { name: 'Absence de Tom' });
    await expect(page.evaluate('document.activeElement.id')).resolves.toBe(
      await form.getByLabel('Motif').getAttribute('id'),
    );
    // Sent without a reason: the field says it is missing.
    await form.getByRole('button', { name: "Enregistrer l'absence" }).click();
    await form.getByText('Choisissez une des valeurs proposées.').waitFor();
    await form.getByLabel('Motif').selectOption('ILLNESS');
    await form.getByText('Certificat médical vu').click();
    await check(page, 'aujourd-hui-absence');
    await form.getByRole('button', { name: "Enregistrer l'absence" }).click();
    await page.getByText(/^Absence : Maladie/).waitFor();
    await expect(page.getByRole('button', { name: 'Arrivée de Tom' }).count()).resolves.toBe(0);

    // A departure must come after the arrival: Léo's arrival at 23:59 makes the button refuse in French; corrected to
    // 00:00, the departure is recorded. The API refuses a correction later than now (R8.9), so the 23:59 is written as
    // a record from an instance whose clock ran ahead would have left it.
    const leo = async () =>
      (
        await t.http().get(`/creches/${creche.id}/attendance`).query({ date: today }).set(manager.auth)
      ).body.children.find((c: { firstName: string }) => c.firstName === 'Léo');
    const correctLeo = async (arrivedAt: string) =>
      await t
        .http()
        .patch(`/attendance/${(await leo()).actual.id}`)
        .set(manager.auth)
        .send({ arrivedAt })
        .expect(200);
    await t.dataSource.query(`UPDATE attendance_records SET arrived_minute = 1439 WHERE id = $1`, [
      (await leo()).actual.id,
    ]);
    await page.reload();
    await page.getByText('Arrivée : 23:59').waitFor();
    await page.getByRole('button', { name: 'Départ de Léo' }).click();
    await page.getByText(/^Le départ doit être pointé après l'arrivée \(23:59\)/).waitFor();
    await correctLeo('00:00');
    await page.reload();
    await page.getByRole('button', { name: 'Départ de Léo' }).click();
    await page.getByText(/^Départ : \d\d:\d\d \(arrivée : 00:00\)$/).waitFor();
    await page.getByText('2 présents en ce moment, 1 absent.').waitFor();
    await check(page, 'aujourd-hui-pointe');
    // The browser logs the two refusals asked for (the absence without a reason, the departure before the arrival).
    expect(errors).toEqual(
      Array(2).fill('Failed to load resource: the server responded with a status of 400 (Bad Request)'),
    );

    // The API's day says the same.
    const day = await t.http().get(`/creches/${creche.id}/attendance`).query({ date: today }).set(manager.auth);
    expect(day.status).toBe(200);
    const byName = Object.fromEntries(
      (day.body.children as { firstName: string; actual: unknown; absence: unknown }[]).map((c) => [c.firstName, c]),
    );
    for (const name of ['Zoé', 'Inès'])
      expect(byName[name]).toMatchObject({ actual: { date: today, leftAt: null }, absence: null });
    expect(byName['Léo']).toMatchObject({
      actual: { date: today, arrivedAt: '00:00', leftAt: expect.stringMatching(/^\d\d:\d\d$/) },
    });
    expect(byName['Tom']).toMatchObject({
      actual: null,
      absence: { reason: 'ILLNESS', from: today, to: today, certified: true },
    });
  }, 90_000);

  it('turns to the new day at midnight on a tablet left open all night', async () => {
    const admin = await createUser(t, 'ADMIN');
    const manager = await createUser(t, 'MANAGER');
    const creche = await crecheOpenEveryDay(admin);
    await assignManagers(t, admin, creche.id, manager);
    const today = todayInFrance();
    const tomorrow = addDays(today, 1);
    // Nina's contract ends today, Paul's starts tomorrow.
    const contracts: [string, string, string][] = [
      ['Nina', addDays(today, -7), today],
      ['Paul', tomorrow, addDays(today, 60)],
    ];
    for (const [name, startDate, endDate] of contracts) {
      const child = await createChild(t, '2025-06-10', name);
      await t
        .http()
        .post(`/creches/${creche.id}/contracts`)
        .set(manager.auth)
        .send({
          childId: child.id,
          startDate,
          endDate,
          schedule: everyDay.map((weekday) => ({ weekday, from: '00:00', to: '24:00' })),
        })
        .expect(201);
    }
    // Midnight in France at the start of tomorrow (UTC+1 or UTC+2 whatever the season).
    const midnight = ['+01:00', '+02:00']
      .map((offset) => Date.parse(`${tomorrow}T00:00:00${offset}`))
      .find((ms) => todayInFrance(new Date(ms)) === tomorrow && todayInFrance(new Date(ms - 1)) === today)!;

    const { page, errors } = await signIn(manager);
    await page.waitForURL(`${url}/creche/aujourd-hui`);
    // The tablet's clock a minute and a half before midnight; the page opened then.
    await page.clock.install({ time: new Date(midnight - 90_000) });
    await page.reload();
    await page.getByText(longDateFr(today)).waitFor();
    await page.getByRole('heading', { name: 'Enfants attendus (1)' }).waitFor();
    await page.getByRole('button', { name: 'Arrivée de Nina' }).waitFor();

    // Two minutes later, with nobody touching it, the page shows the new day's children.
    await page.clock.runFor(120_000);
    await page.getByText(longDateFr(tomorrow)).waitFor();
    await page.getByRole('button', { name: 'Arrivée de Paul' }).waitFor();
    await expect(page.getByRole('button', { name: 'Arrivée de Nina' }).count()).resolves.toBe(0);
    expect(errors).toEqual([]);
  }, 90_000);

  it('ends yesterday an absence that began earlier, when the child is back today, so that she can be checked in', async () => {
    const admin = await createUser(t, 'ADMIN');
    const manager = await createUser(t, 'MANAGER');
    const creche = await crecheOpenEveryDay(admin);
    await assignManagers(t, admin, creche.id, manager);
    const today = todayInFrance();
    const jade = (await createChild(t, '2025-06-10', 'Jade')).id;
    await t
      .http()
      .post(`/creches/${creche.id}/contracts`)
      .set(manager.auth)
      .send({
        childId: jade,
        startDate: addDays(today, -7),
        endDate: addDays(today, 60),
        schedule: everyDay.map((weekday) => ({ weekday, from: '00:00', to: '24:00' })),
      })
      .expect(201);
    // Recorded ill two days ago, until the end of the week.
    const absence = await t
      .http()
      .post(`/creches/${creche.id}/absences`)
      .set(manager.auth)
      .send({ childId: jade, reason: 'ILLNESS', from: addDays(today, -2), to: addDays(today, 3) })
      .expect(201);

    const { page, errors } = await signIn(manager);
    await page.waitForURL(`${url}/creche/aujourd-hui`);
    await page.getByText(/^Absence : Maladie/).waitFor();
    // An absence of earlier days is not removed from here (it was no mistake): it ends yesterday.
    await expect(page.getByRole('button', { name: 'Retirer l’absence de Jade' }).count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Retour de Jade : terminer l’absence hier' }).click();
    await page.getByText(/^Terminer l’absence de Jade \(maladie, prévue jusqu'au/).waitFor();
    await check(page, 'aujourd-hui-fin-absence');
    await page.getByRole('button', { name: 'Terminer l’absence hier' }).click();
    await page.getByRole('button', { name: 'Arrivée de Jade' }).waitFor();
    const ended = await t.dataSource.query(
      `SELECT from_date::text AS from, to_date::text AS to FROM absences WHERE id = $1`,
      [absence.body.id],
    );
    expect(ended).toEqual([{ from: addDays(today, -2), to: addDays(today, -1) }]);
    expect(errors).toEqual([]);
  }, 90_000);

  it('records an illness that began before today from its first day, and shows every refusal beside its field or above the form', async () => {
    const { manager, creche } = await crecheWithTeam(['Noa', 'Sami']);
    const today = todayInFrance();
    const { page, errors } = await signIn(manager);
    await page.waitForURL(`${url}/creche/aujourd-hui`);

    // Noa fell ill three days ago (a manager on Monday, an illness of Friday): "Depuis le" starts today, moved back.
    await page.getByRole('button', { name: 'Absence de Noa' }).click();
    const form = page.getByRole('form', { name: 'Absence de Noa' });
    await expect(form.getByLabel('Depuis le').inputValue()).resolves.toBe(today);
    await form.getByLabel('Motif').selectOption('ILLNESS');
    await form.getByLabel('Depuis le').fill(addDays(today, -3));
    // An end before the start: the refusal is said beside the start, the field the API names.
    await form.getByLabel("Jusqu'au").fill(addDays(today, -4));
    await form.getByRole('button', { name: "Enregistrer l'absence" }).click();
    await form.getByText('La date de début doit précéder la date de fin (ou être le même jour).').waitFor();
    await check(page, 'aujourd-hui-absence-depuis');
    await form.getByLabel("Jusqu'au").fill(addDays(today, 2));
    await form.getByRole('button', { name: "Enregistrer l'absence" }).click();
    // The card says until when (the absence goes on after today).
    const until = addDays(today, 2);
    await page
      .getByText(`Absence : Maladie, jusqu'au ${until.slice(8, 10)}/${until.slice(5, 7)}/${until.slice(0, 4)}`)
      .waitFor();
    const recorded = await t.dataSource.query(
      `SELECT to_char(a.from_date, 'YYYY-MM-DD') AS from, to_char(a.to_date, 'YYYY-MM-DD') AS to
         FROM absences a JOIN children c ON c.id = a.child_id WHERE c.first_name = 'Noa' AND a.creche_id = $1`,
      [creche.id],
    );
    expect(recorded).toEqual([{ from: addDays(today, -3), to: addDays(today, 2) }]);

    // A refusal naming a field the form does not have is said above it, never swallowed.
    await page.route('**/api/creches/*/absences', (route) =>
      route.fulfill({
        status: 400,
        contentType: 'application/json',
        body: JSON.stringify({
          statusCode: 400,
          code: 'VALIDATION.FAILED',
          message: 'Validation failed',
          details: [{ field: 'childId', errors: ['childId must be a UUID'] }],
        }),
      }),
    );
    await page.getByRole('button', { name: 'Absence de Sami' }).click();
    const sami = page.getByRole('form', { name: 'Absence de Sami' });
    await sami.getByLabel('Motif').selectOption('UNEXCUSED');
    await sami.getByRole('button', { name: "Enregistrer l'absence" }).click();
    await sami.locator('.fr-alert').getByText('Valeur invalide.').waitFor();
    // The browser logs the refusals asked for (the end before the start, the one made up above).
    expect(errors).toEqual(
      Array(2).fill('Failed to load resource: the server responded with a status of 400 (Bad Request)'),
    );
  }, 90_000);

  it("gives a staff account of the crèche its day's pointage, and no absence nor correction", async () => {
    const { manager, staff, creche } = await crecheWithTeam(['Lina']);
    const today = todayInFrance();

    // Signed in, the staff account lands on its crèche's day, with a menu of that page and the simulator only.
    const { page, errors } = await signIn(staff);
    await page.waitForURL(`${url}/creche/aujourd-hui`);
    await page.getByText(`Crèche : ${creche.name}`).waitFor();
    await page.getByRole('heading', { name: 'Enfants attendus (1)' }).waitFor();
    await page.locator('header a[href="/creche/aujourd-hui"]').first().waitFor({ state: 'attached' });
    for (const other of ['/creche/liste-d-attente', '/creche/facturation', '/creche/contrats', '/foyer'])
      await expect(page.locator(`header a[href="${other}"]`).count()).resolves.toBe(0);
    for (const slot of slotsOf(todayInFrance()))
      await page.getByRole('row', { name: `${slot} 1 20`, exact: true }).waitFor();
    await expect(page.getByRole('button', { name: 'Absence de Lina' }).count()).resolves.toBe(0);
    await check(page, 'aujourd-hui-equipe');

    await page.getByRole('button', { name: 'Arrivée de Lina' }).click();
    await page.getByRole('button', { name: 'Départ de Lina' }).waitFor();
    await page.getByText('1 présent en ce moment, 0 absent.').waitFor();
    // The times are corrected, and the whole day's end checked, by a manager: neither is offered here.
    await expect(page.getByRole('button', { name: 'Tout le monde est parti' }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: /Corriger/ }).count()).resolves.toBe(0);
    // Nor a « Toute la journée » heading with nothing under it, once every child expected is in.
    await expect(page.getByRole('heading', { name: 'Toute la journée' }).count()).resolves.toBe(0);
    // A departure in the minute of the arrival is refused: the manager moves the arrival to 00:00 first.
    const record = (
      await t.http().get(`/creches/${creche.id}/attendance`).query({ date: today }).set(manager.auth).expect(200)
    ).body.children[0].actual;
    await t.http().patch(`/attendance/${record.id}`).set(manager.auth).send({ arrivedAt: '00:00' }).expect(200);
    await page.reload();
    await page.getByText('Arrivée : 00:00').waitFor();
    await page.getByRole('button', { name: 'Départ de Lina' }).click();
    await page.getByText(/^Départ : \d\d:\d\d \(arrivée : 00:00\)$/).waitFor();
    expect(errors).toEqual([]);

    const day = await t.http().get(`/creches/${creche.id}/attendance`).query({ date: today }).set(manager.auth);
    expect(day.body.children[0]).toMatchObject({
      firstName: 'Lina',
      actual: { date: today, leftAt: expect.stringMatching(/^\d\d:\d\d$/) },
    });
  });

  it('keeps two tablets of the crèche in step: a child checked in on one is shown arrived on the other', async () => {
    const { manager, staff } = await crecheWithTeam(['Léa', 'Tom']);
    // The manager's tablet at the door, the auxiliary's in the room; the auxiliary's clock is the test's to move.
    const door = await signIn(manager);
    await door.page.waitForURL(`${url}/creche/aujourd-hui`);
    const room = await signIn(staff);
    await room.page.waitForURL(`${url}/creche/aujourd-hui`);
    await room.page.clock.install();
    await room.page.reload();
    for (const { page } of [door, room]) await page.getByRole('button', { name: 'Arrivée de Léa' }).waitFor();

    // Léa is checked in at the door; the room, not yet refreshed, still offers her arrival. Its tap is refused and
    // the room's list is read again at once: Léa is shown arrived, with her departure to check.
    await door.page.getByRole('button', { name: 'Arrivée de Léa' }).click();
    await door.page.getByRole('button', { name: 'Départ de Léa' }).waitFor();
    await room.page.getByRole('button', { name: 'Arrivée de Léa' }).click();
    await room.page.getByText('Cet enfant est déjà pointé à son arrivée ce jour.').waitFor();
    await room.page.getByRole('button', { name: 'Départ de Léa' }).waitFor();

    // Tom is checked in at the door; the room shows it within the page's refresh, nobody touching it.
    await door.page.getByRole('button', { name: 'Arrivée de Tom' }).click();
    await door.page.getByRole('button', { name: 'Départ de Tom' }).waitFor();
    await expect(room.page.getByRole('button', { name: 'Départ de Tom' }).count()).resolves.toBe(0);
    await room.page.clock.runFor(21_000);
    await room.page.getByRole('button', { name: 'Départ de Tom' }).waitFor();
    await room.page.getByText('2 présents en ce moment, 0 absent.').waitFor();
    expect(door.errors).toEqual([]);
    // The refused tap is the one 409 the room's console shows; nothing else went wrong there.
    expect(room.errors.filter((e) => !/409/.test(e))).toEqual([]);
  }, 90_000);

  it('enters a departure forgotten on an earlier day, brings in those due and names the one expected later, and removes a check-in made by mistake', async () => {
    const { manager, staff, creche } = await crecheWithTeam(['Noé', 'Jade']);
    const today = todayInFrance();
    const before = addDays(today, -3);
    const [jade, noe] = (
      await t.http().get(`/creches/${creche.id}/attendance`).query({ date: today }).set(manager.auth).expect(200)
    ).body.children as { childId: string; firstName: string }[];
    expect([jade.firstName, noe.firstName]).toEqual(['Jade', 'Noé']);
    // Three days ago the tablet checked Noé in at 06:05 and nobody checked him out.
    await t
      .http()
      .post(`/creches/${creche.id}/attendance/check-in`)
      .set(manager.auth)
      .send({ childId: noe.childId, date: before, time: '06:05' })
      .expect(201);
    const open = async () =>
      (await t.http().get(`/creches/${creche.id}/attendance/open`).set(manager.auth).expect(200)).body as {
        id: string;
        date: string;
        arrivedAt: string;
        leftAt: null;
        firstName: string;
      }[];
    expect(await open()).toMatchObject([{ date: before, arrivedAt: '06:05', leftAt: null, firstName: 'Noé' }]);
    // The list is the managers' (the staff's tablet shows today only).
    await t.http().get(`/creches/${creche.id}/attendance/open`).set(staff.auth).expect(403);

    const { page, errors } = await signIn(manager);
    await page.waitForURL(`${url}/creche/aujourd-hui`);
    await page.getByRole('heading', { name: 'Départs non pointés (1)' }).waitFor();
    await page.getByText('Un enfant a été pointé arrivé un jour précédent, sans départ.', { exact: false }).waitFor();
    await page.getByText(`: ${longDateFr(before)}, arrivée pointée à 06:05`).waitFor();
    await check(page, 'aujourd-hui-departs-non-pointes');
    const frBefore = `${before.slice(8, 10)}/${before.slice(5, 7)}/${before.slice(0, 4)}`;
    await page.getByRole('button', { name: `Saisir le départ de Noé (${frBefore})` }).click();
    const form = page.getByRole('form', { name: `Saisir le départ de Noé (${frBefore})` });
    await form.getByLabel('Heure de départ').fill('18:30');
    await form.getByRole('button', { name: 'Enregistrer les heures' }).click();
    await page.getByText('Heures de Noé corrigées : arrivée 06:05, départ 18:30.').waitFor({ state: 'attached' });
    await untilInPage(page, `!document.getElementById('departs-non-pointes')`);
    expect(await open()).toEqual([]);
    const that = (
      await t.http().get(`/creches/${creche.id}/attendance`).query({ date: before }).set(manager.auth).expect(200)
    ).body.children.find((c: { childId: string }) => c.childId === noe.childId);
    expect(that.actual).toMatchObject({ arrivedAt: '06:05', leftAt: '18:30' });

    // « Tout le monde est arrivé » at 09:30 (10:30 in summer; the tablet's clock, the API checks in at its own): Jade
    // and Noé, planned from midnight, are due; Lou, expected at 13:00, is named apart and left to her own button.
    const lou = await createChild(t, '2025-06-10', 'Lou');
    await t
      .http()
      .post(`/creches/${creche.id}/contracts`)
      .set(manager.auth)
      .send({
        childId: lou.id,
        startDate: addDays(today, -7),
        endDate: addDays(today, 60),
        schedule: everyDay.map((weekday) => ({ weekday, from: '13:00', to: '18:00' })),
      })
      .expect(201);
    await page.context().clock.install({ time: new Date(`${today}T08:30:00Z`) });
    await page.goto(`${url}/creche/aujourd-hui`);
    await page.getByRole('button', { name: 'Tout le monde est arrivé' }).click();
    await page
      .getByText(
        /^Pointer maintenant l’arrivée des 2 enfants attendus d’ici (10|11):00 et pas encore arrivés : Jade \(à partir de 00:00\), Noé \(à partir de 00:00\) \? Les enfants absents ne sont pas pointés\. Attendu plus tard, pointé à son arrivée : Lou \(à partir de 13:00\)\.$/,
      )
      .waitFor();
    await page.getByRole('button', { name: 'Confirmer les arrivées' }).click();
    await page.getByText('2 arrivées pointées à l’instant.').waitFor();
    const afterAll = (
      await t.http().get(`/creches/${creche.id}/attendance`).query({ date: today }).set(manager.auth).expect(200)
    ).body.children as { childId: string; actual: { arrivedAt: string } | null }[];
    expect(afterAll.find((c) => c.childId === lou.id)!.actual).toBeNull();
    expect(
      afterAll
        .filter((c) => c.actual)
        .map((c) => c.childId)
        .sort(),
    ).toEqual([jade.childId, noe.childId].sort());
    await page.getByRole('button', { name: 'Arrivée de Lou' }).waitFor();
    // Three hours on, the page left open: Lou is due, and the button comes back for her without a reload.
    await expect(page.getByRole('button', { name: 'Tout le monde est arrivé' }).count()).resolves.toBe(0);
    await page.clock.fastForward('03:05:00');
    await page.getByRole('button', { name: 'Tout le monde est arrivé' }).click();
    await page
      .getByText(
        /^Pointer maintenant l’arrivée de l’enfant attendu d’ici \d\d:\d\d et pas encore arrivé : Lou \(à partir de 13:00\) \? Les enfants absents ne sont pas pointés\.$/,
      )
      .waitFor();
    await page.getByRole('button', { name: 'Annuler' }).click();

    // Jade did not come after all: her check-in is removed after a confirmation, and she can be checked in when she comes.
    await page.getByRole('button', { name: 'Supprimer le pointage de Jade' }).click();
    await page
      .getByText(/^Supprimer le pointage de Jade \(arrivée à \d\d:\d\d\) \? Seulement si l’enfant n’est pas venu/)
      .waitFor();
    await page.getByRole('button', { name: 'Confirmer la suppression' }).click();
    await page.getByRole('button', { name: 'Arrivée de Jade' }).waitFor();
    const jadeNow = (
      await t.http().get(`/creches/${creche.id}/attendance`).query({ date: today }).set(manager.auth).expect(200)
    ).body.children.find((c: { childId: string }) => c.childId === jade.childId);
    expect(jadeNow.actual).toBeNull();
    expect(errors).toEqual([]);
  });

  it('tells a parent the page is not for them', async () => {
    const parent = await createUser(t, 'PARENT');
    const { page, errors } = await signIn(parent, '/creche/aujourd-hui');
    await page.getByText("Vous n'avez pas accès à cette page.").waitFor();
    await page.locator('header a[href="/foyer"]').first().waitFor({ state: 'attached' });
    await expect(page.locator('header a[href="/creche/aujourd-hui"]').count()).resolves.toBe(0);
    await check(page, 'aujourd-hui-refuse');
    expect(errors).toEqual([]);
  });
});
