import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { frenchDate } from '../../src/common/text/french-dates';
import { assignManagers, createCreche, createTerritory } from '../../test/support/factories';
import { createParentWithChild } from '../../test/support/families';
import { createUser, PASSWORD, type TestApp } from '../../test/support/test-app';
import {
  ARTIFACTS,
  buildWebApp,
  collectErrors,
  launchChromium,
  seriousA11yViolations,
  signInAs,
  startWebServer,
} from './support/browser';

/** The field whose label starts with `label` (the DSFR puts the hint text inside the label). */
const field = (page: Page, label: string) => page.getByLabel(new RegExp(`^${label}`));

/**
 * Issue #16, Mes factures in Chromium at 360 px: what the household owes with the payments recorded, its invoices and
 * credit notes downloaded as PDFs, and the certificate of childcare costs of a year that is over. The documents are written in the database as the monthly
 * job would have issued them (the server runs on today's clock: the months billed are past).
 */
describe('Web app: Mes factures (Chromium)', () => {
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
    await context?.close();
    await browser?.close();
    await t?.close();
    if (distDir) rmSync(distDir, { recursive: true, force: true });
  });

  async function check(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
    const overflow = (await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
    expect(overflow).toBeLessThanOrEqual(0);
  }

  it('lists the invoices and credit notes, downloads their PDFs and the yearly certificate, from the keyboard', async () => {
    const admin = await createUser(t, 'ADMIN');
    const territory = await createTerritory(t, admin);
    const terms = 'Prélèvement le 10 du mois, ou virement (IBAN FR76 3000 4000 0500 0000 1234 567)';
    const creche = await createCreche(t, admin, territory.id, { paymentDueDays: 15, paymentTerms: terms });
    const parent = await createParentWithChild(t, {}, { firstName: 'Lou', birthDate: '2024-05-01' });
    const lastYear = new Date().getFullYear() - 1;
    const invoice = await t.dataSource.transaction(async (em) => {
      const [invoice] = await em.query(
        `INSERT INTO invoices (creche_id, family_id, kind, number, month, total, contract_hours, billed_hours,
                               attended_minutes, payment_due_days, payment_terms, issued_at)
         VALUES ($1, $2, 'INVOICE', 1, make_date($3, 11, 1), 180.00, 120, 120, 7200, 15, $4,
                 make_timestamptz($3, 12, 1, 6, 0, 0, 'Europe/Paris'))
         RETURNING id, to_char((issued_at AT TIME ZONE 'Europe/Paris')::date + 15, 'YYYY-MM-DD') AS due`,
        [creche.id, parent.familyId, lastYear, terms],
      );
      await em.query(
        `INSERT INTO invoice_lines (invoice_id, position, kind, child_id, label, hours, hourly_rate, amount)
         VALUES ($1, 1, 'INSTALMENT', $2, 'Mensualité', 120, 1.50, 180.00)`,
        [invoice.id, parent.childId],
      );
      await em.query(
        `INSERT INTO invoices (creche_id, family_id, kind, number, month, credited_invoice_id, reason, total)
         VALUES ($1, $2, 'CREDIT_NOTE', 2, make_date($3, 11, 1), $4, 'Jour de fermeture oublié', -15.00)`,
        [creche.id, parent.familyId, lastYear, invoice.id],
      );
      await em.query(
        `INSERT INTO payments (creche_id, family_id, amount, paid_on, method, recorded_by)
         VALUES ($1, $2, 100.00, make_date($3, 12, 5), 'TRANSFER', $4)`,
        [creche.id, parent.familyId, lastYear, admin.id],
      );
      // The same transfer recorded twice by mistake, then cancelled by the crèche: listed, counted nowhere.
      await em.query(
        `INSERT INTO payments (creche_id, family_id, amount, paid_on, method, recorded_by, cancelled_at, cancelled_by,
                               cancel_reason)
         VALUES ($1, $2, 100.00, make_date($3, 12, 5), 'TRANSFER', $4, now(), $4, 'Virement enregistré deux fois')`,
        [creche.id, parent.familyId, lastYear, admin.id],
      );
      return invoice as { id: string; due: string };
    });

    context = await browser.newContext({
      locale: 'fr-FR',
      viewport: { width: 360, height: 780 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${url}/connexion?next=${encodeURIComponent('/factures')}`);
    await field(page, 'Adresse e-mail').focus();
    await page.keyboard.type(parent.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Mes factures' }).waitFor();
    // When to pay, as the invoice kept it (15 days from its issue), and how, as the crèche says beside the balance.
    const dueFr = frenchDate(invoice.due);
    await page
      .getByText(
        new RegExp(
          `${creche.name}, novembre ${lastYear} : 180,00\\s€, reste 65,00\\s€ à régler au plus tard le ${dueFr}$`,
        ),
      )
      .waitFor();
    await page.getByText(`Modalités de paiement : ${terms}`, { exact: true }).waitFor();
    await page.getByText('Avoir n° 000002', { exact: true }).waitFor();
    // What the household owes: 180.00 invoiced − 15.00 credited − 100.00 paid, all of it late since the invoice's
    // due date (R8.14), and the payment the crèche recorded.
    await page.getByRole('heading', { name: 'Mon solde' }).waitFor();
    await page.getByText(new RegExp(`^${creche.name} : reste à payer 65,00\\s€\\.$`)).waitFor();
    await page.getByText(/^Facturé 180,00\s€, avoirs [-−]15,00\s€, payé 100,00\s€\.$/).waitFor();
    await page
      .getByText(new RegExp(`^Dont 65,00\\s€ en retard : à régler depuis le ${frenchDate(invoice.due)}\\.$`))
      .waitFor();
    await page.getByText(new RegExp(`^5 décembre ${lastYear} — Virement — 100,00\\s€$`)).waitFor();
    await page
      .getByText(
        new RegExp(
          `^5 décembre ${lastYear} — Virement — 100,00\\s€ — annulé par la crèche : Virement enregistré deux fois$`,
        ),
      )
      .waitFor();
    await check(page, 'factures');

    // The invoice's PDF, from the keyboard.
    await page.getByRole('button', { name: 'Télécharger la facture n° 000001 (PDF)' }).focus();
    const [invoicePdf] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(invoicePdf.suggestedFilename()).toBe('facture-000001.pdf');
    expect(
      readFileSync((await invoicePdf.path())!)
        .subarray(0, 5)
        .toString('latin1'),
    ).toBe('%PDF-');
    await page.getByText('Fichier téléchargé : facture-000001.pdf.').waitFor();

    // The credit note's, and last year's certificate (this year's is not offered: the year is not over).
    const [notePdf] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Télécharger l’avoir n° 000002 (PDF)' }).click(),
    ]);
    expect(notePdf.suggestedFilename()).toBe('avoir-000002.pdf');
    const certificateButton = page.getByRole('button', { name: `Attestation ${lastYear} — ${creche.name} (PDF)` });
    const [certificate] = await Promise.all([page.waitForEvent('download'), certificateButton.click()]);
    expect(certificate.suggestedFilename()).toBe(`attestation-frais-de-garde-${lastYear}.pdf`);
    expect(
      readFileSync((await certificate.path())!)
        .subarray(0, 5)
        .toString('latin1'),
    ).toBe('%PDF-');
    await expect(page.getByRole('button', { name: /^Attestation / }).count()).resolves.toBe(1);
    await check(page, 'factures-telechargees');
    expect(errors).toEqual([]);

    // The crèche's manager reminds the household of its 65 € late, from the invoice on Facturation (R8.15); once a day.
    const manager = await createUser(t, 'MANAGER');
    await assignManagers(t, admin, creche.id, manager);
    const staff = await signInAs(browser, url, manager.email, PASSWORD, { next: '/creche/facturation' });
    await context.close();
    context = staff.page.context();
    const openInvoice = async () => {
      await staff.page.getByLabel('Mois', { exact: true }).selectOption(`${lastYear}-11`);
      await staff.page.getByRole('button', { name: 'Ouvrir la facture n° 000001' }).click();
    };
    await openInvoice();
    await staff.page.getByText(/Solde du foyer : 65,00\s€ dû, dont 65,00\s€ en retard depuis le/).waitFor();
    await staff.page.getByRole('button', { name: 'Envoyer un rappel de paiement' }).click();
    await staff.page
      .getByText(/^Rappel de 65,00\s€ envoyé par e-mail à 1 parent du foyer, avec la facture en retard\.$/)
      .waitFor();
    await expect(staff.page.evaluate('document.activeElement.textContent')).resolves.toContain('Rappel de 65,00');
    await check(staff.page, 'facturation-rappel');
    await staff.page.reload();
    await openInvoice();
    await staff.page.getByRole('button', { name: 'Envoyer un rappel de paiement' }).click();
    await staff.page.getByText('Un rappel a déjà été envoyé aujourd’hui à ce foyer : un seul par jour.').waitFor();
    expect(staff.errors).toEqual(['Failed to load resource: the server responded with a status of 409 (Conflict)']);
  });
});
