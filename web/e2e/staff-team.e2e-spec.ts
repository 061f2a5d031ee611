import { rmSync } from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import { assignManagers, createCreche, createTerritory } from '../../test/support/factories';
import { SmtpSink } from '../../test/support/smtp-sink';
import { createUser, PASSWORD, type TestApp } from '../../test/support/test-app';
import { buildWebApp, checkPage, launchChromium, signInAs, startWebServer, untilInPage } from './support/browser';
import { atPlaceFr } from '../../src/common/text/french-places';

const CHOSEN_PASSWORD = 'le pointage du matin 05h30';

/**
 * Issue #16 in Chromium: on the Crèche page, the manager invites an auxiliary to the team of pointage; the invitation
 * e-mail's link lets her choose her password, and she lands on Aujourd'hui. The manager then sees her account in use
 * and takes her off the team, after a confirmation. Over the real queue and SMTP.
 */
describe("Web app: the crèche's team of pointage (Chromium)", () => {
  const smtp = new SmtpSink();
  let distDir: string;
  let t: TestApp;
  let url: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    await smtp.start();
    distDir = buildWebApp();
    ({ t, url } = await startWebServer(distDir, { runWorkers: true, env: { SMTP_URL: smtp.url } }));
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await t?.close();
    await smtp.stop();
    if (distDir) rmSync(distDir, { recursive: true, force: true });
  });

  it('invites an auxiliary, who chooses her password from the e-mail and lands on Aujourd’hui; then takes her off', async () => {
    const admin = await createUser(t, 'ADMIN');
    const manager = await createUser(t, 'MANAGER');
    const creche = await createCreche(t, admin, (await createTerritory(t, admin)).id, { capacityBands: [] });
    await assignManagers(t, admin, creche.id, manager);
    const email = `lea.petit.${Date.now()}@example.fr`;

    const { page, errors } = await signInAs(browser, url, manager.email, PASSWORD, { next: '/creche/parametres' });
    contexts.push(page.context());
    const section = page.getByRole('region', { name: 'Équipe de pointage' });
    await section.getByText('Aucun compte de pointage pour cette crèche.').waitFor();
    const form = section.getByRole('form', { name: 'Inviter une personne de l’équipe' });
    // Sent without a first name: the field says so, and nothing is sent to anyone.
    await form.getByLabel('Nom', { exact: true }).fill('Petit');
    await form.getByLabel('Adresse e-mail').fill(email);
    await form.getByRole('button', { name: 'Envoyer l’invitation' }).click();
    await form.getByText('Ce champ est obligatoire.').waitFor();
    await form.getByLabel('Prénom').fill('Léa');
    await form.getByRole('button', { name: 'Envoyer l’invitation' }).click();
    await section.getByText(`Invitation envoyée à ${email}`).waitFor();
    await section.getByText('Invitation envoyée, mot de passe pas encore choisi').waitFor();
    await checkPage(page, 'equipe-invitation');
    // The same address again: said beside it.
    await form.getByLabel('Prénom').fill('Léa');
    await form.getByLabel('Nom', { exact: true }).fill('Petit');
    await form.getByLabel('Adresse e-mail').fill(email);
    await form.getByRole('button', { name: 'Envoyer l’invitation' }).click();
    await form.getByText('Cette personne fait déjà partie de l’équipe de cette crèche.').waitFor();

    // Léa follows the e-mail's link, chooses her password and signs in: her crèche's day.
    await smtp.waitFor(() => smtp.to(email).length > 0);
    const [mail] = smtp.to(email);
    expect(mail.subject).toBe(`Votre compte Berceau pour le pointage ${atPlaceFr(creche.name)}`);
    const link = /https?:\/\/[^/\s]+(\/nouveau-mot-de-passe\?token=[^\s"<>]+)/.exec(mail.text)![1];
    const context = await browser.newContext({ locale: 'fr-FR' });
    contexts.push(context);
    const lea = await context.newPage();
    await lea.goto(`${url}${link}`);
    await lea.getByLabel(/^Nouveau mot de passe/).fill(CHOSEN_PASSWORD);
    await lea.getByLabel(/^Confirmez le nouveau mot de passe/).fill(CHOSEN_PASSWORD);
    await lea.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await lea.getByText('Mot de passe changé').waitFor();
    const signed = await signInAs(browser, url, email, CHOSEN_PASSWORD);
    contexts.push(signed.page.context());
    await signed.page.waitForURL(`${url}/creche/aujourd-hui`);
    await signed.page.getByText(`Crèche : ${creche.name}`).waitFor();

    // The manager sees the account in use, and takes it off the team after a confirmation.
    await page.reload();
    await section.getByText('Léa Petit', { exact: true }).waitFor();
    await expect(section.getByText('Invitation envoyée, mot de passe pas encore choisi').count()).resolves.toBe(0);
    // Asked, then cancelled with Échap: the focus is back on the button that asked.
    await section.getByRole('button', { name: 'Retirer Léa Petit' }).click();
    await section.getByText('Retirer Léa Petit de l’équipe ?', { exact: false }).waitFor();
    await page.keyboard.press('Escape');
    await untilInPage(page, "document.activeElement?.textContent === 'Retirer Léa Petit'");
    await section.getByRole('button', { name: 'Retirer Léa Petit' }).click();
    await section.getByText('Retirer Léa Petit de l’équipe ?', { exact: false }).waitFor();
    await checkPage(page, 'equipe-retrait');
    await section.getByRole('button', { name: 'Retirer de l’équipe' }).click();
    await section.getByText('Léa Petit ne fait plus partie de l’équipe de pointage.').waitFor();
    await section.getByText('Aucun compte de pointage pour cette crèche.').waitFor();
    const team = await t.http().get(`/creches/${creche.id}/staff`).set(manager.auth).expect(200);
    expect(team.body.userIds).toEqual([]);

    // The manager's second crèche takes Léa on by her address: her account, in use, joins its team as it is.
    const second = await createCreche(t, admin, (await createTerritory(t, admin)).id, { capacityBands: [] });
    await assignManagers(t, admin, second.id, manager);
    await page.reload();
    await page.getByLabel('Crèche', { exact: true }).selectOption({ label: second.name });
    await section.getByText('Aucun compte de pointage pour cette crèche.').waitFor();
    await form.getByLabel('Prénom').fill('Léa');
    await form.getByLabel('Nom', { exact: true }).fill('Petit');
    await form.getByLabel('Adresse e-mail').fill(email);
    await form.getByRole('button', { name: 'Envoyer l’invitation' }).click();
    await section.getByText('Léa Petit fait maintenant partie de l’équipe, avec son compte Berceau').waitFor();
    await section.getByText('Léa Petit', { exact: true }).waitFor();
    await smtp.waitFor(() => smtp.to(email).length > 1);
    expect(smtp.to(email)[1].subject).toBe(`Votre compte Berceau pour le pointage ${atPlaceFr(second.name)}`);
    expect(errors.filter((e) => !/status of 409/.test(e))).toEqual([]);
  }, 120_000);
});
