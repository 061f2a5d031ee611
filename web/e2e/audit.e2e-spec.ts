import { readFileSync, rmSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD, type DemoLogins } from '../../src/demo/demo-seed';
import { login, type TestApp } from '../../test/support/test-app';
import { waitFor } from '../../test/support/wait';
import { hoursFr, minutesFr } from '../src/pages/staff/billing/billing-format';
import { buildWebApp, checkPage, launchChromium, seedDemoLogins, signInAs, startWebServer } from './support/browser';

const MICRO = 'Micro-crèche Les Lucioles (zone industrielle)';
const COLLECTIVE = "Multi-accueil Les P'tits Loups";

/** A version of the scale dated before the demo's contracts (1 September 2026), added after their fees were stored. */
const RETROACTIVE_SCALE = {
  effectiveFrom: '2026-08-01',
  floor: '850.00',
  ceiling: '9000.00',
  tables: {
    collective: [1, 2, 3, 4, 8].map((fromChildren, i) => ({
      fromChildren,
      rate: ['0.0700', '0.0580', '0.0450', '0.0330', '0.0220'][i],
    })),
    familial: [1, 2, 3, 6].map((fromChildren, i) => ({
      fromChildren,
      rate: ['0.0560', '0.0450', '0.0330', '0.0220'][i],
    })),
  },
  microCrecheTable: 'collective',
  provenance: 'Retroactive test version',
  verified: false,
  // Dated back to months other files of the run may have invoiced (409 FEE_SCALE.MONTHS_INVOICED otherwise).
  invoicedMonthsAcknowledged: true,
};

/** Euros as the pages write them ("1 234,50 €"). */
const eur = (amount: string) =>
  `${Number(amount).toLocaleString('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} €`;

interface Row {
  id: string;
  crecheName: string;
  childFirstName: string | null;
  monthlyFee: string;
  hourlyRate: string;
}

/**
 * Issue #19, the Caf auditors' pages in Chromium at 768 px on the demo territory: the auditor lands on the fee
 * computations, filters them, opens a trace, runs the recheck (a scale version added afterwards with an earlier date
 * makes the stored fees deviate) and reads its deviations as a table, downloads the fees CSV and the FILOUÉ errors,
 * and reads the audit log with its filters. A manager reads that these pages are not for them. The run's database is
 * shared with the other test files (which add crèches, contracts, scales and events before or after this one), so
 * every count is the API's answer for the same filters, and the retroactive scale is deleted once read.
 */
