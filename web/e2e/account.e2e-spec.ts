import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SmtpSink } from '../../test/support/smtp-sink';
import { PASSWORD, uniqueEmail, type TestApp } from '../../test/support/test-app';
import {
  ARTIFACTS,
  buildWebApp,
  collectErrors,
  launchChromium,
  seriousA11yViolations,
  startWebServer,
} from './support/browser';

/** The field whose label starts with `label` (the DSFR puts the hint text inside the label). */
const field = (page: Page, label: string) => page.getByLabel(new RegExp(`^${label}`));

describe('Web app: e-mail verification and login (Chromium)', () => {
  const smtp = new SmtpSink();
  let distDir: string;
  let t: TestApp;
  let url: string;
  let browser: Browser;
  let context: BrowserContext;

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
  beforeEach(async () => {
    context = await browser.newContext({ locale: 'fr-FR' });
  });
  afterEach(async () => {
    await context.close();
  });

  /** Registers over the API and returns the path of the link its welcome e-mail carries. */
  async function registerAndReadLink(email: string): Promise<string> {
    await t
      .http()
      .post('/auth/register')
      .send({ email, password: PASSWORD, firstName: 'Maëlys', lastName: 'Testeur' })
      .expect(202);
    await smtp.waitFor(() => smtp.to(email).length > 0);
    const link = /https?:\/\/[^/\s]+(\/verifier-email\?token=[^\s"<>]+)/.exec(smtp.to(email)[0].text);
    expect(link).not.toBeNull();
    return link![1];
  }

  async function logIn(page: Page, email: string, password: string): Promise<void> {
    await page.goto(`${url}/connexion`);
    await field(page, 'Adresse e-mail').focus();
    await page.keyboard.type(email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(password);
    await page.keyboard.press('Enter');
  }

  it('opens the link of the welcome e-mail in the app, which proves the address, then signs in from the keyboard', async () => {
    const email = uniqueEmail('web');
    const path = await registerAndReadLink(email);
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${url}${path}`);
    await page.getByText('Adresse confirmée').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'verifier-email.png'), fullPage: true });
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
    const [{ email_verified_at }] = await t.dataSource.query(`SELECT email_verified_at FROM users WHERE email = $1`, [
      email,
    ]);
    expect(email_verified_at).not.toBeNull();

    await logIn(page, email, PASSWORD);
    await page.getByText('Bonjour Maëlys Testeur.').waitFor();
    await expect(page.getByText('Adresse e-mail confirmée.').count()).resolves.toBe(1);
    // A new family is told where to go next: its household first.
    const next = page.getByRole('region', { name: 'Vos démarches' });
    await next.getByRole('link', { name: 'Déclarer mon foyer' }).and(page.locator('[href="/foyer"]')).waitFor();
    await next.getByRole('link', { name: 'Demander une place' }).waitFor();
    // Every page of the family is reached from here, its data too (it was only in the menu).
    await next.getByRole('link', { name: 'Mes données' }).and(page.locator('[href="/mes-donnees"]')).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'mon-espace.png'), fullPage: true });
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
    // The token stays in memory: no JWT in the browser's storage (the DSFR keeps only its colour scheme there).
    const stored = (await page.evaluate('JSON.stringify([{ ...localStorage }, { ...sessionStorage }])')) as string;
    expect(stored).not.toMatch(/eyJ/);
    expect(errors).toEqual([]);
  });

  it('says in French that a broken link is no longer valid, and that a wrong password is refused', async () => {
    const page = await context.newPage();
    await page.goto(`${url}/verifier-email?token=${'x'.repeat(40)}`);
    await page.getByText('Ce lien n’est plus valable').waitFor();
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);

    const email = uniqueEmail('wrong');
    await registerAndReadLink(email);
    await logIn(page, email, 'not the password at all');
    await page.getByText('Adresse e-mail ou mot de passe incorrect.').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'connexion-erreur.png'), fullPage: true });
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
    expect(page.url()).toBe(`${url}/connexion`);
  });

  it('offers a new link from the account page while the address is not proved', async () => {
    const email = uniqueEmail('resend');
    await registerAndReadLink(email);
    const page = await context.newPage();
    await logIn(page, email, PASSWORD);
    await page.getByText('Votre adresse e-mail n’est pas encore confirmée', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Recevoir un nouveau lien' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('Un nouveau lien vous a été envoyé').waitFor();
    await smtp.waitFor(() => smtp.to(email).length > 1);
    expect(smtp.to(email)[1].text).toMatch(/\/verifier-email\?token=/);
  });
});
