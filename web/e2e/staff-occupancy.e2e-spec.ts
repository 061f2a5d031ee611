import { rmSync } from 'node:fs';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { DEMO_PASSWORD, type DemoLogins } from '../../src/demo/demo-seed';
import { createChild } from '../../test/support/factories';
import { login, type TestApp } from '../../test/support/test-app';
import { addDays, currentMonday, isoWeekOf } from '../src/pages/staff/occupancy/heat-map';
import { buildWebApp, checkPage, launchChromium, seedDemoLogins, signInAs, startWebServer } from './support/browser';

type Auth = { Authorization: string };
interface Segment {
  from: string;
  to: string;
  present: number;
  limit: number;
}

const longDate = (iso: string) =>
  new Intl.DateTimeFormat('fr-FR', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' })
    .format(new Date(`${iso}T12:00:00Z`))
    .replace(/\b1 /, '1er '); // French writes the first of a month "1er"; Intl writes "1".

/** Every label of the heat map (day names, dates, hours, figures, states) whose text is cut by its box. */
const cutLabels = (page: Page) =>
  page.evaluate(`[...document.querySelectorAll('.berceau-hm th, .berceau-hm td, .berceau-hm span, .berceau-hm caption')]
    .filter((e) => !e.closest('.fr-sr-only') && getComputedStyle(e).display !== 'inline')
    .filter((e) => e.scrollWidth > e.clientWidth)
    .map((e) => e.textContent)`) as Promise<string[]>;

/** The texts a field points to (aria-describedby): its hint and, once shown, its error, waited for up to 15 s. */
const describedBy = async (field: Locator, expected: RegExp): Promise<string> => {
  let text = '';
  for (let tries = 0; tries < 60 && !expected.test(text); tries += 1) {
    if (tries) await field.page().waitForTimeout(250);
    const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(' ').filter(Boolean);
    const texts = await Promise.all(ids.map((id) => field.page().locator(`[id="${id}"]`).innerText()));
    text = texts.join(' ').trim();
  }
  return text;
};

/**
 * Issue #19, Occupation and Crèche in Chromium at 768 px, on the demo: the micro-crèche's manager reads this week's heat
 * map, steps to the next week where bookings put a 13th child at noon (lawful surnombre at 12 places, the week's T under
 * 100), sees that hour named "Surnombre autorisé" and not as an overrun, and no label cut at 768 nor at 360 px (the
 * table scrolls inside its frame). On Crèche, the manager changes a closure and the billing unit, saves, reloads and
 * sees them, while what the authorisation fixes (places, name, surnombre, ages…) stays read-only with why and the API
 * answers 403 for it (docs/rules.md R1.2b); an invalid value is refused in French beside its field; the admin still
 * changes the places.
 */
describe('Web app: Occupation and Crèche, for managers (Chromium)', () => {
  let distDir: string;
  let t: TestApp;
  let url: string;
  let browser: Browser;
  let logins: DemoLogins;
  const contexts: BrowserContext[] = [];
  const cleanups: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    distDir = buildWebApp();
    ({ t, url } = await startWebServer(distDir));
    browser = await launchChromium();
    logins = await seedDemoLogins(t);
  }, 180_000);
  afterAll(async () => {
    // The demo is shared by the run's other browser tests: leave it as it was.
    for (const undo of cleanups.reverse()) await undo();
    for (const c of contexts) await c.close();
    await browser?.close();
    await t?.close();
    if (distDir) rmSync(distDir, { recursive: true, force: true });
  });

  const signIn = async (email: string, next: string, width = 768) => {
    const signed = await signInAs(browser, url, email, DEMO_PASSWORD, { next, width, height: 1024 });
    contexts.push(signed.page.context());
    return signed;
  };

  it('shows the week, steps between weeks and names lawful surnombre apart from an overrun', async () => {
    const manager = (await login(t, logins.managers[0], DEMO_PASSWORD)).auth;
    const [micro] = (await t.http().get('/me/creches').set(manager).expect(200)).body as { id: string; name: string }[];
    expect(micro.name).toMatch(/Micro-crèche/);

    // Next week's first open day: enough bookings at noon for 13 children against 12 places.
    const nextMonday = addDays(currentMonday(), 7);
    const occupancy = async (auth: Auth, from: string, to: string) =>
      (await t.http().get(`/creches/${micro.id}/occupancy`).query({ from, to }).set(auth).expect(200)).body as {
        days: { date: string; segments: Segment[] }[];
        weeks: { isoWeek: string; occupancyT: number }[];
      };
    const before = await occupancy(manager, nextMonday, addDays(nextMonday, 6));
    const day = before.days[0];
    const atNoon = day.segments.find((s) => s.from <= '12:00' && '12:00' < s.to)!;
    expect(atNoon.limit).toBe(12);
    for (let k = atNoon.present; k < 13; k += 1) {
      const child = await createChild(t, '2025-06-10', `Enfant ${k}`);
      const booking = await t
        .http()
        .post(`/creches/${micro.id}/bookings`)
        .set(manager)
        .send({
          childId: child.id,
          date: day.date,
          from: '12:00',
          to: '13:00',
          kind: k < 12 ? 'OCCASIONAL' : 'EMERGENCY',
        })
        .expect(201);
      cleanups.push(() => t.http().delete(`/bookings/${booking.body.id}`).set(manager).expect(204));
    }
    const after = await occupancy(manager, nextMonday, addDays(nextMonday, 6));
    expect(after.weeks[0].occupancyT).toBeLessThanOrEqual(100);
    expect(after.days[0].segments.find((s) => s.from <= '12:00' && '12:00' < s.to)).toMatchObject({ present: 13 });

    const { page, errors } = await signIn(logins.managers[0], '/creche/occupation');
    await page.getByRole('heading', { name: 'Occupation', level: 1 }).waitFor();
    const monday = currentMonday();
    const weekHeading = (m: string) =>
      page.getByRole('heading', { level: 2, name: new RegExp(`^Semaine du ${longDate(m)}`) });
    await weekHeading(monday).waitFor();
    await page.getByText('(semaine en cours)').waitFor();
    const table = page.getByRole('table', { name: new RegExp(`semaine ${isoWeekOf(monday)}`) });
    await table.waitFor();
    // Real table structure: days as column headers, hours as row headers.
    await table.getByRole('columnheader', { name: /^Lundi/ }).waitFor();
    await table.getByRole('rowheader', { name: '05h–06h' }).waitFor();
    await table.getByRole('rowheader', { name: '20h–21h' }).waitFor();
    await expect(table.getByRole('columnheader', { name: /^Dimanche/ }).count()).resolves.toBe(0);
    // Early and late hours: atypical, in words; their 6 places.
    await expect(table.locator('td', { hasText: 'atypique' }).count()).resolves.toBeGreaterThan(0);
    await expect(cutLabels(page)).resolves.toEqual([]);
    await checkPage(page, 'occupation');

    // Next week from the keyboard.
    await page.getByRole('button', { name: 'Semaine suivante' }).focus();
    await page.keyboard.press('Enter');
    await weekHeading(nextMonday).waitFor();
    expect(new URL(page.url()).searchParams.get('semaine')).toBe(isoWeekOf(nextMonday));
    const noonRow = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: '12h–13h' }) });
    const surnombre = noonRow.locator('td[data-state="SURNOMBRE"]');
    await surnombre.waitFor();
    await expect(surnombre.count()).resolves.toBe(1);
    await expect(surnombre.locator('.berceau-hm-label').innerText()).resolves.toBe('13 / 12');
    await expect(surnombre.locator('.berceau-hm-state').first().innerText()).resolves.toMatch(/Surnombre autorisé$/);
    // Its accessible text says the same in words.
    await expect(surnombre.textContent()).resolves.toContain('13 enfants prévus pour 12 places, Surnombre autorisé');
    // Nowhere an overrun: the legal surnombre is not painted as one.
    await expect(page.locator('td[data-state="OVERRUN"]').count()).resolves.toBe(0);
    // The legend names the three states in words.
    for (const words of ['Dans les places', 'Surnombre autorisé :', 'Dépassement :', 'atypique'])
      await page.locator('.berceau-hm-legend').getByText(words, { exact: false }).first().waitFor();
    await expect(cutLabels(page)).resolves.toEqual([]);
    await checkPage(page, 'occupation-surnombre');

    // Back two weeks: the previous week; then "Semaine en cours" returns.
    await page.getByRole('button', { name: 'Semaine précédente' }).click();
    await weekHeading(monday).waitFor();
    await page.getByRole('button', { name: 'Semaine précédente' }).click();
    await weekHeading(addDays(monday, -7)).waitFor();
    await page.getByRole('button', { name: 'Semaine en cours' }).click();
    await weekHeading(monday).waitFor();

    // Christmas week: the demo's closure from Thursday 24 December; each closed day is one cell that says why.
    await page.goto(`${url}/creche/occupation?semaine=2026-W52`);
    await weekHeading('2026-12-21').waitFor();
    const closed = page.getByRole('cell', { name: /^Fermé Fermeture de Noël$/ });
    await closed.first().waitFor();
    await expect(closed.count()).resolves.toBe(3);
    // Monday to Wednesday stay open, hour by hour.
    await expect(page.getByRole('row').nth(1).locator('td[data-state]').count()).resolves.toBe(3);

    // At 360 px: the table scrolls inside its frame, the page does not, and no label is cut.
    await page.setViewportSize({ width: 360, height: 780 });
    await page.goto(`${url}/creche/occupation?semaine=${isoWeekOf(nextMonday)}`);
    await weekHeading(nextMonday).waitFor();
    const frame = page.getByTestId('heat-map-frame');
    await expect(frame.evaluate((e) => e.scrollWidth > e.clientWidth)).resolves.toBe(true);
    await expect(cutLabels(page)).resolves.toEqual([]);
    await checkPage(page, 'occupation-360');
    expect(errors).toEqual([]);
  }, 180_000);

  it("lets the crèche's manager change a closure and the billing unit, not the authorised places, and refuses a bad value in French", async () => {
    const admin = (await login(t, logins.admin, DEMO_PASSWORD)).auth;
    const manager = (await login(t, logins.managers[0], DEMO_PASSWORD)).auth;
    const mine = (await t.http().get('/me/creches').set(manager).expect(200)).body as { id: string }[];
    const [micro] = mine;
    const original = (await t.http().get(`/creches/${micro.id}`).expect(200)).body as {
      closures: { from: string; to: string; label: string }[];
      billingUnitMinutes: number;
      places: number;
      capacityBands: unknown[];
    };
    cleanups.push(() =>
      t
        .http()
        .patch(`/creches/${micro.id}`)
        .set(admin)
        .send({ closures: original.closures, billingUnitMinutes: original.billingUnitMinutes })
        .expect(200),
    );

    // The manager: operational settings enabled, what the authorisation fixes read-only with why.
    const { page, errors } = await signIn(logins.managers[0], '/creche/parametres');
    await page.getByRole('heading', { name: 'Crèche', level: 1 }).waitFor();
    if (mine.length > 1) await page.getByLabel('Crèche', { exact: true }).selectOption(micro.id);
    await page.getByText('Les réglages grisés sont fixés par l’agrément PMI').waitFor();
    await expect(page.getByLabel(/^Places autorisées/).isDisabled()).resolves.toBe(true);
    // The crèche's name (the team's invitation form below has a « Nom » of its own).
    await expect(page.getByRole('textbox', { name: /^Nom Fixé par/ }).isDisabled()).resolves.toBe(true);
    await expect(page.getByLabel(/^Accueil en surnombre/).isDisabled()).resolves.toBe(true);
    await expect(page.getByLabel(/^Places réservées/).isDisabled()).resolves.toBe(true);
    await page
      .getByText(/modifiable par un administrateur/)
      .first()
      .waitFor();
    await expect(page.getByLabel(/^Unité de facturation/).isEnabled()).resolves.toBe(true);
    await expect(page.getByLabel(/^Ouverte les jours fériés/).isEnabled()).resolves.toBe(true);
    await expect(page.getByLabel(/^Numéro de partenaire Caf/).isEnabled()).resolves.toBe(true);
    await checkPage(page, 'creche-gestionnaire');

    // The manager changes the second closure and the billing unit, saves, reloads and sees them.
    /** A field of the second closure (the list is a table: each field named by its column and its row). */
    const closure = (column: string) => page.getByLabel(`${column}, fermeture 2`, { exact: true });
    await closure('Motif').fill('Fermeture de fin d’année');
    await closure('Du').fill('2027-12-23');
    await page.getByLabel(/^Unité de facturation/).selectOption('15');
    // When and how families pay (R8.13): printed on the invoices issued from now on.
    await page.getByLabel(/^Délai de paiement des factures/).fill('15');
    await page.getByLabel(/^Modalités de paiement/).fill('Virement ou CESU ');
    await page.getByRole('button', { name: 'Enregistrer les réglages' }).click();
    await page.getByText('Les réglages de la crèche sont enregistrés.').waitFor();
    await page.reload();
    if (mine.length > 1) await page.getByLabel('Crèche', { exact: true }).selectOption(micro.id);
    await page.getByLabel(/^Unité de facturation/).waitFor();
    await expect(page.getByLabel(/^Unité de facturation/).inputValue()).resolves.toBe('15');
    await expect(closure('Motif').inputValue()).resolves.toBe('Fermeture de fin d’année');
    await expect(closure('Du').inputValue()).resolves.toBe('2027-12-23');
    const saved = (await t.http().get(`/creches/${micro.id}`).expect(200)).body;
    expect(saved.billingUnitMinutes).toBe(15);
    expect(saved).toMatchObject({ paymentDueDays: 15, paymentTerms: 'Virement ou CESU' });
    await expect(page.getByLabel(/^Délai de paiement des factures/).inputValue()).resolves.toBe('15');
    expect(saved.closures[1]).toEqual({ from: '2027-12-23', to: '2028-01-01', label: 'Fermeture de fin d’année' });

    // A closure that ends before it starts: refused, in French, beside its field; nothing saved.
    await closure('Au (inclus)').fill('2027-12-01');
    await page.getByRole('button', { name: 'Enregistrer les réglages' }).click();
    const misordered = /Le début ne doit pas être après la fin\./;
    await expect(describedBy(closure('Du'), misordered)).resolves.toMatch(misordered);
    await page.getByText('Les réglages ne sont pas enregistrés : corrigez les champs signalés.').waitFor();
    await checkPage(page, 'creche-erreur');
    expect((await t.http().get(`/creches/${micro.id}`).expect(200)).body.closures[1].to).toBe('2028-01-01');
    expect(errors).toEqual(['Failed to load resource: the server responded with a status of 400 (Bad Request)']);

    // One place from 09:00 to 12:00 on the first band's day would leave children planned then without room: refused
    // (409), the page names where first.
    await page.reload();
    if (mine.length > 1) await page.getByLabel('Crèche', { exact: true }).selectOption(micro.id);
    await page.getByLabel('De, modulation 1', { exact: true }).fill('09:00');
    await page.getByLabel('À, modulation 1', { exact: true }).fill('12:00');
    await page.getByLabel('Places, modulation 1', { exact: true }).fill('1');
    await page.getByRole('button', { name: 'Enregistrer les réglages' }).click();
    await page
      .getByText(
        /^Ce changement laisserait des enfants prévus sans place.* Premier conflit : le \p{L}+ \d\d\/\d\d\/\d{4} de \d\d:\d\d à \d\d:\d\d, \d+ enfants prévus pour 1 place/u,
      )
      .waitFor();
    expect((await t.http().get(`/creches/${micro.id}`).expect(200)).body.capacityBands).toEqual(original.capacityBands);
    expect(errors.slice(1)).toEqual(['Failed to load resource: the server responded with a status of 409 (Conflict)']);

    // The authorised places through the API, past the page: 403 naming the field, nothing changed.
    const refused = await t.http().patch(`/creches/${micro.id}`).set(manager).send({ places: 10 }).expect(403);
    expect(refused.body).toMatchObject({ code: 'CRECHE.FIELD_ADMIN_ONLY', details: { fields: ['places'] } });
    expect((await t.http().get(`/creches/${micro.id}`).expect(200)).body.places).toBe(original.places);

    // The admin changes them: 13 places for a micro-crèche, the law's limit said beside the places.
    const byAdmin = await signIn(logins.admin, '/creche/parametres');
    await byAdmin.page.getByLabel('Crèche', { exact: true }).selectOption(micro.id);
    await expect(byAdmin.page.getByLabel(/^Places autorisées/).isEnabled()).resolves.toBe(true);
    await expect(byAdmin.page.getByText('Les réglages grisés').count()).resolves.toBe(0);
    await byAdmin.page.getByLabel(/^Places autorisées/).fill('13');
    await byAdmin.page.getByRole('button', { name: 'Enregistrer les réglages' }).click();
    const tooMany = /Une micro-crèche a au plus 12 places/;
    await expect(describedBy(byAdmin.page.getByLabel(/^Places autorisées/), tooMany)).resolves.toMatch(tooMany);
    expect((await t.http().get(`/creches/${micro.id}`).expect(200)).body.places).toBe(12);
    expect(byAdmin.errors).toEqual([
      'Failed to load resource: the server responded with a status of 400 (Bad Request)',
    ]);
  }, 180_000);
});
