import { readFileSync, rmSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Clock } from '../../src/common/time/clock';
import { DEMO_PASSWORD, type DemoLogins } from '../../src/demo/demo-seed';
import { ContractFeesService } from '../../src/modules/contracts/contract-fees.service';
import { createParentWithChild, declareResources } from '../../test/support/families';
import { login, type TestApp } from '../../test/support/test-app';
import { euros } from '../src/pages/public/quote-steps';
import {
  balanceFr,
  creditCents,
  eurosFr,
  fromCents,
  lineHoursFr,
  monthFr,
  ofMonthFr,
} from '../src/pages/staff/billing/billing-format';
import { buildWebApp, checkPage, launchChromium, seedDemoLogins, signInAs, startWebServer } from './support/browser';

/** Tuesday 1 December 2026, 09:30 in Paris: the demo's micro-crèche is open and expects its five children. */
const DAY = '2026-12-01';
const START = Date.parse('2026-12-01T08:30:00Z');
/** November 2026, the month before: the demo's contracts run from 1 September 2026. */
const MONTH = '2026-11';
/** The smallest PDF the API's file check accepts (its first bytes say %PDF). */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');

/** "de Léo", "d'Inès", as the page says it. */
const ofName = (name: string) => (/^[aeiouyàâäéèêëîïôöûü]/i.test(name) ? `d'${name}` : `de ${name}`);

interface DayChild {
  childId: string;
  firstName: string;
  actual: { id: string; arrivedAt: string; leftAt: string | null } | null;
  absence: { reason: string; certified: boolean; hasDocument: boolean } | null;
}
interface Doc {
  id: string;
  kind: string;
  reference: string;
  familyId: string;
  total: string;
  creditedInvoiceId: string | null;
}

/**
 * Issue #19's journey on the demo, in Chromium: the micro-crèche's manager checks three children in at 360 px (the
 * first from the keyboard), marks a fourth ill and uploads the certificate, corrects an arrival time, removes an
 * absence recorded by mistake and checks the whole day in and out (each confirmed); then, on the
 * Facturation page at 768 px, issues November, opens an invoice and its PDF, makes a credit note (confirmed) and records
 * a payment, the household's balance following; and reads the Caf activity report and the FILOUÉ file. The server and
 * the browser run on a clock set to a Tuesday (time flowing from there), so the day is the same whatever day the run.
 */
