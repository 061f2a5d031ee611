import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createCreche, createTerritory } from '../../test/support/factories';
import { createUser, type TestApp } from '../../test/support/test-app';
import {
  ARTIFACTS,
  buildWebApp,
  collectErrors,
  launchChromium,
  seriousA11yViolations,
  startWebServer,
} from './support/browser';

/** Types into the field named `label` (focus, then keys only: no mouse anywhere in these tests). */
async function typeInto(page: Page, label: string, keys: string): Promise<void> {
  await field(page, label).focus();
  await page.keyboard.type(keys);
}

/** The field whose label starts with `label` (the DSFR puts the hint text inside the label). */
function field(page: Page, label: string) {
  return page.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
}

async function pressOn(page: Page, name: string | RegExp, key = 'Enter'): Promise<void> {
  await page.getByRole('button', { name }).focus();
  await page.keyboard.press(key);
}

/** The worked example's contract (docs/rules.md R4.9): 4 January – 25 June 2027, weekdays 08:00–16:00, a week off. */
async function typeWorkedExampleContract(page: Page): Promise<void> {
  await typeInto(page, 'Début du contrat', '04/01/2027');
  await typeInto(page, 'Fin du contrat', '25/06/2027');
  for (const day of ['Lundi', 'Mardi', 'Mercredi', 'Jeudi', 'Vendredi']) {
    await typeInto(page, `${day} : arrivée`, '08:00');
    await typeInto(page, `${day} : départ`, '16h');
  }
  await pressOn(page, 'Ajouter une période de congés');
  await typeInto(page, 'Congés 1 : premier jour', '15/02/2027');
  await typeInto(page, 'Congés 1 : dernier jour', '19/02/2027');
}

