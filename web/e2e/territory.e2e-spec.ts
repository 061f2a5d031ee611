import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { DEMO_PASSWORD, type DemoLogins } from '../../src/demo/demo-seed';
import { ownDatabaseUrl } from '../../test/support/own-database';
import { login, type TestApp } from '../../test/support/test-app';
import { waitFor } from '../../test/support/wait';
import type { components } from '../src/api/schema';
import {
  ARTIFACTS,
  buildWebApp,
  checkPage,
  launchChromium,
  seedDemoLogins,
  signInAs,
  startWebServer,
} from './support/browser';

type Dashboard = components['schemas']['TerritoryDashboardDto'];
type Cell = components['schemas']['DashboardCellDto'];
type Figure = components['schemas']['SecretFigureDto'];

/** A cell's text as a number ("1 234,5 h" → 1234.5), or the secrecy marker it shows ("< 5", "secret"). */
function read(text: string): number | string {
  const bare = text.replace(/[\s\u202f\u00a0]/g, '').replace(/(h|%|j)$/, '');
  return /^-?\d+(,\d+)?$/.test(bare) ? Number(bare.replace(',', '.')) : text.trim();
}
/** What the API says a count is: its number, "< 5" under the threshold, "secret" hidden for the total's sake. */
const count = (f: Figure) => (f.secret ? (f.reason === 'UNDER_THRESHOLD' ? '< 5' : 'secret') : f.value);
/** What the API says a figure computed from a count is. */
const figure = (f: Figure) => (f.secret ? 'secret' : f.value);
/** The figures of one line of the page's tables, from the API's cell: the columns after the period. */
const expected = (c: Cell) => [
  count(c.activeApplications),
  figure(c.hoursRequested),
  c.placeHoursOffered,
  figure(c.shareServedPercent),
  figure(c.medianWaitDays),
  figure(c.p80WaitDays),
];

/** Every body row of a table: its cells' texts, the row header first. */
const rowsOf = async (table: Locator): Promise<string[][]> =>
  table
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => (c as unknown as { innerText: string }).innerText)),
    );

/** What the test reads of a canvas (the Node side has no DOM types). */
interface CanvasLike {
  readonly width: number;
  readonly height: number;
  getContext(
    kind: '2d',
  ): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null;
}
/**
 * How many pixels of a canvas are painted in the given colour: the first series' bars are in the DSFR chart palette's
 * first colour (#5C68E5); its legend's dot alone is a few dozen pixels.
 */
const pixelsOf = (canvas: Locator, [r, g, b]: readonly [number, number, number]) =>
  canvas.evaluate(
    (c: CanvasLike, rgb) => {
      const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
      let n = 0;
      for (let i = 0; i < data.length; i += 4)
        if (data[i] === rgb[0] && data[i + 1] === rgb[1] && data[i + 2] === rgb[2] && data[i + 3] === 255) n += 1;
      return n;
    },
    [r, g, b] as const,
  );

/**
 * Issue #19, the territory coordinators' dashboard in Chromium on the demo: the CTG's coordinator lands on it after
 * signing in and reads, cell by cell, the figures the API gives (secrecy included), two charts drawn with Chart.js
 * (loaded only then) and the CSV; an admin reads it too, a crèche manager reads that it is not for them.
 */
