import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SmtpSink } from '../../test/support/smtp-sink';
import { uniqueEmail, type TestApp } from '../../test/support/test-app';
import {
  ARTIFACTS,
  buildWebApp,
  collectErrors,
  launchChromium,
  seriousA11yViolations,
  startWebServer,
} from './support/browser';

const field = (page: Page, label: string) => page.getByLabel(new RegExp(`^${label}`));
const PASSWORD = 'girafe violette sous la pluie 47';
const NEW_PASSWORD = 'un tout autre secret de famille 2027';

/** Issue #15: create an account, stay signed in across a reload, and reset a forgotten password, in Chromium at 360 px. */
describe('Web app: sign-up, sessions and forgotten password (Chromium)', () => {
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
    context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 360, height: 800 } });
  });
  afterEach(async () => {
    await context.close();
  });

  /** The path of the first link to `page` in the n-th e-mail (0-based) that reached `email` and matches `subject`. */
  async function linkFromMail(email: string, subject: RegExp, page: string, n = 0): Promise<string> {
    const mails = () => smtp.to(email).filter((m) => subject.test(m.subject));
    await smtp.waitFor(() => mails().length > n);
    const link = new RegExp(`https?://[^/\\s]+(/${page}\\?token=[^\\s"<>]+)`).exec(mails()[n].text);
    expect(link).not.toBeNull();
    return link![1];
  }

  async function check(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
  }

  async function logIn(page: Page, email: string, password: string): Promise<void> {
    await page.goto(`${url}/connexion`);
    await field(page, 'Adresse e-mail').focus();
    await page.keyboard.type(email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(password);
    await page.keyboard.press('Enter');
  }

  it('signs up in the page, verifies from the e-mail, logs in, stays signed in after a reload, resets a forgotten password and logs in with it', async () => {
    const email = uniqueEmail('journey');
    const page = await context.newPage();
    const errors = collectErrors(page);

    // Créer un compte, reached from the login page, filled from the keyboard alone.
    await page.goto(`${url}/connexion`);
    await check(page, 'connexion');
    await page.getByRole('link', { name: 'Créer un compte' }).click();
    await page.getByRole('heading', { name: 'Créer un compte' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/inscription');
    await expect(page.getByText('FILOUÉ').count()).resolves.toBe(1);
    // Families object to FILOUÉ themselves, in Mon foyer (not at the crèche).
    await page
      .getByText(
        'Les familles sont informées que la Caf reçoit chaque année un fichier statistique anonymisé (FILOUÉ) sur les enfants accueillis, et qu’elles peuvent s’y opposer à tout moment depuis la page « Mon foyer ».',
      )
      .waitFor();
    // Names left empty say "obligatoire" once each, before anything is sent (not "Longueur non permise.").
    await field(page, 'Adresse e-mail').focus();
    await page.keyboard.type(email);
    await page.keyboard.press('Tab');
    await page.keyboard.type('azertyuiop');
    await page.keyboard.press('Enter');
    await page.getByText('Remplissez les champs signalés.').waitFor();
    const required = page.getByText('Ce champ est obligatoire.', { exact: true });
    await expect(required.count()).resolves.toBe(2);
    for (const label of ['Prénom', 'Nom']) {
      const group = page.locator('.fr-input-group').filter({ has: field(page, label) });
      await expect(group.getByText('Ce champ est obligatoire.', { exact: true }).count()).resolves.toBe(1);
    }
    await expect(page.getByText('Longueur non permise.').count()).resolves.toBe(0);
    // A weak password is refused in French, beside its field.
    await field(page, 'Prénom').focus();
    await page.keyboard.type('Maëlys');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Testeur');
    await page.keyboard.press('Enter');
    await page.getByText('Ce mot de passe est trop facile à deviner', { exact: false }).waitFor();
    await expect(required.count()).resolves.toBe(0);
    await check(page, 'inscription-erreur');
    await field(page, 'Mot de passe').fill('');
    await field(page, 'Mot de passe').focus();
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByText('Consultez votre boîte e-mail').waitFor();
    await check(page, 'inscription');

    // The welcome e-mail's link proves the address.
    await page.goto(`${url}${await linkFromMail(email, /Bienvenue/, 'verifier-email')}`);
    await page.getByText('Adresse confirmée').waitFor();

    // Log in: the refresh token arrives in an HttpOnly, Secure, SameSite=Strict cookie, accepted over http://127.0.0.1.
    await logIn(page, email, PASSWORD);
    await page.getByText('Bonjour Maëlys Testeur.').waitFor();
    const cookies = await context.cookies();
    const refresh = cookies.find((c) => c.name === 'berceau_refresh');
    expect(refresh).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/api/auth' });
    // No token in the page's storage, and the refresh token is out of the scripts' reach.
    const stored = (await page.evaluate(
      'JSON.stringify([{ ...localStorage }, { ...sessionStorage }, document.cookie])',
    )) as string;
    expect(stored).not.toMatch(/eyJ/);
    expect(stored).not.toContain(refresh!.value);

    // A reload keeps the session: the app trades the cookie for a new access token.
    const refreshed = page.waitForResponse((r) => r.url().endsWith('/api/auth/refresh') && r.status() === 200);
    await page.reload();
    await refreshed;
    await page.getByText('Bonjour Maëlys Testeur.').waitFor();
    const rotated = (await context.cookies()).find((c) => c.name === 'berceau_refresh');
    expect(rotated!.value).not.toBe(refresh!.value);
    await check(page, 'mon-espace-apres-rechargement');

    // Tabs opened together (a browser restoring them): each trades the cookie in turn, so the session survives them all
    // (the same cookie sent twice at once would be taken for a stolen one, and end the session everywhere).
    const tabs = await Promise.all([1, 2, 3].map(() => context.newPage()));
    await Promise.all(tabs.map((tab) => tab.goto(page.url())));
    for (const tab of tabs) await tab.getByText('Bonjour Maëlys Testeur.').waitFor();
    await Promise.all(tabs.map((tab) => tab.reload()));
    for (const tab of tabs) await tab.getByText('Bonjour Maëlys Testeur.').waitFor();
    await Promise.all(tabs.map((tab) => tab.close()));
    await page.reload();
    await page.getByText('Bonjour Maëlys Testeur.').waitFor();

    // Forgotten password, from the login page.
    await page.goto(`${url}/connexion`);
    await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
    await page.getByRole('heading', { name: 'Mot de passe oublié' }).waitFor();
    await field(page, 'Adresse e-mail').focus();
    await page.keyboard.type(email);
    await page.keyboard.press('Enter');
    await page.getByText('Consultez votre boîte e-mail').waitFor();
    await check(page, 'mot-de-passe-oublie');

    // The e-mail's link opens the page that sets the new password.
    await page.goto(`${url}${await linkFromMail(email, /nouveau mot de passe/, 'nouveau-mot-de-passe')}`);
    await page.getByRole('heading', { name: 'Nouveau mot de passe' }).waitFor();
    await check(page, 'nouveau-mot-de-passe');
    await field(page, 'Nouveau mot de passe').focus();
    await page.keyboard.type(NEW_PASSWORD);
    await page.keyboard.press('Tab');
    await page.keyboard.type(NEW_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByText('Mot de passe changé').waitFor();
    await check(page, 'nouveau-mot-de-passe-enregistre');

    // Every session ended with the reset: a reload of the account page no longer signs in.
    await page.goto(`${url}/mon-espace`);
    await page.getByText('Connectez-vous pour accéder à votre espace.').waitFor();

    await logIn(page, email, PASSWORD);
    await page.getByText('Adresse e-mail ou mot de passe incorrect.').waitFor();
    await logIn(page, email, NEW_PASSWORD);
    await page.getByText('Bonjour Maëlys Testeur.').waitFor();

    // Signing out ends the session on the server: a reload stays signed out.
    await page.getByRole('button', { name: 'Me déconnecter' }).click();
    await page.waitForURL(`${url}/`);
    expect((await context.cookies()).find((c) => c.name === 'berceau_refresh')).toBeUndefined();
    await page.goto(`${url}/mon-espace`);
    await page.getByText('Connectez-vous pour accéder à votre espace.').waitFor();

    // The only console errors are the two refused requests the journey made on purpose (a weak password, a wrong one).
    expect(errors.filter((e) => !/status of (400|401)/.test(e))).toEqual([]);
    expect(errors).toHaveLength(2);
  }, 180_000);

  it('shows the home page at 360 px with no serious accessibility violation and no console error', async () => {
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${url}/`);
    await page.getByRole('heading', { level: 1, name: 'Berceau' }).waitFor();
    await check(page, 'accueil');
    const overflow = (await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
    expect(overflow).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
  });

  it('says in French that a used or broken reset link is no longer valid, and offers a new one', async () => {
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${url}/nouveau-mot-de-passe?token=${'x'.repeat(43)}`);
    await field(page, 'Nouveau mot de passe').focus();
    await page.keyboard.type(NEW_PASSWORD);
    await page.keyboard.press('Tab');
    await page.keyboard.type(NEW_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByText('Ce lien n’est plus valable').waitFor();
    await check(page, 'nouveau-mot-de-passe-lien-invalide');
    await page.getByRole('link', { name: 'Demander un nouveau lien' }).click();
    await page.getByRole('heading', { name: 'Mot de passe oublié' }).waitFor();
    expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
  });
});
