import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { assignManagers, createCreche, createTerritory, fullWeek } from '../../test/support/factories';
import { SmtpSink } from '../../test/support/smtp-sink';
import { createUser, uniqueEmail, type TestApp } from '../../test/support/test-app';
import {
  ARTIFACTS,
  buildWebApp,
  collectErrors,
  launchChromium,
  seriousA11yViolations,
  startWebServer,
} from './support/browser';
import { atPlaceFr } from '../../src/common/text/french-places';

const PASSWORD = 'le petit train du matin 0530';
const WEEKDAYS = ['Lundi', 'Mardi', 'Mercredi', 'Jeudi', 'Vendredi'];

/** The field whose label starts with `label` (the DSFR puts the hint text inside the label). */
const field = (page: Page, label: string) =>
  page.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));

async function typeInto(page: Page, label: string, keys: string): Promise<void> {
  await field(page, label).focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(keys);
}

async function press(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole('button', { name }).focus();
  await page.keyboard.press('Enter');
}

/** Follows the header's menu, as a parent would (the app changes page without reloading). */
async function menu(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name, exact: true }).click();
}

/**
 * Issue #15's journey, in one browser, as a parent lives it: sign up → prove the address from the e-mail → household
 * and child → simulate → apply to two crèches with different hours and two schedules → (a round confirmed by the
 * crèche, through the API) → open the offer from the e-mail's link → accept → the message is in "Mes messages".
 */