describe('Web app: the territory dashboard (Chromium)', () => {
  let distDir: string;
  let t: TestApp;
  let url: string;
  let browser: Browser;
  let logins: DemoLogins;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    distDir = buildWebApp();
    // A fresh demo of its own: it counts the demo's waiting applications, which other files' runs in other years may have
    // asked to confirm their interest or lapsed on the run's shared database.
    ({ t, url } = await startWebServer(distDir, { env: { DATABASE_URL: await ownDatabaseUrl('territory') } }));
    [browser, logins] = await Promise.all([launchChromium(), seedDemoLogins(t)]);
  }, 180_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await t?.close();
    if (distDir) rmSync(distDir, { recursive: true, force: true });
  });

  const signIn = async (email: string, next?: string) => {
    const signed = await signInAs(browser, url, email, DEMO_PASSWORD, { next });
    contexts.push(signed.page.context());
    return signed;
  };
  const tableByCaption = (page: Page, caption: string) => page.locator('table', { has: page.getByText(caption) });

  it('shows the coordinator the API’s figures, cell by cell, two charts and the CSV', async () => {
    // The API's dashboard, read with the coordinator's own token.
    const { auth } = await login(t, logins.coordinator, DEMO_PASSWORD);
    const territories = (await t.http().get('/me/territories').set(auth).expect(200)).body as { id: string }[];
    expect(territories).toHaveLength(1);
    const api = (await t.http().get(`/territories/${territories[0].id}/dashboard`).set(auth).expect(200))
      .body as Dashboard;
    // The demo has atypical demand: the figures are not all secret, and some of them are.
    const everyCell = [...api.communes, api.territory].flatMap((r) => r.cells);
    expect(everyCell.some((c) => !c.activeApplications.secret && c.activeApplications.value! >= 5)).toBe(true);
    expect(everyCell.some((c) => c.activeApplications.secret)).toBe(true);

    const scripts: string[] = [];
    const { page, errors } = await signIn(logins.coordinator);
    page.on('request', (r) => r.resourceType() === 'script' && scripts.push(new URL(r.url()).pathname));
    await page.waitForURL(`${url}/territoire`);
    await page.getByRole('heading', { name: 'Tableau de bord du territoire', level: 1 }).waitFor();
    await page.locator('header a[href="/territoire"]').first().waitFor({ state: 'attached' });

    // The territory's lines: one per slot, in the API's order, every figure as the API gives it.
    const totals = tableByCaption(page, 'Territoire : demande et offre par créneau atypique');
    await totals.waitFor();
    const totalRows = await rowsOf(totals);
    expect(totalRows).toHaveLength(api.slots.length);
    api.territory.cells.forEach((c, i) => {
      const [, period, ...figures] = totalRows[i];
      expect(period).toBe(c.period === 'WEEK' ? 'par semaine' : 'sur 12 mois');
      expect(figures.map(read)).toEqual(expected(c));
    });
    expect(totalRows.map((r) => r[0])).toEqual(
      api.slots.map(({ slot }) =>
        slot === 'EARLY'
          ? `avant ${api.atypicalBefore}`
          : slot === 'LATE'
            ? `après ${api.atypicalAfter}`
            : { SATURDAY: 'samedi', SUNDAY: 'dimanche', PUBLIC_HOLIDAY: 'jours fériés' }[slot],
      ),
    );

    // Every commune's lines likewise (households outside the territory included), "< 5" where the API hides a count.
    const byCommune = await rowsOf(tableByCaption(page, 'Demande et offre par commune et par créneau atypique'));
    const wanted = api.communes.flatMap((r) => r.cells.map((c) => ({ name: r.name, c })));
    expect(byCommune).toHaveLength(wanted.length);
    wanted.forEach(({ name, c }, i) => {
      const [commune, slotText, , ...figures] = byCommune[i];
      expect(commune).toBe(name);
      expect(slotText).toBe(totalRows[api.slots.findIndex((s) => s.slot === c.slot)][0]);
      expect(figures.map(read)).toEqual(expected(c));
    });
    expect(byCommune.flat()).toContain('< 5');

    // Two charts, drawn, each named for assistive technologies; Chart.js came with them, not with the first page.
    const charts = page.getByRole('img', { name: /Les chiffres figurent dans le tableau qui suit\.$/ });
    // The chart code arrives after the tables (lazy chunk), then Chart.js draws: wait for both, then count.
    await charts.nth(1).waitFor();
    await expect(charts.count()).resolves.toBe(2);
    for (const chart of await charts.all())
      await waitFor(async () => (await pixelsOf(chart, [0x5c, 0x68, 0xe5])) > 500);
    expect(scripts.some((s) => /\/assets\/BarChart-[\w-]+\.js$/.test(s))).toBe(true);
    const home = await t.raw().get('/').expect(200);
    expect(home.text).not.toMatch(/BarChart/);

    // The CSV: the API's file, its name and French spreadsheet format (BOM, ";").
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Télécharger le tableau (CSV)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`tableau-de-bord-territoire-${api.asOf}.csv`);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0].split(';')).toEqual([
      'code_insee',
      'commune',
      'creneau',
      'periode',
      'demandes_actives',
      'heures_demandees_arrondies',
      'heures_places_offertes',
      'part_demande_servie_pct',
      'attente_mediane_jours_arrondie',
      'attente_80e_centile_jours_arrondie',
    ]);
    expect(lines.filter((l) => l !== '')).toHaveLength(1 + wanted.length + api.slots.length);
    // The territory's first slot, as the table shows it (the CSV writes numbers with a decimal comma too).
    const early = api.territory.cells[0];
    const earlyLine = lines.find((l) => l.startsWith(`;Territoire;${totalRows[0][0]};`))?.split(';');
    expect(earlyLine?.slice(4, 7)).toEqual([
      String(count(early.activeApplications)),
      String(figure(early.hoursRequested)).replace('.', ','),
      String(early.placeHoursOffered).replace('.', ','),
    ]);
    await page
      .getByText(`Fichier tableau-de-bord-territoire-${api.asOf}.csv téléchargé.`)
      .waitFor({ state: 'attached' });

    await checkPage(page, 'tableau-de-bord');
    await page.setViewportSize({ width: 360, height: 780 });
    await checkPage(page, 'tableau-de-bord-360');
    // For the README: the page as a desktop shows it.
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: join(ARTIFACTS, 'tableau-de-bord-1280.png'), fullPage: true });
    expect(errors).toEqual([]);
  }, 90_000);

  it('shows it to an admin, and tells a crèche manager it is not for them', async () => {
    const admin = await signIn(logins.admin, '/territoire');
    await admin.page.getByRole('heading', { name: 'Tableau de bord du territoire', level: 1 }).waitFor();
    await tableByCaption(admin.page, 'Territoire : demande et offre par créneau atypique').waitFor();
    await admin.page.getByRole('img', { name: /^Part de la demande/ }).waitFor();
    expect(admin.errors).toEqual([]);

    const manager = await signIn(logins.managers[0], '/territoire');
    await manager.page.getByText("Vous n'avez pas accès à cette page.").waitFor();
    await expect(manager.page.locator('header a[href="/territoire"]').count()).resolves.toBe(0);
    await expect(manager.page.locator('table').count()).resolves.toBe(0);
    await checkPage(manager.page, 'tableau-de-bord-refuse');
    expect(manager.errors).toEqual([]);
  }, 60_000);
});