describe('Web app: Simuler ma participation (Chromium)', () => {
  let distDir: string;
  let t: TestApp;
  let url: string;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    distDir = buildWebApp();
    ({ t, url } = await startWebServer(distDir));
    browser = await launchChromium();
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

  it('computes the worked example filled in with the keyboard: 260,52 € a month, with its steps in French', async () => {
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${url}/simuler`);
    await typeInto(page, 'Montant mensuel (en euros)', '2 700');
    // One child and collective care are the defaults; the contract form is the default form.
    await typeWorkedExampleContract(page);
    await pressOn(page, 'Calculer ma participation');

    await expect(page.getByTestId('monthly-fee').textContent()).resolves.toBe('260,52 €');
    await expect(page.getByTestId('hourly-rate').textContent()).resolves.toBe('1,67 €');
    await expect(page.getByTestId('monthly-hours').textContent()).resolves.toBe('156,00 h');
    const steps = await page.getByRole('list').filter({ hasText: 'Le barème' }).innerText();
    expect(steps).toContain('en vigueur le 04/01/2027');
    expect(steps).toContain('famille de 1 enfant');
    expect(steps).toContain('comprises entre le plancher (814,62 €) et le plafond');
    expect(steps).toContain('3 jours fériés, 5 jours de congés déclarés');
    expect(steps).toContain('936,00 h réservées');
    expect(steps).toContain('6 mois du contrat');
    expect(steps).toContain('arrondie au centime une seule fois');
    await page.screenshot({ path: join(ARTIFACTS, 'simulateur-resultat.png'), fullPage: true });
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
    expect(errors).toEqual([]);
  });

  it("computes at a chosen crèche as its contracts are: its closures come off, its care type is the crèche's", async () => {
    const admin = await createUser(t, 'ADMIN');
    const territoryId = (await createTerritory(t, admin)).id;
    const creche = await createCreche(t, admin, territoryId, {
      name: 'Crèche des Tilleuls',
      kind: 'COLLECTIVE',
      places: 20,
      capacityBands: [],
      closures: [{ from: '2027-04-12', to: '2027-04-23', label: 'Printemps' }],
    });
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${url}/simuler`);
    await typeInto(page, 'Montant mensuel (en euros)', '2 700');
    await field(page, 'Crèche (facultatif)').selectOption({ label: 'Crèche des Tilleuls (Rambervillers)' });
    // The care type is the crèche's: no choice left to make.
    await page.getByText('Mode d’accueil : Crèche collective (celui de la crèche).').waitFor();
    await expect(page.getByRole('radio', { name: 'Micro-crèche' }).count()).resolves.toBe(0);
    await typeWorkedExampleContract(page);
    const [answer] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === `/api/creches/${creche.id}/fees/quote`),
      pressOn(page, 'Calculer ma participation'),
    ]);
    expect(answer.status()).toBe(200);
    const quoted = (await answer.json()) as { monthlyFee: string };

    // The worked example's 936 h less the ten closed weekdays: 856 h over six months.
    await expect(page.getByTestId('monthly-hours').textContent()).resolves.toBe('142,67 h');
    await expect(page.getByTestId('hourly-rate').textContent()).resolves.toBe('1,67 €');
    await expect(page.getByTestId('monthly-fee').textContent()).resolves.toBe(
      `${quoted.monthlyFee.replace('.', ',')} €`,
    );
    const steps = await page.getByRole('list').filter({ hasText: 'Le barème' }).innerText();
    expect(steps).toContain('10 jours de fermeture');
    expect(steps).toContain('856,00 h réservées');
    // Back to no crèche in particular: the result goes, and the care type is asked again.
    await field(page, 'Crèche (facultatif)').selectOption({ label: 'Aucune en particulier' });
    await expect(page.getByTestId('monthly-fee').count()).resolves.toBe(0);
    await page.getByRole('radio', { name: 'Micro-crèche' }).waitFor();
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
    expect(errors).toEqual([]);
  });

  it('marks atypical hours as they are typed: before 07:30, after 19:00, Saturday', async () => {
    const page = await context.newPage();
    await page.goto(`${url}/simuler`);
    await typeInto(page, 'Lundi : arrivée', '6:00');
    await typeInto(page, 'Mardi : départ', '20h');
    await typeInto(page, 'Samedi : arrivée', '09:00');
    await expect(page.getByText('Horaires atypiques : avant 7 h 30').count()).resolves.toBe(1);
    await expect(page.getByText('Horaires atypiques : après 19 h').count()).resolves.toBe(1);
    await expect(page.getByText('Horaires atypiques : samedi').count()).resolves.toBe(1);
  });

  it("shows the API's refusal next to each field, in French, and 'obligatoire' once for an empty field", async () => {
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${url}/simuler`);
    await typeInto(page, 'Montant mensuel (en euros)', 'beaucoup');
    await typeInto(page, 'Lundi : arrivée', '16:00');
    await typeInto(page, 'Lundi : départ', '08:00');
    await pressOn(page, 'Calculer ma participation');

    const amount = field(page, 'Montant mensuel (en euros)');
    await amount.waitFor();
    await page.getByText('Indiquez un montant en euros').waitFor();
    await expect(amount.getAttribute('aria-describedby')).resolves.toBeTruthy();
    await expect(page.getByText('Indiquez un montant en euros, par exemple 2 700 ou 2 700,50.').count()).resolves.toBe(
      1,
    );
    await expect(page.getByText('Ce champ est obligatoire.').count()).resolves.toBe(2); // start and end of the contract
    await expect(page.getByText(/^Lundi : Horaires invalides/).count()).resolves.toBe(1);
    await expect(field(page, 'Lundi : arrivée').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.getByText('Le calcul n’a pas pu être fait').count()).resolves.toBe(1);
    await expect(page.getByTestId('monthly-fee').count()).resolves.toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'simulateur-erreurs.png'), fullPage: true });
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
    // The 400 itself is logged by Chromium as a failed resource; nothing else may be.
    expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
  });

  it('works 360 px wide with the quick form (unknown resources: the floor), without sideways scrolling', async () => {
    const small = await browser.newContext({ locale: 'fr-FR', viewport: { width: 360, height: 740 }, isMobile: true });
    try {
      const page = await small.newPage();
      const errors = collectErrors(page);
      await page.goto(`${url}/simuler`);
      await field(page, 'Je ne les connais pas encore').focus();
      await page.keyboard.press('Space');
      await field(page, 'Rapide : heures par semaine').focus();
      await page.keyboard.press('Space');
      await typeInto(page, 'Début de l’accueil', '01/09/2027');
      await typeInto(page, 'Heures par semaine', '40');
      await typeInto(page, 'Semaines par an', '45');
      await page.keyboard.press('Enter'); // submits the form from a field
      const fee = page.getByTestId('monthly-fee');
      await fee.waitFor();
      await expect(fee.textContent()).resolves.toMatch(/^\d+,\d{2} €$/);
      await expect(
        page.getByText('Vos ressources ne sont pas connues : le plancher du barème s’applique').count(),
      ).resolves.toBe(1);
      // Evaluated in the page (a string: this project's Node types have no DOM).
      const widths = (await page.evaluate(
        '({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })',
      )) as { scroll: number; client: number };
      expect(widths.scroll).toBeLessThanOrEqual(widths.client);
      await page.screenshot({ path: join(ARTIFACTS, 'simulateur-360px.png'), fullPage: true });
      await expect(seriousA11yViolations(page)).resolves.toEqual([]);
      // The other way of describing the care chosen: the result of this one goes with it.
      await field(page, 'Un contrat : dates et planning').focus();
      await page.keyboard.press('Space');
      await expect(page.getByTestId('monthly-fee').count()).resolves.toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await small.close();
    }
  });

  it('serves the app with long-lived caching of hashed assets, compressed, and index.html for any page path', async () => {
    const page = await t.raw().get('/offres/un-identifiant').set('accept-encoding', 'gzip').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['cache-control']).toBe('no-cache');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(page.text)![1];
    const asset = await t.raw().get(script).set('accept-encoding', 'gzip').expect(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-encoding']).toBe('gzip');
    await t.raw().get('/assets/absent-0000.js').expect(404);
    expect((await t.raw().get('/api/absent').expect(404)).body.code).toBe('ROUTE.NOT_FOUND');
  });

  it('loads at most 250 kB of compressed JavaScript on the first visit of a page', async () => {
    for (const path of ['/', '/simuler', '/connexion', '/demandes/nouvelle', '/offres/un-identifiant']) {
      // A fresh context per page: an empty cache, as on a first visit.
      const fresh = await browser.newContext();
      const page = await fresh.newPage();
      const scripts: Promise<number>[] = [];
      page.on('requestfinished', (request) => {
        if (request.resourceType() === 'script') scripts.push(request.sizes().then((s) => s.responseBodySize));
      });
      await page.goto(`${url}${path}`, { waitUntil: 'networkidle' });
      const bytes = (await Promise.all(scripts)).reduce((a, b) => a + b, 0);
      expect(scripts.length).toBeGreaterThan(0);
      expect(bytes).toBeLessThanOrEqual(250_000);
      await fresh.close();
    }
  });

  it('lets the app and Swagger UI run and refuses a script injected into the page', async () => {
    const page = await context.newPage();
    const errors = collectErrors(page);
    const answer = await page.goto(`${url}/simuler`);
    expect(answer?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.getByRole('heading', { level: 1, name: 'Simuler ma participation' }).waitFor();
    await page.goto(`${url}/api/docs`);
    await page.getByText('Berceau', { exact: false }).first().waitFor();
    await page.locator('.opblock').first().waitFor();
    expect(errors).toEqual([]);

    // An inline script (what an injection would add) is blocked and reported, never run.
    // (A string, evaluated in the page: this file is type-checked without the DOM's types.)
    const ran = await page.evaluate(`(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__injected = true';
      document.body.appendChild(s);
      return window.__injected === true;
    })()`);
    expect(ran).toBe(false);
  });
});
