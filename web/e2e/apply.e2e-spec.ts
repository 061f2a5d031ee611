import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createCreche, createTerritory, fullWeek } from '../../test/support/factories';
import { createParentWithChild, type TestParent } from '../../test/support/families';
import { createUser, PASSWORD, type TestApp, type TestUser } from '../../test/support/test-app';
import { waitFor } from '../../test/support/wait';
import {
  ARTIFACTS,
  buildWebApp,
  collectErrors,
  launchChromium,
  seriousA11yViolations,
  startWebServer,
} from './support/browser';

/** The field whose label starts with `label` (the DSFR puts the hint text inside the label). */
const field = (page: Page, label: string) =>
  page.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));

/** Types into a field from the keyboard (focus, select what it holds, then keys). */
async function typeInto(page: Page, label: string, keys: string): Promise<void> {
  await field(page, label).focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(keys);
}

async function pressOn(page: Page, name: string | RegExp, key = 'Enter'): Promise<void> {
  await page.getByRole('button', { name }).focus();
  await page.keyboard.press(key);
}

const WEEKDAYS = ['Lundi', 'Mardi', 'Mercredi', 'Jeudi', 'Vendredi'];

describe('Web app: Demander une place (Chromium)', () => {
  let distDir: string;
  let t: TestApp;
  let url: string;
  let browser: Browser;
  let context: BrowserContext;
  let admin: TestUser;
  let early: { id: string; name: string };
  let standard: { id: string; name: string };
  let territoryId: string;

  beforeAll(async () => {
    distDir = buildWebApp();
    ({ t, url } = await startWebServer(distDir));
    browser = await launchChromium();
    admin = await createUser(t, 'ADMIN');
    const territory = await createTerritory(t, admin);
    territoryId = territory.id;
    const suffix = Math.random().toString(36).slice(2, 7);
    // Two crèches with different opening hours: 05:00–21:00 Monday to Saturday, 07:30–18:30 Monday to Friday.
    early = await createCreche(t, admin, territory.id, { name: `Micro-crèche Les Aurores ${suffix}` });
    standard = await createCreche(t, admin, territory.id, {
      name: `Crèche collective Le Jardin ${suffix}`,
      kind: 'COLLECTIVE',
      places: 30,
      capacityBands: [],
      openingHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '07:30', closes: '18:30' })),
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    if (distDir) rmSync(distDir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  });
  afterEach(async () => {
    await context.close();
  });

  /** Opens the page signed out, signs in from the keyboard, and comes back to it (the sign-in gate's `next`). */
  async function openSignedIn(page: Page, email: string): Promise<void> {
    await page.goto(`${url}/demandes/nouvelle`);
    await page.getByRole('main').getByRole('link', { name: 'Me connecter' }).click();
    await field(page, 'Adresse e-mail').focus();
    await page.keyboard.type(email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${url}/demandes/nouvelle`);
  }

  async function addCreche(page: Page, name: string): Promise<void> {
    const value = await page.locator('select[name="ajout-creche"] option', { hasText: name }).getAttribute('value');
    await field(page, 'Ajouter').selectOption(value!);
    await pressOn(page, 'Ajouter cette crèche');
  }

  it('applies to two crèches with different opening hours and two schedules, typed and drawn; the API keeps both', async () => {
    const parent: TestParent = await createParentWithChild(t);
    const page = await context.newPage();
    const errors = collectErrors(page);
    await openSignedIn(page, parent.email);
    await page.getByRole('heading', { name: 'Demander une place' }).waitFor();
    // The only child is chosen already.
    await expect(field(page, 'Enfant').inputValue()).resolves.toBe(parent.childId);
    await typeInto(page, 'Date d’entrée souhaitée', '01/09/2027');
    for (const day of WEEKDAYS) {
      await typeInto(page, `${day} : arrivée`, '5h30');
      await typeInto(page, `${day} : départ`, '13:30');
    }
    await expect(page.getByText('Horaires atypiques : avant 7 h 30').count()).resolves.toBe(5);

    await addCreche(page, early.name);
    await addCreche(page, standard.name);
    await expect(page.getByTestId('adequation-1').textContent()).resolves.toBe(
      'ConvientVotre planning entre dans ses heures d’ouverture.',
    );
    await expect(page.getByTestId('adequation-2').textContent()).resolves.toContain(
      'Ne convient pasHors de ses heures d’ouverture : le lundi de 05:30 à 13:30 dépasse ses horaires (07:30–18:30)',
    );
    await expect(page.getByText('ouverte du lundi au vendredi 07:30–18:30').count()).resolves.toBe(1);

    // Ranking from the keyboard: up, then down again.
    await pressOn(page, `Monter ${standard.name}`);
    await expect(page.getByRole('heading', { level: 2 }).allInnerTexts()).resolves.toEqual([
      `1. ${standard.name}`,
      `2. ${early.name}`,
    ]);
    await pressOn(page, `Descendre ${standard.name}`);
    await expect(page.getByRole('heading', { level: 2 }).allInnerTexts()).resolves.toEqual([
      `1. ${early.name}`,
      `2. ${standard.name}`,
    ]);

    // The collective crèche gets its own week: a standard day.
    await field(page, `Un planning différent pour cette crèche (${standard.name})`).focus();
    await page.keyboard.press('Space');
    for (const day of WEEKDAYS) {
      await typeInto(page, `${standard.name} : ${day} : arrivée`, '08:00');
      await typeInto(page, `${standard.name} : ${day} : départ`, '15h');
    }
    await expect(page.getByTestId('adequation-2').textContent()).resolves.toBe(
      'ConvientSon planning entre dans ses heures d’ouverture.',
    );

    // Saturday morning drawn on the main grid with the mouse (08:00 to 12:00): said atypical in words.
    const cell = (start: number) =>
      page.locator(`[data-testid="planning-grille"] [data-weekday="6"][data-start="${start}"]`);
    await cell(8 * 60).scrollIntoViewIfNeeded();
    const from = (await cell(8 * 60).boundingBox())!;
    const to = (await cell(11 * 60 + 30).boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 8 });
    await page.mouse.up();
    await expect(field(page, 'Samedi : arrivée').inputValue()).resolves.toBe('08:00');
    await expect(field(page, 'Samedi : départ').inputValue()).resolves.toBe('12:00');
    await expect(page.getByText('Horaires atypiques : samedi').count()).resolves.toBe(1);
    await expect(page.getByTestId('adequation-1').textContent()).resolves.toBe(
      'ConvientVotre planning entre dans ses heures d’ouverture.',
    );

    // Shift work: public holidays too.
    await field(page, 'J’ai aussi besoin d’un accueil les jours fériés').focus();
    await page.keyboard.press('Space');

    await page.screenshot({ path: join(ARTIFACTS, 'demander-une-place.png'), fullPage: true });
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);

    await pressOn(page, 'Envoyer ma demande');
    await page.waitForURL(/\/demandes\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop();
    const mine = await t.http().get('/applications').set(parent.auth).expect(200);
    const created = mine.body.find((a: { id: string }) => a.id === id);
    expect(created).toMatchObject({ childId: parent.childId, desiredStartDate: '2027-09-01', publicHolidayCare: true });
    expect(created.preferences).toEqual([
      {
        crecheId: early.id,
        rank: 1,
        schedule: [...fullWeek('05:30', '13:30'), { weekday: 6, from: '08:00', to: '12:00' }],
      },
      { crecheId: standard.id, rank: 2, schedule: fullWeek('08:00', '15:00') },
    ]);
    expect(errors).toEqual([]);
  }, 180_000);

  it('works 360 px wide: French errors beside the fields, a crèche-specific week refused by the API, no sideways scroll', async () => {
    const small = await browser.newContext({ locale: 'fr-FR', viewport: { width: 360, height: 740 }, isMobile: true });
    try {
      const parent = await createParentWithChild(t);
      const page = await small.newPage();
      const errors = collectErrors(page);
      await openSignedIn(page, parent.email);
      await page.getByRole('heading', { name: 'Demander une place' }).waitFor();
      await pressOn(page, 'Envoyer ma demande');
      await page.getByText('Corrigez les champs signalés.').waitFor();
      // Each problem said beside its field, and listed at the top where the focus lands (on a phone the fields are
      // screens further down).
      const summary = page.getByTestId('application-errors');
      for (const message of [
        'Ce champ est obligatoire.', // the start date
        'Indiquez au moins un jour d’accueil.',
        'Choisissez au moins une crèche.',
      ]) {
        await expect(summary.getByText(message).count()).resolves.toBe(1);
        await expect(page.getByText(message).count()).resolves.toBe(2);
      }

      await typeInto(page, 'Date d’entrée souhaitée', '01/09/2027');
      await typeInto(page, 'Lundi : arrivée', '06:00');
      await typeInto(page, 'Lundi : départ', '14:00');
      await addCreche(page, early.name);
      // Chosen in the list, not added with its button: it goes with the application all the same.
      const value = await page
        .locator('select[name="ajout-creche"] option', { hasText: standard.name })
        .getAttribute('value');
      await field(page, 'Ajouter').selectOption(value!);
      await pressOn(page, 'Envoyer ma demande');
      // Refused (its hours open at 07:00): the focus goes to the list of problems, the crèche now in the form.
      await waitFor(
        async () => (await page.evaluate("document.activeElement?.getAttribute('aria-live')")) === 'assertive',
      );
      await summary.getByText('En dehors des heures d’ouverture', { exact: false }).first().waitFor();
      await field(page, `Un planning différent pour cette crèche (${standard.name})`).focus();
      await page.keyboard.press('Space');
      // Shown as outside its hours here; the API refuses it, named beside the day of that crèche's week.
      await typeInto(page, `${standard.name} : Lundi : arrivée`, '07:00');
      await typeInto(page, `${standard.name} : Lundi : départ`, '15:00');
      await expect(page.getByTestId('adequation-2').textContent()).resolves.toContain('Hors de ses heures d’ouverture');
      await pressOn(page, 'Envoyer ma demande');
      await page.getByText('Lundi : En dehors des heures d’ouverture de la crèche.').waitFor();
      await summary.getByText('En dehors des heures d’ouverture de la crèche', { exact: false }).first().waitFor();
      await expect(field(page, `${standard.name} : Lundi : arrivée`).getAttribute('aria-invalid')).resolves.toBe(
        'true',
      );
      const widths = (await page.evaluate(
        '({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })',
      )) as { scroll: number; client: number };
      expect(widths.scroll).toBeLessThanOrEqual(widths.client);
      await page.screenshot({ path: join(ARTIFACTS, 'demander-une-place-360px.png'), fullPage: true });
      await expect(seriousA11yViolations(page)).resolves.toEqual([]);
      expect(page.url()).toBe(`${url}/demandes/nouvelle`);
      // The 400s are logged by Chromium as failed resources; nothing else may be.
      expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
    } finally {
      await small.close();
    }
  }, 180_000);

  it('scrolls the page when a finger swipes over the week grid, and draws hours with two taps', async () => {
    const phone = await browser.newContext({
      locale: 'fr-FR',
      viewport: { width: 360, height: 740 },
      isMobile: true,
      hasTouch: true,
    });
    try {
      const parent = await createParentWithChild(t);
      const page = await phone.newPage();
      const errors = collectErrors(page);
      await openSignedIn(page, parent.email);
      await page.getByRole('heading', { name: 'Demander une place' }).waitFor();
      const grid = page.getByTestId('planning-grille');
      const cell = (weekday: number, start: number) =>
        grid.locator(`[data-weekday="${weekday}"][data-start="${start}"]`);
      await cell(4, 12 * 60).scrollIntoViewIfNeeded();
      // A swipe up over Thursday's column, as a thumb scrolls on to the next fields: the page moves, no hour is drawn.
      const box = (await cell(4, 12 * 60).boundingBox())!;
      const before = (await page.evaluate('window.scrollY')) as number;
      const cdp = await phone.newCDPSession(page);
      const [x, y] = [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)];
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
      for (let k = 1; k <= 10; k++)
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y: y - k * 25 }] });
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
      await waitFor(async () => ((await page.evaluate('window.scrollY')) as number) > before + 100);
      for (const day of ['Jeudi : arrivée', 'Jeudi : départ'])
        await expect(field(page, day).inputValue()).resolves.toBe('');
      // Two taps: the arrival's half hour, then the last one: Thursday 07:00 to 18:30.
      await cell(4, 7 * 60).scrollIntoViewIfNeeded();
      let at = (await cell(4, 7 * 60).boundingBox())!;
      await page.touchscreen.tap(at.x + at.width / 2, at.y + at.height / 2);
      await page.getByText('Jeudi à partir de 07:00 : touchez maintenant la dernière demi-heure').waitFor();
      await cell(4, 18 * 60).scrollIntoViewIfNeeded();
      at = (await cell(4, 18 * 60).boundingBox())!;
      await page.touchscreen.tap(at.x + at.width / 2, at.y + at.height / 2);
      await expect(field(page, 'Jeudi : arrivée').inputValue()).resolves.toBe('07:00');
      await expect(field(page, 'Jeudi : départ').inputValue()).resolves.toBe('18:30');
      await expect(page.getByText('Horaires atypiques : avant 7 h 30').count()).resolves.toBe(1);
      // A tap on the hours drawn takes them back.
      at = (await cell(4, 12 * 60).boundingBox())!;
      await page.touchscreen.tap(at.x + at.width / 2, at.y + at.height / 2);
      await expect(field(page, 'Jeudi : arrivée').inputValue()).resolves.toBe('');
      expect(errors).toEqual([]);
    } finally {
      await phone.close();
    }
  });

  it('offers no 6th crèche once 5 are ranked, and offers one again when one is removed', async () => {
    const suffix = Math.random().toString(36).slice(2, 7);
    const more = [];
    for (const name of ['Les Hirondelles', 'Les Mésanges', 'Les Colibris', 'Les Pinsons'])
      more.push(await createCreche(t, admin, territoryId, { name: `Micro-crèche ${name} ${suffix}` }));
    const parent = await createParentWithChild(t);
    const page = await context.newPage();
    const errors = collectErrors(page);
    await openSignedIn(page, parent.email);
    await page.getByRole('heading', { name: 'Demander une place' }).waitFor();
    const five = [early, standard, ...more.slice(0, 3)];
    for (const c of five) await addCreche(page, c.name);
    await expect(page.getByRole('heading', { level: 2 }).allInnerTexts()).resolves.toEqual(
      five.map((c, i) => `${i + 1}. ${c.name}`),
    );
    // A 6th crèche exists, but neither the list of crèches nor its button is offered any more.
    await page.getByText('Vous avez choisi 5 crèches, le maximum.').waitFor();
    await expect(page.locator('select[name="ajout-creche"]').count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Ajouter cette crèche' }).count()).resolves.toBe(0);
    await expect(page.getByText(more[3].name).count()).resolves.toBe(0);
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
    // One removed: the 6th can be added.
    await pressOn(page, `Retirer ${more[2].name}`);
    await addCreche(page, more[3].name);
    await page.getByText('Vous avez choisi 5 crèches, le maximum.').waitFor();
    expect(errors).toEqual([]);
  }, 180_000);

  it('sends a parent without a household to the household page', async () => {
    const alone = await createUser(t, 'PARENT');
    const page = await context.newPage();
    const errors = collectErrors(page);
    await openSignedIn(page, alone.email);
    const link = page.getByRole('link', { name: 'Déclarer mon foyer' });
    await link.waitFor();
    await expect(link.getAttribute('href')).resolves.toBe('/foyer');
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
    expect(errors).toEqual([]);
  }, 180_000);
});