describe("Web app: the Caf auditors' pages (Chromium)", () => {
  let distDir: string;
  let t: TestApp;
  let url: string;
  let browser: Browser;
  let logins: DemoLogins;
  let auditorAuth: { Authorization: string };
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    distDir = buildWebApp();
    ({ t, url } = await startWebServer(distDir));
    browser = await launchChromium();
    logins = await seedDemoLogins(t);
    auditorAuth = (await login(t, logins.auditor, DEMO_PASSWORD)).auth;
  }, 180_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await t?.close();
    if (distDir) rmSync(distDir, { recursive: true, force: true });
  });

  const signIn = async (email: string, next?: string) => {
    const signed = await signInAs(browser, url, email, DEMO_PASSWORD, { next, width: 768 });
    contexts.push(signed.page.context());
    return signed;
  };
  const api = async <T>(path: string, query: Record<string, unknown> = {}): Promise<T> =>
    (await t.http().get(path).query(query).set(auditorAuth).expect(200)).body as T;
  /** Downloads what `click` starts and returns the file's bytes and suggested name. */
  const download = async (page: Page, click: () => Promise<void>) => {
    const [file] = await Promise.all([page.waitForEvent('download'), click()]);
    return { name: file.suggestedFilename(), bytes: readFileSync((await file.path())!) };
  };

  /** The computations' count the page shows for these filters: the API's total for the same query. */
  const computationsShown = async (page: Page, query: Record<string, unknown>) => {
    const { total } = await api<{ total: number }>('/audit/fees/computations', { ...query, limit: 1 });
    if (total === 0) await page.getByText('Aucun calcul ne correspond à ces filtres.').waitFor();
    else await page.getByRole('heading', { name: `${total} calcul${total > 1 ? 's' : ''}`, exact: true }).waitFor();
    return total;
  };

  it('opens a trace, runs the recheck and reads its deviations, downloads the fees CSV', async () => {
    const admin = await login(t, logins.admin, DEMO_PASSWORD);
    const scale = await t.http().post('/fee-scales').set(admin.auth).send(RETROACTIVE_SCALE).expect(201);
    try {
      await traceRecheckAndFiles();
    } finally {
      // Other test files compute fees on this database: the retroactive version must not outlive this test.
      await t.http().delete(`/fee-scales/${scale.body.id}`).set(admin.auth).expect(204);
    }
  }, 90_000);

  async function traceRecheckAndFiles(): Promise<void> {
    const crecheIds = await api<{ id: string; name: string }[]>('/creches');
    const microId = crecheIds.find((c) => c.name === MICRO)!.id;
    const collectiveId = crecheIds.find((c) => c.name === COLLECTIVE)!.id;
    const collective = await api<{ items: (Row & { effectiveFrom: string })[]; total: number }>(
      '/audit/fees/computations',
      { crecheId: collectiveId, limit: 100 },
    );
    // A contract the demo signed at go-live: its computation dates from 1 September 2026.
    const first = collective.items.find((c) => c.effectiveFrom === '2026-09-01')!;
    expect(first).toBeDefined();

    // Signed in without a page to return to, the auditor lands on the computations, with the auditors' menu.
    const { page, errors } = await signIn(logins.auditor);
    await page.waitForURL(`${url}/controle/calculs`);
    await page.getByRole('heading', { name: 'Calculs de participation', level: 1 }).waitFor();
    await page.locator('header a[href="/controle/verification"]').first().waitFor({ state: 'attached' });
    await expect(page.locator('header a[href="/creche/aujourd-hui"]').count()).resolves.toBe(0);
    await computationsShown(page, {});
    await checkPage(page, 'controle-calculs');
    const table = page.getByRole('table');

    // Filters: one crèche (each row then names it), then a reason no computation has, then the deviations only.
    await page.getByLabel('Crèche', { exact: true }).selectOption({ label: COLLECTIVE });
    await page.getByRole('button', { name: 'Filtrer' }).click();
    expect(await computationsShown(page, { crecheId: collectiveId })).toBe(collective.total);
    await expect(table.getByRole('row').filter({ hasText: MICRO }).count()).resolves.toBe(0);
    expect(new URL(page.url()).searchParams.get('crecheId')).toBe(collectiveId);
    // Each row: date, crèche, Caf number (none in the demo), child, reason in French, rate, fee (deviating here).
    const firstRow = table
      .getByRole('row')
      .filter({ hasText: first.childFirstName! })
      .filter({ hasText: '01/09/2026' });
    for (const text of [
      '01/09/2026',
      first.crecheName,
      first.childFirstName!,
      'non renseigné',
      'Signature du contrat',
      eur(first.hourlyRate),
      'Écart',
    ])
      await firstRow.getByText(text, { exact: false }).first().waitFor();
    await page.getByLabel('Motif du calcul').selectOption({ label: 'Nouveau barème Cnaf' });
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await computationsShown(page, { crecheId: collectiveId, reason: 'SCALE_CHANGED' });
    await page.getByLabel('Motif du calcul').selectOption({ label: 'Tous les motifs' });
    await page.getByLabel('Crèche', { exact: true }).selectOption({ label: 'Toutes les crèches' });
    await page.getByText('Écarts seulement').click();
    await page.getByLabel('Effectif à partir du').fill('2026-09-01');
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.waitForURL((u) => u.searchParams.get('ecarts') === 'oui');
    // The demo's eight go-live computations predate the retroactive version's rates: all of them deviate now.
    const deviating = await computationsShown(page, { deviationsOnly: true, from: '2026-09-01' });
    expect(deviating).toBeGreaterThanOrEqual(8);
    await page.getByLabel('Effectif à partir du').fill('2026-09-02');
    await page.getByRole('button', { name: 'Filtrer' }).click();
    expect(await computationsShown(page, { deviationsOnly: true, from: '2026-09-02' })).toBeLessThan(deviating);
    // Back in the browser's history: the previous filters and their rows.
    await page.goBack();
    expect(await computationsShown(page, { deviationsOnly: true, from: '2026-09-01' })).toBe(deviating);

    // A trace, as readable steps: the scale and its provenance, the tier and why, floor or ceiling, the roundings.
    await page
      .getByRole('link', { name: new RegExp(`^01/09/2026 : voir la trace du calcul pour ${first.childFirstName},`) })
      .first()
      .click();
    await page.waitForURL(/\/controle\/calculs\/[0-9a-f-]{36}$/);
    const shownId = new URL(page.url()).pathname.split('/').pop()!;
    const shown = await api<{ monthlyFee: string; tier: string; trace: { step: string }[] }>(
      `/fee-computations/${shownId}`,
    );
    await page.getByRole('heading', { name: 'Le calcul, étape par étape' }).waitFor();
    for (const title of [
      'Barème appliqué',
      'Tableau des taux d’effort',
      'Tranche retenue',
      'Plancher et plafond',
      'Taux d’effort',
      'Tarif horaire et arrondi',
      'Participation mensuelle et arrondi',
    ])
      await page.getByRole('heading', { name: title, level: 3, exact: true }).waitFor();
    await expect(
      page
        .getByRole('listitem')
        .filter({ has: page.getByRole('heading', { level: 3 }) })
        .count(),
    ).resolves.toBe(shown.trace.length);
    await page.getByText(/applicable depuis le 01\/01\/2026\. Ses chiffres n’ont pas été vérifiés/).waitFor();
    await page.getByText(/^Provenance enregistrée avec le calcul : .+/).waitFor();
    await page.getByText(/^\d+ enfants? à charge.*tranche « /).waitFor();
    await page
      .getByText(`${eur(shown.monthlyFee)} par mois, arrondie au centime une seule fois`, { exact: false })
      .waitFor();
    await checkPage(page, 'controle-trace');

    // The recheck: every stored fee deviates from the retroactive version; a table, not a count.
    await page.goto(`${url}/controle/verification`);
    await page.getByRole('heading', { name: 'Vérification des participations', level: 1 }).waitFor();
    await page.getByLabel('Crèche', { exact: true }).selectOption({ label: MICRO });
    await page.getByRole('button', { name: 'Lancer la vérification' }).click();
    const recheck = (
      await t.http().post('/audit/fees/recheck').query({ crecheId: microId }).set(auditorAuth).expect(200)
    ).body as {
      checked: number;
      deviations: { computationId: string; stored: Row; recomputed: Row }[];
    };
    // The micro-crèche's five go-live contracts at least (other files may have admitted more), every one deviating.
    expect(recheck.checked).toBeGreaterThanOrEqual(5);
    expect(recheck.deviations).toHaveLength(recheck.checked);
    const n = recheck.checked;
    await page.getByRole('heading', { name: `${n} écarts` }).waitFor();
    await page.getByText(`${n} calculs vérifiés (${MICRO}).`).waitFor();
    const deviations = page.getByRole('table');
    await expect(deviations.getByRole('row').count()).resolves.toBe(n + 1);
    const d = recheck.deviations[0];
    const cents = (s: string) => Math.round(Number(s) * 100);
    const diff = cents(d.recomputed.monthlyFee) - cents(d.stored.monthlyFee);
    const diffText = `${diff > 0 ? '+' : diff < 0 ? '−' : ''}${eur(String(Math.abs(diff) / 100))}`;
    const row = deviations.getByRole('row').filter({
      has: page.locator(`a[href="/controle/calculs/${d.computationId}"]`),
    });
    for (const text of [
      eur(d.stored.hourlyRate),
      eur(d.recomputed.hourlyRate),
      eur(d.stored.monthlyFee),
      eur(d.recomputed.monthlyFee),
      diffText,
    ])
      await row.getByText(text, { exact: false }).first().waitFor();
    await checkPage(page, 'controle-verification');
    await row.getByRole('link').click();
    await page.waitForURL(`${url}/controle/calculs/${d.computationId}`);
    await page.getByRole('heading', { name: 'Le calcul, étape par étape' }).waitFor();

    // The Caf's files: the fees CSV (BOM, ";", the crèche's name), the FILOUÉ errors and the activity report's PDF.
    await page.goto(`${url}/controle/rapports`);
    await page.getByRole('heading', { name: 'Rapports Caf', level: 1 }).waitFor();
    await page.getByLabel('Crèche', { exact: true }).selectOption({ label: COLLECTIVE });
    await page.getByLabel('Année').fill('2026');
    await page.getByText(/^\d+ enfants? dans le fichier \(une ligne par enfant\), \d+ erreurs?/).waitFor();
    await checkPage(page, 'controle-rapports');
    const csv = await download(page, () =>
      page.getByRole('button', { name: 'Télécharger les participations 2026 (CSV)' }).click(),
    );
    expect(csv.name).toBe('participations-familiales-2026.csv');
    const text = csv.bytes.toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const lines = text.slice(1).trim().split(/\r?\n/);
    expect(lines.length).toBeGreaterThanOrEqual(4); // the header, then the collective crèche's three contracts at least
    expect(lines[0].split(';').length).toBeGreaterThan(10);
    expect(lines.slice(1).every((l) => l.includes(COLLECTIVE))).toBe(true);
    await page.getByText('Fichier téléchargé : participations-familiales-2026.csv.').waitFor();
    const filoueErrors = await download(page, () =>
      page.getByRole('button', { name: 'Télécharger les erreurs FILOUÉ 2026 (CSV)' }).click(),
    );
    expect(filoueErrors.name).toBe('filoue-2026-erreurs.csv');
    expect(filoueErrors.bytes.toString('utf8').startsWith('\uFEFF')).toBe(true);
    const pdf = await download(page, () =>
      page.getByRole('button', { name: 'Télécharger le rapport d’activité 2026 (PDF)' }).click(),
    );
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    expect(errors).toEqual([]);
  }

  it('reads hours billed against hours attended child by child on Rapports Caf, and downloads them (R9.7)', async () => {
    const collectiveId = (await api<{ id: string; name: string }[]>('/creches')).find((c) => c.name === COLLECTIVE)!.id;
    const admin = await login(t, logins.admin, DEMO_PASSWORD);
    const { page, errors } = await signIn(logins.auditor, '/controle/rapports');
    await page.getByRole('heading', { name: 'Rapports Caf', level: 1 }).waitFor();
    await page.getByLabel('Crèche', { exact: true }).selectOption({ label: COLLECTIVE });
    await page.getByLabel('Année').fill('2026');
    // Nothing issued yet for that year in the demo: said, rather than a table of zeros.
    await page.getByText('Aucun mois de cette année n’est encore facturé.').waitFor();
    // Hours billed and attended child by child (R9.7): October 2026 issued by the crèche, each child's row as the API
    // gives it, alerts first; the CSV of the same month.
    await t
      .http()
      .post(`/creches/${collectiveId}/invoices/issue`)
      .set(admin.auth)
      .send({ month: '2026-10' })
      .expect(200);
    const october = await api<{
      issuedMonths: string[];
      children: {
        childId: string;
        firstName: string;
        hoursBilled: string;
        hoursAttended: string;
        billingRateAlert: boolean;
      }[];
    }>(`/creches/${collectiveId}/caf-reports/children`, { year: 2026, month: 10 });
    expect(october.issuedMonths).toEqual(['2026-10']);
    expect(october.children.length).toBeGreaterThanOrEqual(3); // the crèche's three contracts at least
    // A month not issued has nothing billed: the page says so and gives no header-only file.
    await page.getByLabel('Période').selectOption({ label: 'novembre 2026' });
    await page.getByText('Ce mois n’est pas encore facturé.').waitFor();
    await expect(
      page.getByRole('button', { name: 'Télécharger les heures par enfant, novembre 2026 (CSV)' }).isDisabled(),
    ).resolves.toBe(true);
    await page.getByLabel('Période').selectOption({ label: 'octobre 2026' });
    const table = page.getByRole('table', { name: 'Heures facturées et réalisées par enfant, octobre 2026' });
    await table.waitFor();
    // The header, a row per child, the totals.
    await expect(table.getByRole('row').count()).resolves.toBe(october.children.length + 2);
    await table.getByRole('row').last().getByText('Total', { exact: true }).waitFor();
    const first = october.children[0];
    await table
      .getByRole('row')
      .nth(1)
      .getByText(new RegExp(`^${first.firstName}`))
      .waitFor();
    await page.getByText(/^(Aucun enfant au-delà de 107 %|\d+ enfants? au-delà de 107 %)/).waitFor();
    const perChild = await download(page, () =>
      page.getByRole('button', { name: 'Télécharger les heures par enfant, octobre 2026 (CSV)' }).click(),
    );
    expect(perChild.name).toBe('heures-par-enfant-2026-10.csv');
    const perChildLines = perChild.bytes.toString('utf8').slice(1).trim().split(/\r?\n/);
    expect(
      perChildLines[0].startsWith('identifiant_enfant;prenom;nom;date_naissance;heures_realisees;heures_facturees;'),
    ).toBe(true);
    expect(perChildLines).toHaveLength(october.children.length + 1);
    await checkPage(page, 'controle-rapports-enfants');
    // The first child's October day by day: its presences and its lines, with the row's totals.
    const firstName = first.firstName;
    await table
      .getByRole('row')
      .nth(1)
      .getByRole('button', { name: new RegExp(`^Jour par jour : ${firstName}`) })
      .click();
    const detail = page.getByRole('region', { name: new RegExp(`^${firstName}.*, octobre 2026, jour par jour$`) });
    await detail
      .getByText(new RegExp(`heures facturées : ${hoursFr(first.hoursBilled).replace(/\s/g, '\\s')}`))
      .waitFor();
    const days = await api<{
      days: {
        reservedMinutes: number;
        minutes: number;
        extraMinutes: number;
        overtimeMinutes: number;
        deducted: string | null;
        records: unknown[];
      }[];
      lines: unknown[];
    }>(`/creches/${collectiveId}/caf-reports/children/${october.children[0].childId}`, { year: 2026, month: 10 });
    if (days.days.length) {
      const rows = detail.getByRole('table', { name: /^Jours du mois/ }).getByRole('row');
      await expect(rows.count()).resolves.toBe(days.days.length + 2); // the header, a row per day, the total
      // The total row: hours reserved, attended and extra, each summed in minutes.
      const sum = (key: 'reservedMinutes' | 'minutes' | 'extraMinutes' | 'overtimeMinutes') =>
        minutesFr(days.days.reduce((total, d) => total + d[key], 0));
      await expect(rows.last().getByRole('cell').allInnerTexts()).resolves.toEqual([
        'Total',
        sum('reservedMinutes'),
        '',
        sum('minutes'),
        '',
        sum('extraMinutes'),
        sum('overtimeMinutes'),
      ]);
      // A day deductible and not attended says why (the demo's illness, past its waiting days).
      await expect(detail.getByRole('cell', { name: /^absence déductible : / }).count()).resolves.toBe(
        days.days.filter((d) => d.deducted && d.records.length === 0).length,
      );
    } else
      await detail
        .getByText('Aucun jour au planning, aucun accueil occasionnel et aucune présence ce mois-ci.')
        .waitFor();
    await expect(
      detail
        .getByRole('table', { name: /^Lignes facturées/ })
        .getByRole('row')
        .count(),
    ).resolves.toBe(days.lines.length + 1);
    await checkPage(page, 'controle-rapports-enfant-jours');
    await detail.getByRole('button', { name: 'Fermer le détail' }).click();
    await expect(detail.count()).resolves.toBe(0);
    // Focus goes back to the button that opened it, which says it is closed.
    const opener = table
      .getByRole('row')
      .nth(1)
      .getByRole('button', { name: new RegExp(`^Jour par jour : ${firstName}`) });
    await expect(page.evaluate('document.activeElement?.id')).resolves.toBe(await opener.getAttribute('id'));
    await expect(opener.getAttribute('aria-expanded')).resolves.toBe('false');
    expect(errors).toEqual([]);
  });

  it('reads the audit log with its filters, a page at a time', async () => {
    const created = await api<{ items: { id: string; actorUserId: string }[] }>('/audit/events', {
      action: 'contract.created',
    });
    expect(created.items.length).toBeGreaterThanOrEqual(8); // the demo's eight, and those of other test files
    const byFirstActor = await api<{ items: unknown[] }>('/audit/events', {
      action: 'contract.created',
      actorUserId: created.items[0].actorUserId,
    });
    const { page, errors } = await signIn(logins.auditor, '/controle/journal');
    await page.getByRole('heading', { name: 'Journal d’audit', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Derniers événements' }).waitFor();
    const rows = page.getByRole('table').getByRole('row');
    // The demo wrote far more than a page: 25 rows and their header, then older ones.
    await expect(rows.count()).resolves.toBe(26);
    await checkPage(page, 'controle-journal');
    await page.getByRole('button', { name: 'Événements plus anciens' }).click();
    await page.getByRole('heading', { name: 'Événements plus anciens' }).waitFor();
    await page.getByRole('button', { name: 'Revenir aux plus récents' }).waitFor();

    // By action (contracts signed, 25 a page), then by the account that acted.
    await page.getByLabel(/^Action/).fill('contract.created');
    await page.getByLabel('Au (inclus)').fill(new Date().toISOString().slice(0, 10));
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.getByRole('heading', { name: 'Derniers événements' }).waitFor();
    const shown = Math.min(created.items.length, 25);
    await expect(rows.count()).resolves.toBe(shown + 1);
    await expect(page.getByRole('table').getByText('Contrat signé').count()).resolves.toBe(shown);
    await rows
      .nth(1)
      .getByRole('button', { name: /^Compte / })
      .click();
    await page.waitForURL((u) => u.searchParams.get('actorUserId') === created.items[0].actorUserId);
    await expect(page.getByLabel(/^Compte de l’acteur/).inputValue()).resolves.toBe(created.items[0].actorUserId);
    // The list shows the filtered page once it has come (the previous one stays meanwhile: with other test files'
    // contracts, both may not have the same length).
    const byActor = Math.min(byFirstActor.items.length, 25) + 1;
    await waitFor(async () => (await rows.count()) === byActor, 10_000).catch(() => undefined);
    await expect(rows.count()).resolves.toBe(byActor);
    // By role: no Caf auditor signed a contract.
    await page.getByLabel('Rôle de l’acteur').selectOption({ label: 'Contrôleur Caf' });
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.getByText('Aucun événement ne correspond à ces filtres.').waitFor();
    // A period before the demo: nothing.
    await page.getByLabel('Rôle de l’acteur').selectOption({ label: 'Tous les rôles' });
    await page.getByLabel('Au (inclus)').fill('2020-01-01');
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.getByText('Aucun événement ne correspond à ces filtres.').waitFor();
    await checkPage(page, 'controle-journal-filtre');
    expect(errors).toEqual([]);
  }, 60_000);

  it("tells a manager the auditors' pages are not for them", async () => {
    const { page, errors } = await signIn(logins.managers[0], '/controle/verification');
    await page.getByText("Vous n'avez pas accès à cette page.").waitFor();
    await expect(page.locator('header a[href="/controle/calculs"]').count()).resolves.toBe(0);
    expect(errors).toEqual([]);
  });
});
