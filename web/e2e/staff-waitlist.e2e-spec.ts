import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { DEMO_PASSWORD, type DemoLogins } from '../../src/demo/demo-seed';
import { ownDatabaseUrl } from '../../test/support/own-database';
import { login, type TestApp } from '../../test/support/test-app';
import { criterionFr, pointsFr } from '../src/pages/parent/follow-words';
import { claimOf, PAGE_SIZE } from '../src/pages/staff/waitlist/waitlist-words';
import {
  ARTIFACTS,
  buildWebApp,
  checkPage,
  launchChromium,
  seedDemoLogins,
  signInAs,
  startWebServer,
} from './support/browser';

/** A minimal PDF: what the declarations' upload recognises from its bytes. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
/** A 1×1 PNG: a criterion's proof as a phone's scan would be. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** Waits until `read` gives `want` (the page settles after a request), then checks it. */
async function until<T>(read: () => Promise<T>, want: T, timeout = 10_000): Promise<void> {
  const end = Date.now() + timeout;
  let got = await read();
  while (got !== want && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
    got = await read();
  }
  expect(got).toBe(want);
}

interface Entry {
  rank: number;
  applicationId: string;
  familyId: string;
  childFirstName: string;
  score: number;
  verifiedScore: number;
  breakdown: { criterion: string; points: number; verified: boolean }[];
}
interface Household {
  applicationId: string;
  childId: string;
  claimProofs: { claim: string; childId: string | null; proofId: string }[];
  parents: { firstName: string; lastName: string; email: string }[];
  declarationsToReview: number;
}
interface Page {
  items: Entry[];
  families?: Household[];
  total: number;
}

/**
 * Issue #19, Liste d'attente in Chromium at 768 px on the demo: the micro-crèche's manager reads the ranked families
 * with their names and e-mails, pages with "Afficher les suivants", filters, opens a household's fee declaration's
 * proof (downloaded with the session's token) and validates it; the family uploads a declared criterion's proof from
 * "Mes déclarations", the manager opens it then records it as seen: the list, the API's ranking and the family's page
 * say so.
 */