describe('Web app: Facturation and the day, a manager on the demo (Chromium)', () => {
  let distDir: string;
  let t: TestApp;
  let url: string;
  let browser: Browser;
  let logins: DemoLogins;
  let auth: { Authorization: string };
  let crecheId: string;
  const contexts: BrowserContext[] = [];
  const startedAt = Date.now();
  const clock: Clock = { now: () => new Date(START + (Date.now() - startedAt)) };

  beforeAll(async () => {
    distDir = buildWebApp();
    ({ t, url } = await startWebServer(distDir, { clock }));
    browser = await launchChromium();
    logins = await seedDemoLogins(t);
    ({ auth } = await login(t, logins.managers[0], DEMO_PASSWORD));
    crecheId = (await t.http().get('/me/creches').set(auth).expect(200)).body[0].id;
  }, 120_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await t?.close();
    if (distDir) rmSync(distDir, { recursive: true, force: true });
  });

  const apiDay = async (): Promise<DayChild[]> =>
    (await t.http().get(`/creches/${crecheId}/attendance`).query({ date: DAY }).set(auth).expect(200)).body.children;
  const documents = async (): Promise<Doc[]> =>
    (await t.http().get(`/creches/${crecheId}/invoices`).query({ month: MONTH }).set(auth).expect(200)).body;
  const balanceOf = async (familyId: string): Promise<string> =>
    (
      (await t.http().get(`/creches/${crecheId}/balances`).set(auth).expect(200)).body as {
        familyId: string;
        balance: string;
      }[]
    ).find((b) => b.familyId === familyId)!.balance;

  /**
   * Clicks and returns the API's answer to the file request the click sends, with the file it saves (the blob the page
   * made of the answer's body: the answer's own body is not kept by the browser once read into a blob).
   */
  async function downloadBy(page: Page, path: string, click: () => Promise<void>) {
    const [response, download] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === path),
      page.waitForEvent('download'),
      click(),
    ]);
    return { response, body: readFileSync((await download.path())!), name: download.suggestedFilename() };
  }

  it('checks children in, marks one ill with its certificate, issues the month, opens the PDF, credits and is paid', async () => {
    const { page, errors } = await signInAs(browser, url, logins.managers[0], DEMO_PASSWORD, {
      width: 360,
      height: 780,
    });
    contexts.push(page.context());
    await page.context().clock.install({ time: clock.now() });
    await page.goto(`${url}/creche/aujourd-hui`);
    await page.getByText('mardi 1er décembre 2026').waitFor();

    // The day: three children in, a fourth ill (those not yet seen today, in the page's order).
    const waiting = (await apiDay()).filter((c) => !c.actual && !c.absence);
    expect(waiting.length).toBeGreaterThanOrEqual(5);
    const [first, second, third, ill, fifth] = waiting.map((c) => c.firstName);
    await page.getByRole('button', { name: `Arrivée ${ofName(first)}` }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: `Départ ${ofName(first)}` }).waitFor();
    for (const name of [second, third]) {
      await page.getByRole('button', { name: `Arrivée ${ofName(name)}` }).click();
      await page.getByRole('button', { name: `Départ ${ofName(name)}` }).waitFor();
    }
    await page.getByRole('button', { name: `Absence ${ofName(ill)}` }).click();
    const absence = page.getByRole('form', { name: `Absence ${ofName(ill)}` });
    await absence.getByLabel('Motif').selectOption('ILLNESS');
    await absence.getByRole('button', { name: "Enregistrer l'absence" }).click();
    await page.getByText(/^Absence : Maladie/).waitFor();

    // The certificate, from the keyboard once the file is chosen.
    await page.getByRole('button', { name: `Joindre le certificat médical ${ofName(ill)}` }).click();
    const upload = page.getByRole('form', { name: `Justificatif de l’absence ${ofName(ill)}` });
    // Sent without a file: the page asks for one before calling the API.
    await upload.getByRole('button', { name: 'Envoyer le justificatif' }).click();
    await upload.getByText('Choisissez un fichier : PDF, JPEG ou PNG.').waitFor();
    await upload
      .getByLabel(/^Certificat médical/)
      .setInputFiles({ name: 'certificat.pdf', mimeType: 'application/pdf', buffer: PDF });
    await upload.getByRole('button', { name: 'Envoyer le justificatif' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('Justificatif déposé (certificat médical).').waitFor();

    // The first child's arrival corrected from the keyboard.
    await page.getByRole('button', { name: `Corriger les heures ${ofName(first)}` }).click();
    const times = page.getByRole('form', { name: `Corriger les heures ${ofName(first)}` });
    await expect(page.evaluate('document.activeElement.type')).resolves.toBe('time');
    // A departure later than now: the API's refusal is said as such, not as a departure before the arrival.
    await times.getByLabel('Heure de départ').fill('23:30');
    await times.getByRole('button', { name: 'Enregistrer les heures' }).click();
    await times.getByText(/^Une heure à venir ne peut pas être enregistrée : il est \d\d:\d\d\.$/).waitFor();
    await times.getByLabel('Heure de départ').fill('');
    await times.getByLabel('Heure d’arrivée').fill('07:45');
    await times.getByRole('button', { name: 'Enregistrer les heures' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText(/^Arrivée : 07:45$/).waitFor();
    await page.getByText('3 présents en ce moment, 1 absent.').waitFor();
    // docs/screenshots/aujourd-hui.png (the README's) is a copy of this page's screenshot in test-artifacts.
    await checkPage(page, 'staff-billing-aujourd-hui');

    const byName = Object.fromEntries((await apiDay()).map((c) => [c.firstName, c]));
    for (const name of [first, second, third]) expect(byName[name].actual).toMatchObject({ leftAt: null });
    expect(byName[first].actual!.arrivedAt).toBe('07:45');
    expect(byName[ill]).toMatchObject({
      actual: null,
      absence: { reason: 'ILLNESS', certified: true, hasDocument: true },
    });

    // An absence recorded by mistake, removed after a confirmation, from the keyboard.
    await page.getByRole('button', { name: `Absence ${ofName(fifth)}` }).click();
    const mistake = page.getByRole('form', { name: `Absence ${ofName(fifth)}` });
    await mistake.getByLabel('Motif').selectOption('UNEXCUSED');
    await mistake.getByRole('button', { name: "Enregistrer l'absence" }).click();
    await page.getByText(/^Absence non justifiée/).waitFor();
    await page.getByRole('button', { name: `Retirer l’absence ${ofName(fifth)}` }).focus();
    await page.keyboard.press('Enter');
    await page.getByText(`Retirer l’absence ${ofName(fifth)} (absence non justifiée) ?`, { exact: false }).waitFor();
    await expect(page.evaluate('document.activeElement.textContent')).resolves.toBe('Confirmer le retrait');
    await checkPage(page, 'staff-billing-aujourd-hui-retrait');
    await page.keyboard.press('Enter');
    await page.getByText(`Absence ${ofName(fifth)} retirée.`).waitFor();
    await page.getByRole('button', { name: `Arrivée ${ofName(fifth)}` }).waitFor();
    expect((await apiDay()).find((c) => c.firstName === fifth)).toMatchObject({ absence: null, actual: null });

    // The whole day at once: everyone not yet in arrives (the one ill stays absent), confirmed; then everyone leaves.
    await page.getByRole('button', { name: 'Tout le monde est arrivé' }).click();
    // The child due by now is named, with the start of its day (one expected later would be named apart).
    await page
      .getByText(
        new RegExp(
          `^Pointer maintenant l’arrivée de l’enfant attendu d’ici \\d\\d:\\d\\d et pas encore arrivé : ${fifth} \\(à partir de \\d\\d:\\d\\d\\) \\?`,
        ),
      )
      .waitFor();
    // Échap goes back without pointing anyone.
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Tout le monde est arrivé' }).click();
    await expect(page.evaluate('document.activeElement.textContent')).resolves.toBe('Confirmer les arrivées');
    await page.keyboard.press('Enter');
    await page.getByText('1 arrivée pointée à l’instant.').waitFor();
    await page.getByText('4 présents en ce moment, 1 absent.').waitFor();
    const allIn = Object.fromEntries((await apiDay()).map((c) => [c.firstName, c]));
    expect(allIn[fifth].actual).toMatchObject({ leftAt: null });
    expect(allIn[ill]).toMatchObject({ actual: null, absence: { reason: 'ILLNESS' } });
    await page.getByRole('button', { name: 'Tout le monde est parti' }).click();
    await page.getByText(/^Pointer maintenant le départ des 4 enfants encore présents : (\S+, ){3}\S+ \?$/).waitFor();
    await page.getByRole('button', { name: 'Confirmer les départs' }).click();
    await page.getByText(/^\d+ départs? pointés? à l’instant\.$/).waitFor();
    // Those who arrived this very minute cannot leave in it (a departure is after the arrival): the first, at 07:45, has.
    const allOut = Object.fromEntries((await apiDay()).map((c) => [c.firstName, c]));
    expect(allOut[first].actual!.leftAt).not.toBeNull();
    const left = Object.values(allOut).filter((c) => c.actual?.leftAt).length;
    await page.getByText(`${left} départ${left > 1 ? 's' : ''} pointé${left > 1 ? 's' : ''} à l’instant.`).waitFor();

    // Facturation at 768 px: November issued from the page.
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.goto(`${url}/creche/facturation`);
    await page.getByRole('heading', { name: 'Facturation', level: 1 }).waitFor();
    await expect(page.getByLabel('Mois', { exact: true }).inputValue()).resolves.toBe(MONTH);
    // The month under way is not offered for invoicing: said why instead.
    const current = (await page.evaluate(
      'new Date().toLocaleDateString("sv-SE", { timeZone: "Europe/Paris" })',
    )) as string;
    await page.getByLabel('Mois', { exact: true }).selectOption(current.slice(0, 7));
    await page.getByTestId('month-not-over').getByText('n’est pas terminé', { exact: false }).waitFor();
    await expect(page.getByRole('button', { name: /^Émettre les factures/ }).count()).resolves.toBe(0);
    await page.getByLabel('Mois', { exact: true }).selectOption(MONTH);
    // The crèche's payment terms, kept on what it issues now (R8.13) and shown in the invoice's panel below.
    await t
      .http()
      .patch(`/creches/${crecheId}`)
      .set(auth)
      .send({ paymentDueDays: 0, paymentTerms: 'Chèque ou CESU à l’accueil' })
      .expect(200);
    await page.getByRole('button', { name: `Émettre les factures ${ofMonthFr(MONTH)}` }).click();
    // Asked once more (an issued invoice never changes); cancelled, nothing is issued.
    await page.getByText(`Émettre les factures ${ofMonthFr(MONTH)} ?`).waitFor();
    await page.getByRole('button', { name: 'Annuler' }).click();
    expect(await documents()).toEqual([]);
    await page.getByRole('button', { name: `Émettre les factures ${ofMonthFr(MONTH)}` }).click();
    await page.getByRole('button', { name: 'Oui, émettre les factures' }).click();
    await page.getByText(new RegExp(`^\\d+ factures? émises? pour ${monthFr(MONTH)}\\.`)).waitFor();
    const issued = (await documents()).filter((d) => d.kind === 'INVOICE');
    expect(issued.length).toBeGreaterThan(0);
    const invoice = issued[0];
    await page.getByRole('table', { name: `Factures et avoirs ${ofMonthFr(MONTH)}` }).waitFor();

    // The invoice opened: its lines in French, then its PDF.
    await page.getByRole('button', { name: `Ouvrir la facture n° ${invoice.reference}` }).click();
    const lines = (await t.http().get(`/invoices/${invoice.id}`).set(auth).expect(200)).body.lines as {
      label: string;
    }[];
    const linesTable = page.getByRole('table', { name: `Lignes de la facture n° ${invoice.reference}` });
    for (const l of lines) await linesTable.getByRole('cell', { name: l.label, exact: true }).waitFor();
    await page.getByText(/, payable à réception\. Modalités de paiement : Chèque ou CESU à l’accueil$/).waitFor();
    const pdf = await downloadBy(page, `/api/invoices/${invoice.id}/pdf`, () =>
      page.getByRole('button', { name: `Télécharger la facture n° ${invoice.reference} (PDF)` }).click(),
    );
    expect(pdf.response.status()).toBe(200);
    expect(pdf.response.headers()['content-type']).toBe('application/pdf');
    expect(pdf.body.subarray(0, 4).toString('latin1')).toBe('%PDF');
    expect(pdf.name).toBe(`facture-${invoice.reference}.pdf`);

    // A credit note of 10 €, confirmed from the keyboard; the household's balance drops by as much.
    const before = await balanceOf(invoice.familyId);
    await page.getByText(`Solde du foyer : ${balanceFr(before)}`).waitFor();
    await page.getByLabel('Montant de l’avoir (€)').fill('10,00');
    await page.getByLabel(/^Motif/).fill('Heures du 12 novembre facturées par erreur');
    await page.getByRole('button', { name: 'Préparer l’avoir' }).click();
    await page.getByText(`Émettre un avoir de ${eurosFr('10.00')} sur la facture n° ${invoice.reference} ?`).waitFor();
    await expect(page.evaluate('document.activeElement.textContent')).resolves.toBe('Confirmer l’avoir');
    await page.keyboard.press('Enter');
    await page.getByText(new RegExp(`^Avoir n° \\d+ de ${eurosFr('10.00')} émis\\.$`)).waitFor();
    const note = (await documents()).find((d) => d.creditedInvoiceId === invoice.id)!;
    expect(note).toMatchObject({ kind: 'CREDIT_NOTE', total: '-10.00' });
    const afterEuros = await balanceOf(invoice.familyId);
    expect(Number(afterEuros)).toBeCloseTo(Number(before) - 10, 2);
    await page.getByText(`Solde du foyer : ${balanceFr(afterEuros)}`).waitFor();
    await page
      .getByRole('row', { name: new RegExp(`^${note.reference} .*Avoir sur la facture n° ${invoice.reference}`) })
      .waitFor();

    // A credit note in hours (R8.16): 2 h taken off the instalment at its rate. More than the line billed is said on
    // its own field, before anything is sent.
    const instalment = (
      (await t.http().get(`/invoices/${invoice.id}`).set(auth).expect(200)).body.lines as {
        kind: string;
        position: number;
        label: string;
        hours: string;
        hourlyRate: string;
        childFirstName: string;
      }[]
    ).find((l) => l.kind === 'INSTALMENT')!;
    await page.getByRole('radio', { name: /^Des heures facturées à tort/ }).check({ force: true });
    // Named with its child: siblings' instalments read alike.
    const lineField = page.getByLabel(
      `Ligne ${instalment.position}, ${instalment.childFirstName} : ${instalment.label}`,
    );
    await lineField.fill(String(Math.ceil(Number(instalment.hours)) + 1));
    await page.getByLabel(/^Motif/).fill('Hospitalisation signalée après la facture');
    await page.getByRole('button', { name: 'Préparer l’avoir' }).click();
    await page.getByText(/restent à retirer de cette ligne\.$/).waitFor();
    await lineField.fill('2');
    await page.getByRole('button', { name: 'Préparer l’avoir' }).click();
    const twoHours = fromCents(creditCents('2.00', instalment.hourlyRate));
    await page
      .getByText(
        `Émettre un avoir de ${eurosFr(twoHours)} (2\u00a0h retirées des heures facturées) sur la facture n° ${invoice.reference} ?`,
      )
      .waitFor();
    await page.getByRole('button', { name: 'Confirmer l’avoir' }).click();
    await page
      .getByText(new RegExp(`^Avoir n° \\d+ de ${eurosFr(twoHours)} émis, 2\\s?h retirées des heures facturées\\.$`))
      .waitFor();
    const hoursNote = (await documents()).find((d) => d.creditedInvoiceId === invoice.id && d.id !== note.id)!;
    expect(hoursNote).toMatchObject({ kind: 'CREDIT_NOTE', total: `-${twoHours}`, billedHours: '-2.00' });
    // The line now has 2 h less to take off, as the form says.
    await page
      .getByText(new RegExp(`au plus ${lineHoursFr(String(Number(instalment.hours) - 2))} à retirer$`))
      .waitFor();
    const afterCredit = await balanceOf(invoice.familyId);
    expect(Number(afterCredit)).toBeCloseTo(Number(afterEuros) - Number(twoHours), 2);
    await page.getByText(`Solde du foyer : ${balanceFr(afterCredit)}`).waitFor();

    // A payment of 50 € by cheque, then listed with the household's payments here.
    await page.getByText('Aucun paiement enregistré pour ce foyer.').waitFor();
    await page.getByLabel('Montant reçu (€)').fill('50');
    await page.getByLabel('Moyen de paiement').selectOption('CHEQUE');
    await page.getByRole('button', { name: 'Enregistrer le paiement' }).click();
    await page.getByText(`Paiement de ${eurosFr('50.00')} enregistré.`).waitFor();
    const cancelButtons = page.getByRole('button', {
      name: /^Annuler le paiement du .* \(50,00\s€\)$/,
    });
    await cancelButtons.waitFor();
    await page
      .getByRole('listitem')
      .filter({ hasText: new RegExp(`— Chèque — ${eurosFr('50.00')}`) })
      .waitFor();
    const afterPayment = await balanceOf(invoice.familyId);
    expect(Number(afterPayment)).toBeCloseTo(Number(afterCredit) - 50, 2);
    await page.getByText(`Solde du foyer : ${balanceFr(afterPayment)}`).waitFor();

    // The same cheque recorded a second time, then cancelled with its reason: listed as such, the balance as before.
    await page.getByLabel('Montant reçu (€)').fill('50');
    await page.getByLabel('Moyen de paiement').selectOption('CHEQUE');
    await page.getByRole('button', { name: 'Enregistrer le paiement' }).click();
    await page.getByText(`Solde du foyer : ${balanceFr((Number(afterPayment) - 50).toFixed(2))}`).waitFor();
    await cancelButtons.nth(1).waitFor();
    await cancelButtons.last().click();
    await page.getByRole('button', { name: 'Confirmer l’annulation' }).click();
    await page.getByText('Dites pourquoi ce paiement est annulé (la famille le lira).').waitFor();
    await page.getByLabel(/^Motif de l’annulation/).fill('Chèque enregistré deux fois');
    await page.getByRole('button', { name: 'Confirmer l’annulation' }).click();
    await page.getByText(/— annulé : Chèque enregistré deux fois$/).waitFor();
    // Its button gone, the focus is on the payments' list and the cancellation is said.
    await expect(page.evaluate('document.activeElement.textContent')).resolves.toBe('Paiements déjà enregistrés :');
    await page
      .getByRole('status')
      .filter({ hasText: /^Paiement du .* annulé\.$/ })
      .waitFor({ state: 'attached' });
    await page.getByText(`Solde du foyer : ${balanceFr(afterPayment)}`).waitFor();
    await expect(cancelButtons.count()).resolves.toBe(1);
    expect(await balanceOf(invoice.familyId)).toBe(afterPayment);

    // Another one recorded twice, then cancelled at another desk while this page still offers it: the page says so.
    await page.getByLabel('Montant reçu (€)').fill('50');
    await page.getByLabel('Moyen de paiement').selectOption('CHEQUE');
    await page.getByRole('button', { name: 'Enregistrer le paiement' }).click();
    await cancelButtons.nth(1).waitFor();
    const listed = (await t.http().get(`/families/${invoice.familyId}/payments`).set(auth).expect(200)).body as {
      id: string;
      cancelledAt: string | null;
    }[];
    const open = listed.filter((p) => !p.cancelledAt);
    await t
      .http()
      .post(`/payments/${open[0].id}/cancel`)
      .set(auth)
      .send({ reason: 'Chèque enregistré deux fois (accueil)' })
      .expect(200);
    await cancelButtons.first().click();
    await page.getByLabel(/^Motif de l’annulation/).fill('Doublon');
    await page.getByRole('button', { name: 'Confirmer l’annulation' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /déjà annulé par quelqu'un d'autre : la liste est à jour\.$/ })
      .waitFor({ state: 'attached' });
    await expect(page.evaluate('document.activeElement.textContent')).resolves.toBe('Paiements déjà enregistrés :');
    await checkPage(page, 'staff-billing-facturation');

    // The Caf's reports of 2026: November in the activity table, the CSV and PDF; the FILOUÉ file's errors listed.
    const activity = page.getByRole('table', { name: 'Activité 2026, mois par mois' });
    await activity.getByRole('row', { name: new RegExp(`^${monthFr(MONTH)} `) }).waitFor();
    // December is open but not invoiced: its rates are to come, and the year’s are over the months billed.
    await activity.getByRole('row', { name: /^décembre 2026 .*pas encore facturé/ }).waitFor();
    await page.getByText('porte sur les mois dont les factures sont émises', { exact: false }).waitFor();
    const csv = await downloadBy(page, `/api/creches/${crecheId}/caf-reports/activity.csv`, () =>
      page.getByRole('button', { name: 'Rapport d’activité 2026 (CSV)' }).click(),
    );
    expect(csv.response.headers()['content-type']).toMatch(/^text\/csv/);
    expect(csv.name).toBe('rapport-activite-caf-2026.csv');
    const report = await downloadBy(page, `/api/creches/${crecheId}/caf-reports/activity.pdf`, () =>
      page.getByRole('button', { name: 'Rapport d’activité 2026 (PDF)' }).click(),
    );
    expect(report.body.subarray(0, 4).toString('latin1')).toBe('%PDF');
    const filoue = (
      await t.http().get(`/creches/${crecheId}/caf-reports/filoue`).query({ year: 2026 }).set(auth).expect(200)
    ).body as { errors: { message: string }[] };
    for (const e of filoue.errors) await page.getByText(e.message, { exact: true }).first().waitFor();
    const errorsCsv = await downloadBy(page, `/api/creches/${crecheId}/caf-reports/filoue-errors.csv`, () =>
      page.getByRole('button', { name: 'Erreurs du fichier FILOUÉ 2026 (CSV)' }).click(),
    );
    expect(errorsCsv.name).toBe('filoue-2026-erreurs.csv');
    // Hours per child, the month issued: the child whose instalment lost 2 h by the credit note in hours says so.
    // December is not issued: nothing billed, so no header-only file.
    await page.getByLabel('Période').selectOption({ label: monthFr('2026-12') });
    await page.getByText('Ce mois n’est pas encore facturé.').waitFor();
    await expect(
      page.getByRole('button', { name: `Heures par enfant, ${monthFr('2026-12')} (CSV)` }).isDisabled(),
    ).resolves.toBe(true);
    await page.getByLabel('Période').selectOption({ label: monthFr(MONTH) });
    const perChild = page.getByRole('table', { name: `Heures facturées et réalisées par enfant, ${monthFr(MONTH)}` });
    await perChild
      .getByRole('row', { name: new RegExp(`^${instalment.childFirstName} .*[-−]2\\s?h`) })
      .first()
      .waitFor();
    const perChildCsv = await downloadBy(page, `/api/creches/${crecheId}/caf-reports/children.csv`, () =>
      page.getByRole('button', { name: `Heures par enfant, ${monthFr(MONTH)} (CSV)` }).click(),
    );
    expect(perChildCsv.name).toBe(`heures-par-enfant-${MONTH}.csv`);
    await checkPage(page, 'staff-billing-rapports');
    // The console shows one 409, the payment cancelled at another desk, and one 400, the departure typed later than
    // now; nothing else went wrong.
    expect(errors.filter((e) => !/status of (409|400)/.test(e))).toEqual([]);
    expect(errors.filter((e) => /status of 409/.test(e))).toHaveLength(1);
    expect(errors.filter((e) => /status of 400/.test(e))).toHaveLength(1);
    // About 30 s on a quiet machine; 80 s measured with other suites running on the same two cores.
  }, 150_000);

  it('validates, knowingly, a declaration reviewed after the month it applies from was invoiced', async () => {
    // A household of its own (other files share the demo's): under contract from 2 November, its November invoiced,
    // it filed new resources in October (dated so in the database: the clock is in December), reviewed only now.
    const parent = await createParentWithChild(t, {}, { firstName: 'Albane', birthDate: '2025-06-12' });
    const albaneContract = await t
      .http()
      .post(`/creches/${crecheId}/contracts`)
      .set(auth)
      .send({
        childId: parent.childId,
        startDate: '2026-11-02',
        endDate: '2027-06-30',
        schedule: [{ weekday: 3, from: '09:00', to: '11:00' }],
        // The resources the manager read on the household's papers at signing, above those it declares later.
        feeInputs: { monthlyResources: '2400.00', dependentChildren: 1 },
      })
      .expect(201);
    const issued = await t
      .http()
      .post(`/creches/${crecheId}/invoices/issue`)
      .set(auth)
      .send({ month: MONTH })
      .expect(200);
    expect(issued.body.issued.map((i: { familyId: string }) => i.familyId)).toContain(parent.familyId);
    const declared = await t
      .http()
      .post(`/families/${parent.familyId}/declarations`)
      .set(parent.auth)
      .field('monthlyResources', '1500.00')
      .field('documentType', 'TAX_NOTICE_N2')
      .attach('document', PDF, { filename: 'avis.pdf', contentType: 'application/pdf' })
      .expect(201);
    const declarationId = declared.body.id as string;
    await t.dataSource.query(
      `UPDATE fee_declarations SET declared_at = '2026-10-20T09:00:00Z', applies_from = '2026-11-01' WHERE id = $1`,
      [declarationId],
    );

    const { page, errors } = await signInAs(browser, url, logins.managers[0], DEMO_PASSWORD, {
      width: 768,
      height: 1024,
    });
    contexts.push(page.context());
    await page.context().clock.install({ time: clock.now() });
    await page.goto(`${url}/creche/contrats`);
    const escaped = 'Albane';
    const declarations = page.getByRole('region', { name: 'Déclarations à vérifier' });
    const family = declarations
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: new RegExp(`^Famille .*${escaped}`) }) });
    await family.getByRole('button', { name: new RegExp(`^Voir les déclarations à vérifier \\(.*${escaped}`) }).click();
    const download = page.waitForEvent('download');
    await family.getByRole('button', { name: new RegExp(`^Ouvrir le justificatif \\(.*${escaped}`) }).click();
    await download;
    const refused = page.waitForResponse((r) => r.url().endsWith(`/declarations/${declarationId}/review`));
    await family.getByRole('button', { name: new RegExp(`^Valider la déclaration \\(.*${escaped}`) }).click();
    // The API refuses to validate unawares (409): the page names the month and asks to validate knowing it.
    const answer = await refused;
    expect({ status: answer.status(), body: (await answer.json()) as unknown }).toMatchObject({
      status: 409,
      body: { code: 'DECLARATION.MONTHS_INVOICED', details: { months: [MONTH] } },
    });
    await family
      .getByText(/^Déjà facturé à ce foyer : novembre 2026\. Ces factures restent à l’ancienne participation/)
      .waitFor();
    const [still] = await t.dataSource.query(`SELECT status FROM fee_declarations WHERE id = $1`, [declarationId]);
    expect(still.status).toBe('PENDING');
    await checkPage(page, 'contrats-declaration-mois-factures');
    await family.getByRole('button', { name: new RegExp(`^Valider en le sachant \\(.*${escaped}`) }).click();
    await declarations
      .getByText(new RegExp(`^Déclaration de la famille de .*${escaped}.* validée\\.$`))
      .first()
      .waitFor();
    const [done] = await t.dataSource.query(`SELECT status FROM fee_declarations WHERE id = $1`, [declarationId]);
    expect(done.status).toBe('VALIDATED');
    // Its fee computed again (the job the validation queued), Facturation lists November's invoice as billed at a rate
    // since changed (R8.17), and opens it from there.
    await t.app.get(ContractFeesService).applyPendingInputs(albaneContract.body.id);
    const [change] = (
      await t.http().get(`/creches/${crecheId}/invoices/rate-changes`).set(auth).expect(200)
    ).body.filter((c: { contractId: string }) => c.contractId === albaneContract.body.id) as {
      reference: string;
      billedRate: string;
      rateNow: string;
      difference: string;
      direction: string;
    }[];
    // Lower resources than the contract was signed with: November was billed too much.
    expect(change).toMatchObject({ direction: 'OVER_BILLED' });
    expect(Number(change.billedRate)).toBeGreaterThan(Number(change.rateNow));
    await page.goto(`${url}/creche/facturation`);
    const changes = page.getByRole('table', { name: 'Factures émises à un tarif depuis changé' });
    const row = changes.getByRole('row').filter({ hasText: 'Albane' });
    await row.getByText(`${eurosFr(change.billedRate)}/h`, { exact: true }).waitFor();
    await row.getByText(`${eurosFr(change.difference)} facturés en trop`).waitFor();
    // The row prepares the credit note of the difference: the invoice opens with its amount and reason filled in, for
    // the manager to check and confirm.
    await row
      .getByRole('button', {
        name: `Préparer l’avoir de ${eurosFr(change.difference)} sur la facture n° ${change.reference}`,
      })
      .click();
    await page.getByRole('heading', { name: new RegExp(`^Facture n° ${change.reference} — `) }).waitFor();
    const form = page.getByRole('form', { name: `Faire un avoir sur la facture n° ${change.reference}` });
    await expect(form.getByLabel('Montant de l’avoir (€)').inputValue()).resolves.toBe(
      change.difference.replace('.', ','),
    );
    await expect(form.getByLabel('Motif').inputValue()).resolves.toMatch(
      new RegExp(
        `^Participation de Albane recalculée pour novembre 2026 : .* au lieu de ${eurosFr(change.billedRate)}/h\.$`,
      ),
    );
    await checkPage(page, 'facturation-tarifs-changes');
    await form.getByRole('button', { name: 'Préparer l’avoir' }).click();
    await form.getByRole('button', { name: 'Confirmer l’avoir' }).click();
    await form.getByText(new RegExp(`^Avoir n° \\d+ de ${eurosFr(change.difference)} émis\\.$`)).waitFor();
    // Covered now: the row says so, and only opens the invoice.
    await row.getByText(/qui couvrent l’écart/).waitFor();
    await row.getByRole('button', { name: `Ouvrir la facture n° ${change.reference}` }).waitFor();
    // The one 409 the console shows is the refused validation the page then explained.
    expect(errors.filter((e) => !/status of 409/.test(e))).toEqual([]);
  }, 120_000);

  it('says on a running contract the fee already computed to come: new resources validated from 1 January', async () => {
    const parent = await createParentWithChild(t, {}, { firstName: 'Octave', birthDate: '2025-04-03' });
    const contract = await t
      .http()
      .post(`/creches/${crecheId}/contracts`)
      .set(auth)
      .send({
        childId: parent.childId,
        startDate: '2026-11-02',
        endDate: '2027-06-30',
        schedule: [{ weekday: 2, from: '09:00', to: '12:00' }],
      })
      .expect(201);
    // Declared on 1 December: it applies from 1 January, validated by the manager now.
    expect(await declareResources(t, parent, { auth }, '1500.00')).toBe('2027-01-01');
    await t.app.get(ContractFeesService).applyPendingInputs(contract.body.id);
    const read = (await t.http().get(`/contracts/${contract.body.id}`).set(auth).expect(200)).body;
    expect(read.fee.effectiveFrom).toBe('2026-11-02');
    expect(read.upcomingFees).toHaveLength(1);
    const next = read.upcomingFees[0];
    expect(next.effectiveFrom).toBe('2027-01-01');

    const { page, errors } = await signInAs(browser, url, logins.managers[0], DEMO_PASSWORD, { width: 768 });
    contexts.push(page.context());
    await page.context().clock.install({ time: clock.now() });
    await page.goto(`${url}/creche/contrats/${contract.body.id}`);
    await page.getByText('En vigueur depuis le 02/11/2026.').waitFor();
    const upcoming = page.getByRole('list', { name: 'Participations à venir' });
    await upcoming
      .getByText(`À partir du 01/01/2027 : ${euros(next.monthlyFee)} par mois (${euros(next.hourlyRate)} de l’heure`, {
        exact: false,
      })
      .waitFor();
    await checkPage(page, 'contrat-participation-a-venir');
    expect(errors).toEqual([]);
  });

  it('names the arrival without departure that stops the month, then the household whose invoice waits, then bills it', async () => {
    // A household of its own, two children under contract from 2 November; the younger's contract was signed before
    // reserved hours were stored (#14 §1), so November cannot bill it yet.
    const parent = await createParentWithChild(t, {}, { firstName: 'Basile', birthDate: '2025-03-02' });
    const capucine = await t
      .http()
      .post(`/families/${parent.familyId}/children`)
      .set(parent.auth)
      .send({ firstName: 'Capucine', birthDate: '2026-01-15', disability: false })
      .expect(201);
    const contractOf = async (childId: string) =>
      (
        await t
          .http()
          .post(`/creches/${crecheId}/contracts`)
          .set(auth)
          .send({
            childId,
            startDate: '2026-11-02',
            endDate: '2027-06-30',
            schedule: [{ weekday: 4, from: '09:00', to: '11:00' }],
          })
          .expect(201)
      ).body.id as string;
    await contractOf(parent.childId);
    const held = await contractOf(capucine.body.id);
    await t.dataSource.query(`UPDATE contracts SET mensualisation = NULL WHERE id = $1`, [held]);
    // Basile checked in on Thursday 5 November and never out (the check-in of that morning, written as it was).
    const [arrival] = await t.dataSource.query(
      `INSERT INTO attendance_records (creche_id, child_id, date, arrived_minute, checked_in_by)
       SELECT $1, $2, '2026-11-05', 540, id FROM users WHERE email = $3 RETURNING id`,
      [crecheId, parent.childId, logins.managers[0]],
    );
    // The fees other tests left to compute (a validated declaration), computed as the worker does after its commit.
    const fees = t.app.get(ContractFeesService);
    for (const { id } of await t.dataSource.query(`SELECT id FROM contracts WHERE fee_pending_from IS NOT NULL`))
      await fees.applyPendingInputs(id as string);
    const invoicesOfHousehold = async () =>
      (await documents()).filter((d) => d.familyId === parent.familyId && d.kind === 'INVOICE');

    const { page, errors } = await signInAs(browser, url, logins.managers[0], DEMO_PASSWORD, {
      width: 768,
      height: 1024,
    });
    contexts.push(page.context());
    await page.context().clock.install({ time: clock.now() });
    await page.goto(`${url}/creche/facturation`);
    await expect(page.getByLabel('Mois', { exact: true }).inputValue()).resolves.toBe(MONTH);
    const issueFromPage = async () => {
      await page.getByRole('button', { name: `Émettre les factures ${ofMonthFr(MONTH)}` }).click();
      await page.getByRole('button', { name: 'Oui, émettre les factures' }).click();
    };
    const waiting =
      'Un foyer attend sa facture : contrat de Capucine (aucune heure réservée enregistrée). Corrigez ce contrat, puis émettez de nouveau le mois : la facture comprendra alors tous les enfants du foyer.';
    // Said on opening the month, before any issue (the monthly job's issue tells no one).
    await page.getByText(waiting).waitFor();
    // The API's 409 carries its facts as an object: the page says them (it went blank, reading them as fields).
    await issueFromPage();
    await page
      .getByText(
        "1 arrivée sans départ pointé ce mois-ci (5 novembre 2026) : saisissez l'heure de départ (page Aujourd'hui, « Départs non pointés ») avant d'émettre les factures",
        { exact: false },
      )
      .waitFor();
    // The page where the departure is entered is one tap away.
    await expect(page.getByRole('link', { name: 'Saisir les départs' }).getAttribute('href')).resolves.toBe(
      '/creche/aujourd-hui',
    );
    await t
      .http()
      .patch(`/attendance/${arrival.id}`)
      .set(auth)
      .send({ arrivedAt: '09:00', leftAt: '11:30' })
      .expect(200);

    await issueFromPage();
    await page
      .getByText(new RegExp(`^\\d+ factures? émises? pour ${monthFr(MONTH)}|^Aucune nouvelle facture`))
      .waitFor();
    await page.getByText(waiting).waitFor();
    expect(await invoicesOfHousehold()).toEqual([]);
    await checkPage(page, 'facturation-foyer-en-attente');

    // The contract given its reserved hours (the nightly fee job does it), the month issued again bills both children.
    expect(await fees.mensualiseLegacyContracts()).toBeGreaterThanOrEqual(1);
    await issueFromPage();
    await page
      .getByText(new RegExp(`^1 facture émise pour ${monthFr(MONTH)}\\. \\d+ foyers étaient déjà facturés\\.$`))
      .waitFor();
    await expect(page.getByText('Un foyer attend sa facture', { exact: false }).count()).resolves.toBe(0);
    const [invoice] = await invoicesOfHousehold();
    const lines = (await t.http().get(`/invoices/${invoice.id}`).set(auth).expect(200)).body.lines as {
      kind: string;
      childId: string;
    }[];
    expect(
      lines
        .filter((l) => l.kind === 'INSTALMENT')
        .map((l) => l.childId)
        .sort(),
    ).toEqual([parent.childId, capucine.body.id].sort());
    // The one 409 the console shows is the refused issue the page then explained.
    expect(errors.filter((e) => !/status of 409/.test(e))).toEqual([]);
  }, 120_000);
});