describe('Web app: a family from sign-up to an accepted place (Chromium)', () => {
  const smtp = new SmtpSink();
  let distDir: string;
  let t: TestApp;
  let url: string;
  let browser: Browser;

  beforeAll(async () => {
    await smtp.start();
    distDir = buildWebApp();
    ({ t, url } = await startWebServer(distDir, { runWorkers: true, env: { SMTP_URL: smtp.url } }));
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await smtp.stop();
    if (distDir) rmSync(distDir, { recursive: true, force: true });
  });

  it('registers, applies to two crèches with two schedules, and accepts the offer opened from its e-mail', async () => {
    // The territory and its crèches, set up by its staff through the API.
    const admin = await createUser(t, 'ADMIN');
    const manager = await createUser(t, 'MANAGER');
    const territory = await createTerritory(t, admin);
    const suffix = Math.random().toString(36).slice(2, 7);
    const early = await createCreche(t, admin, territory.id, { name: `Micro-crèche Les Lucioles ${suffix}` });
    const standard = await createCreche(t, admin, territory.id, {
      name: `Crèche Les Mésanges ${suffix}`,
      kind: 'COLLECTIVE',
      places: 30,
      capacityBands: [],
      openingHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '07:30', closes: '18:30' })),
    });
    await assignManagers(t, admin, early.id, manager);

    const email = uniqueEmail('parcours');
    const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    const page = await context.newPage();
    const errors = collectErrors(page);
    const check = async (name: string) => {
      await page.screenshot({ path: join(ARTIFACTS, `parcours-${name}.png`), fullPage: true });
      await expect(seriousA11yViolations(page)).resolves.toEqual([]);
    };

    // 1. Créer un compte, from the home page.
    await page.goto(url);
    await page.getByRole('main').getByRole('link', { name: 'Créer un compte' }).click();
    await page.getByRole('heading', { name: 'Créer un compte' }).waitFor();
    await typeInto(page, 'Adresse e-mail', email);
    await typeInto(page, 'Mot de passe', PASSWORD);
    await typeInto(page, 'Prénom', 'Inès');
    await typeInto(page, 'Nom', 'Marchal');
    await page.keyboard.press('Enter');
    await page.getByText('Consultez votre boîte e-mail').waitFor();
    await check('1-inscription');

    // 2. The welcome e-mail's link proves the address; then sign in.
    const welcome = () => smtp.to(email).find((m) => /Bienvenue/.test(m.subject));
    await smtp.waitFor(() => welcome() !== undefined);
    const verify = /https?:\/\/[^/\s]+(\/verifier-email\?token=[^\s"<>]+)/.exec(welcome()!.text)![1];
    await page.goto(`${url}${verify}`);
    await page.getByText('Adresse confirmée').waitFor();
    await page.goto(`${url}/connexion`);
    await typeInto(page, 'Adresse e-mail', email);
    await typeInto(page, 'Mot de passe', PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByText('Bonjour Inès Marchal.').waitFor();

    // 3. Mon foyer: the household, then the child.
    await menu(page, 'Mon foyer');
    await page.getByRole('heading', { name: 'Déclarer mon foyer' }).waitFor();
    await field(page, 'Commune de résidence').fill('88372');
    await field(page, 'Montant mensuel en euros').fill('2 400,00');
    await field(page, 'Enfants à charge').fill('1');
    await page.getByRole('button', { name: 'Créer mon foyer' }).click();
    await page.getByRole('heading', { name: 'Situation du foyer' }).waitFor();
    await field(page, 'Prénom').fill('Nour');
    await field(page, 'Date de naissance').fill('2026-05-12');
    await page.getByRole('button', { name: 'Ajouter l’enfant' }).click();
    await page.getByText('Nour a été ajouté(e).').waitFor();
    await check('2-foyer');

    // 4. Simuler ma participation: an early-morning week at the micro-crèche.
    await menu(page, 'Simuler ma participation');
    await typeInto(page, 'Montant mensuel (en euros)', '2 400');
    await typeInto(page, 'Début du contrat', '01/09/2027');
    await typeInto(page, 'Fin du contrat', '28/07/2028');
    for (const day of WEEKDAYS) {
      await typeInto(page, `${day} : arrivée`, '05:30');
      await typeInto(page, `${day} : départ`, '13:30');
    }
    await press(page, 'Calculer ma participation');
    await page.getByTestId('monthly-fee').waitFor();
    await expect(page.getByTestId('monthly-fee').textContent()).resolves.toMatch(/^\d[\d\s\u202f]*,\d\d €$/);
    await check('3-simulation');

    // 5. Demander une place: the early week at the micro-crèche, a standard week at the collective crèche.
    await menu(page, 'Demander une place');
    await page.getByRole('heading', { name: 'Demander une place' }).waitFor();
    await typeInto(page, 'Date d’entrée souhaitée', '01/09/2027');
    for (const day of WEEKDAYS) {
      await typeInto(page, `${day} : arrivée`, '05:30');
      await typeInto(page, `${day} : départ`, '13:30');
    }
    for (const creche of [early, standard]) {
      const value = await page
        .locator('select[name="ajout-creche"] option', { hasText: creche.name })
        .getAttribute('value');
      await field(page, 'Ajouter').selectOption(value!);
      await press(page, 'Ajouter cette crèche');
    }
    await field(page, `Un planning différent pour cette crèche (${standard.name})`).focus();
    await page.keyboard.press('Space');
    for (const day of WEEKDAYS) {
      await typeInto(page, `${standard.name} : ${day} : arrivée`, '08:00');
      await typeInto(page, `${standard.name} : ${day} : départ`, '15:00');
    }
    await expect(page.getByTestId('adequation-1').textContent()).resolves.toMatch(/^Convient/);
    await expect(page.getByTestId('adequation-2').textContent()).resolves.toMatch(/^Convient/);
    await check('4-demande');
    await press(page, 'Envoyer ma demande');
    await page.waitForURL(/\/demandes\/[0-9a-f-]{36}$/);
    const applicationId = page.url().split('/').pop()!;
    await page.getByText(early.name).first().waitFor();
    await check('5-ma-demande');

    // 6. The micro-crèche's manager runs a round and confirms it (the staff's pages are issue #19).
    const round = await t
      .http()
      .post('/allocation-rounds')
      .set(manager.auth)
      .send({ crecheIds: [early.id], startDate: '2027-09-01' })
      .expect(201);
    const confirmed = await t
      .http()
      .post(`/allocation-rounds/${round.body.id}/confirm`)
      .set(manager.auth)
      .send({})
      .expect(200);
    const offer = confirmed.body.offers.find((o: { applicationId: string }) => o.applicationId === applicationId);
    expect(offer).toMatchObject({ crecheId: early.id, schedule: fullWeek('05:30', '13:30') });

    // 7. The offer e-mail's link, opened in the same browser: the session comes back from its cookie.
    const offerMail = () => smtp.to(email).find((m) => m.subject.startsWith('Une place vous est proposée'));
    await smtp.waitFor(() => offerMail() !== undefined);
    const offerPath = /https?:\/\/[^/\s]+(\/offres\/[0-9a-f-]{36})/.exec(offerMail()!.text)![1];
    expect(offerPath).toBe(`/offres/${offer.id}`);
    await page.goto(`${url}${offerPath}`);
    await page.getByRole('heading', { level: 1, name: `Une place pour Nour ${atPlaceFr(early.name)}` }).waitFor();
    await page.getByText('Lundi : de 5 h 30 à 13 h 30').waitFor();
    await check('6-offre');
    await press(page, 'Accepter la place');
    await press(page, 'Oui, j’accepte la place');
    await page.getByText('Vous avez accepté la place', { exact: true }).waitFor();
    await check('7-offre-acceptee');
    const [{ status }] = await t.dataSource.query(`SELECT status FROM offers WHERE id = $1`, [offer.id]);
    expect(status).toBe('ACCEPTED');

    // 8. Mes messages: the offer and its confirmation, with the e-mails' own words.
    await smtp.waitFor(() => smtp.to(email).some((m) => m.subject.startsWith('Place confirmée')));
    await menu(page, 'Mes messages');
    await page.getByRole('heading', { name: /^Place confirmée/ }).waitFor();
    await page.getByRole('heading', { name: /^Une place vous est proposée/ }).waitFor();
    await check('8-messages');

    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);
});