describe("Web app: Liste d'attente, the manager's waitlist (Chromium)", () => {
  let distDir: string;
  let t: TestApp;
  let url: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let logins: DemoLogins;

  beforeAll(async () => {
    distDir = buildWebApp();
    // A demo of its own: the run's shared one may have had its waiting applications asked to confirm their interest,
    // or lapsed, by another file's workers running with a clock in a later year (as staff-rounds explains).
    ({ t, url } = await startWebServer(distDir, { env: { DATABASE_URL: await ownDatabaseUrl('staff_waitlist') } }));
    browser = await launchChromium();
    // The demo territory (44 accounts, 32 applications): about a minute on a busy machine.
    logins = await seedDemoLogins(t);
  }, 240_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await t?.close();
    if (distDir) rmSync(distDir, { recursive: true, force: true });
  });

  it('lists, pages, filters, opens a proof, validates it and verifies a claim, from a tablet and the keyboard', async () => {
    const managerEmail = logins.managers[0];
    const manager = await login(t, managerEmail, DEMO_PASSWORD);
    const [micro] = (await t.http().get('/me/creches').set(manager.auth).expect(200)).body as { id: string }[];
    const api = async (query: Record<string, string>): Promise<Page> =>
      (await t.http().get(`/creches/${micro.id}/waitlist`).query(query).set(manager.auth).expect(200)).body as Page;

    // The first-ranked household declares new resources with a proof (as a parent does from "Mes déclarations").
    const before = await api({ families: 'true', limit: '200' });
    expect(before.total).toBeGreaterThan(2 * PAGE_SIZE);
    const top = before.items[0];
    const topHousehold = before.families![0];
    const parent = await login(t, topHousehold.parents[0].email, DEMO_PASSWORD);
    const declared = await t
      .http()
      .post(`/families/${top.familyId}/declarations`)
      .set(parent.auth)
      .field('monthlyResources', '1850.00')
      .field('documentType', 'TAX_NOTICE_N2')
      .attach('document', PDF, { filename: 'avis-imposition.pdf', contentType: 'application/pdf' })
      .expect(201);

    // The same parent uploads, from "Mes déclarations", the proof of a criterion the household declared.
    const line = top.breakdown.find((l) => !l.verified && claimOf(l.criterion) !== null)!;
    const claim = claimOf(line.criterion)!;
    const proofInput = `#justificatif-${claim}-${claim === 'CHILD_DISABILITY' || claim === 'MULTIPLE_BIRTH' ? topHousehold.childId : 'foyer'}`;
    const family = await signInAs(browser, url, topHousehold.parents[0].email, DEMO_PASSWORD, {
      next: '/foyer/declarations',
    });
    contexts.push(family.page.context());
    await family.page.getByRole('heading', { name: 'Justificatifs de ma situation', level: 2 }).waitFor();
    const criterionItem = family.page.locator('li', { has: family.page.locator(proofInput.toLowerCase()) }).last();
    await criterionItem.getByText('Aucun justificatif').waitFor();
    await family.page
      .locator(proofInput.toLowerCase())
      .setInputFiles({ name: 'attestation.png', mimeType: 'image/png', buffer: PNG });
    await criterionItem.getByRole('button', { name: /^Déposer le justificatif/ }).click();
    await criterionItem.getByText('Déposé', { exact: true }).waitFor();
    await checkPage(family.page, 'mes-declarations-justificatifs');

    const { page, errors } = await signInAs(browser, url, managerEmail, DEMO_PASSWORD, {
      next: '/creche/liste-d-attente',
    });
    contexts.push(page.context());
    await page.waitForURL(`${url}/creche/liste-d-attente`);
    await page.getByRole('heading', { name: "Liste d'attente", level: 1 }).waitFor();
    await page.getByRole('heading', { name: `${before.total} demandes en liste d'attente` }).waitFor();
    const cards = page.locator('ol > li');
    await expect(cards.count()).resolves.toBe(PAGE_SIZE);
    // In the API's rank order, each family with a parent's e-mail to write to.
    for (let i = 0; i < PAGE_SIZE; i += 1) {
      const card = cards.nth(i);
      await expect(card.getByRole('heading', { level: 3 }).textContent()).resolves.toMatch(
        new RegExp(`^${i + 1}\\. ${before.items[i].childFirstName}, `),
      );
      await card.getByRole('link', { name: before.families![i].parents[0].email }).waitFor();
    }

    // The first family, with its parents to call and the points declared against those verified.
    const first = page.getByRole('region', { name: new RegExp(`^1\\. ${top.childFirstName}, `) });
    for (const p of topHousehold.parents) {
      await first.getByText(`${p.firstName} ${p.lastName}`, { exact: false }).waitFor();
      await expect(first.getByRole('link', { name: p.email }).getAttribute('href')).resolves.toBe(`mailto:${p.email}`);
    }
    await first.getByText(`${top.score} points déclarés, ${top.verifiedScore} vérifiés`).waitFor();
    await first
      .getByRole('row', { name: /La famille réside sur le territoire \+300 points Aucun justificatif à voir/ })
      .waitFor();
    await first.getByText(/Horaires (compatibles|incompatibles) /).waitFor();
    await first.getByText('1 déclaration de la famille à vérifier').waitFor();
    await checkPage(page, 'liste-d-attente');
    await first.screenshot({ path: join(ARTIFACTS, 'liste-d-attente-famille.png') });

    // The next page, from the keyboard: the focus goes on to the first entry just shown.
    await page.getByRole('button', { name: 'Afficher les suivants' }).focus();
    await page.keyboard.press('Enter');
    await until(() => cards.count(), 2 * PAGE_SIZE);
    await expect(page.evaluate('document.activeElement.id')).resolves.toBe(
      `demande-${before.items[PAGE_SIZE].applicationId}`,
    );

    // Filters: the atypical schedules only, then those that do not fit; the counts are the API's.
    const atypical = await api({ atypical: 'true' });
    await page.getByText('Seulement les demandes avec des horaires atypiques').click();
    await page.getByRole('heading', { name: `${atypical.total} demandes correspondant aux filtres` }).waitFor();
    await expect(cards.count()).resolves.toBe(Math.min(atypical.total, PAGE_SIZE));
    const notFitting = await api({ atypical: 'true', fitsNow: 'false' });
    await page.getByLabel('Horaires et places').selectOption('false');
    await page
      .getByRole('heading', {
        name: new RegExp(`^(${notFitting.total} demandes?|Aucune demande) correspondant aux filtres$`),
      })
      .waitFor();
    await page.getByLabel('Horaires et places').selectOption('');
    await page.getByText('Seulement les demandes avec des horaires atypiques').click();
    await page.getByRole('heading', { name: `${before.total} demandes en liste d'attente` }).waitFor();

    // The declaration: its proof opened (a download carrying the session's token), then validated.
    await first.getByRole('button', { name: `Voir les déclarations à vérifier (${top.childFirstName})` }).click();
    await first.getByText('Ouvrez le justificatif pour pouvoir valider ou refuser.').waitFor();
    // Resources alone are declared: the children the household declared, which set its rate too, are shown to check.
    const { dependentChildren } = (await t.http().get(`/families/${top.familyId}`).set(manager.auth).expect(200)).body;
    await first.getByText(new RegExp(`^Le foyer déclare ${dependentChildren} enfants? à charge`)).waitFor();
    await expect(
      first.getByRole('button', { name: `Valider la déclaration (${top.childFirstName})` }).count(),
    ).resolves.toBe(0);
    const download = page.waitForEvent('download');
    await first.getByRole('button', { name: `Ouvrir le justificatif (${top.childFirstName})` }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.pdf$/);
    const saved = await file.createReadStream();
    const chunks: Buffer[] = [];
    for await (const c of saved) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).equals(PDF)).toBe(true);
    // The proof opened: the declaration's panel with its decisions passes axe too.
    await checkPage(page, 'liste-d-attente-declaration');
    await first.getByRole('button', { name: `Valider la déclaration (${top.childFirstName})` }).click();
    await first.getByText('1 déclaration de la famille à vérifier').waitFor({ state: 'detached' });
    const reviewed = await t.http().get(`/families/${top.familyId}/declarations`).set(manager.auth).expect(200);
    expect(reviewed.body.find((d: { id: string }) => d.id === declared.body.id)).toMatchObject({
      status: 'VALIDATED',
      reviewedBy: expect.any(String),
    });

    // The criterion's proof uploaded by the family: opened first (the download carries the session's token), then
    // recorded as seen. Its points now count as verified, in the page, in the API's ranking and for the family.
    const label = `${criterionFr(line.criterion)} (${top.childFirstName})`;
    await first
      .getByRole('row', {
        name: `${criterionFr(line.criterion)} ${pointsFr(line.points)} Déposé par la famille, à ouvrir`,
      })
      .waitFor();
    const seen = first.getByRole('button', { name: `Justificatif vu : ${label}` });
    await expect(seen.count()).resolves.toBe(0);
    const proofDownload = page.waitForEvent('download');
    await first.getByRole('button', { name: `Ouvrir le justificatif : ${label}` }).click();
    const proofFile = await proofDownload;
    expect(proofFile.suggestedFilename()).toMatch(/\.png$/);
    const proofChunks: Buffer[] = [];
    for await (const c of await proofFile.createReadStream()) proofChunks.push(c as Buffer);
    expect(Buffer.concat(proofChunks).equals(PNG)).toBe(true);
    await checkPage(page, 'liste-d-attente-justificatif-ouvert');
    await seen.click();
    await seen.waitFor({ state: 'detached' });
    const after = await api({ limit: '200' });
    const again = after.items.find((e) => e.applicationId === top.applicationId)!;
    expect(again.verifiedScore).toBeGreaterThan(top.verifiedScore);
    const region = page.getByRole('region', {
      name: new RegExp(`^${again.rank}\\. ${top.childFirstName}, `),
    });
    await region
      .getByText(new RegExp(`${again.score} points déclarés, (${again.verifiedScore} vérifiés|tous vérifiés)`))
      .waitFor();
    await region.screenshot({ path: join(ARTIFACTS, 'liste-d-attente-verifiee.png') });
    // A criterion with no proof uploaded keeps its button (the manager may have seen a paper proof).
    const others = again.breakdown.filter((l) => !l.verified && claimOf(l.criterion) !== null);
    for (const l of others)
      await region
        .getByRole('button', { name: `Justificatif vu : ${criterionFr(l.criterion)} (${top.childFirstName})` })
        .waitFor();
    // The family reads it as seen by the crèche.
    await family.page.reload();
    await criterionItem.getByText('Vu par la crèche', { exact: true }).waitFor();

    // A second declaration, withdrawn by the household while the manager has its proof open: validating it says so,
    // and the list is read again (the declaration leaves it).
    const secondDeclared = await t
      .http()
      .post(`/families/${top.familyId}/declarations`)
      .set(parent.auth)
      .field('monthlyResources', '1900.00')
      .field('documentType', 'TAX_NOTICE_N2')
      .attach('document', PDF, { filename: 'avis-imposition.pdf', contentType: 'application/pdf' })
      .expect(201);
    await page.reload();
    await region.getByText('1 déclaration de la famille à vérifier').waitFor();
    await region.getByRole('button', { name: `Voir les déclarations à vérifier (${top.childFirstName})` }).click();
    const secondProof = page.waitForEvent('download');
    await region.getByRole('button', { name: `Ouvrir le justificatif (${top.childFirstName})` }).click();
    await secondProof;
    await t
      .http()
      .delete(`/families/${top.familyId}/declarations/${secondDeclared.body.id}`)
      .set(parent.auth)
      .expect(204);
    await region.getByRole('button', { name: `Valider la déclaration (${top.childFirstName})` }).click();
    await page
      .getByText(
        `Déclaration de la famille de ${top.childFirstName} retirée par la famille entre-temps : la liste est à jour.`,
      )
      .waitFor();
    await region.getByText('1 déclaration de la famille à vérifier').waitFor({ state: 'detached' });
    // Chromium logs the refused validation's answer; the app logs nothing.
    expect(errors).toEqual(['Failed to load resource: the server responded with a status of 404 (Not Found)']);
    expect(family.errors).toEqual([]);
  }, 150_000);
});
