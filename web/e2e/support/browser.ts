import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Clock } from '../../../src/common/time/clock';
import { seedDemo, type DemoLogins } from '../../../src/demo/demo-seed';
import { startTestApp, type TestApp } from '../../../test/support/test-app';

const ROOT = resolve(__dirname, '../../..');
const BIN = join(ROOT, 'node_modules/.bin');

/** Where screenshots go (kept as test artifacts, ignored by git). */
export const ARTIFACTS = join(ROOT, 'test-artifacts');

/**
 * Builds the web app from its current source into a fresh folder (about two seconds), so the browser tests check what
 * the code says now, whatever `web/dist` holds, and never touch it.
 */
export function buildWebApp(): string {
  const outDir = mkdtempSync(join(tmpdir(), 'berceau-web-'));
  // A production build, as `npm run build` makes: jest sets NODE_ENV=test, which Vite would carry into the bundle
  // (React's development build, a third heavier and slower than what families get).
  const env = { ...process.env, NODE_ENV: 'production' };
  const run = (cmd: string, args: string[]) => execFileSync(join(BIN, cmd), args, { cwd: ROOT, stdio: 'pipe', env });
  run('copy-dsfr-to-public', ['--projectDir', 'web']);
  run('only-include-used-icons', ['--projectDir', 'web', '--silent']);
  run('vite', ['build', '--config', 'web/vite.config.mts', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error']);
  return outDir;
}

/**
 * The real server (API under /api, the built app at /) listening on a free port, on the run's database and Redis; on
 * the given clock if any (today's otherwise).
 */
export async function startWebServer(
  distDir: string,
  opts: { env?: Record<string, string>; runWorkers?: boolean; clock?: Clock } = {},
): Promise<{ t: TestApp; url: string }> {
  const t = await startTestApp({
    runWorkers: opts.runWorkers,
    clock: opts.clock,
    env: { ...opts.env, WEB_DIST_DIR: distDir },
  });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  return { t, url: (await t.app.getUrl()).replace('[::1]', '127.0.0.1') };
}

/** Debian's Chromium (`.ci/run` installs it); Playwright never downloads a browser here. */
export function chromiumPath(): string {
  const found = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
    (p): p is string => !!p && existsSync(p),
  );
  if (!found) throw new Error('Chromium not found: apt-get install -y chromium (or set CHROMIUM_PATH)');
  return found;
}

export function launchChromium(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    // Without the background-networking flags Chromium keeps calling home on a machine with no network.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Console errors and uncaught exceptions of a page, collected from its creation. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** axe-core's serious and critical violations of the page as it is now (rule id and the elements concerned). */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** The field whose label starts with `label` (the DSFR puts the hint text inside the label). */
export const fieldByLabel = (page: Page, label: string) => page.getByLabel(new RegExp(`^${label}`));

/**
 * A new browser context (French, `width` px wide) signed in through the sign-in page from the keyboard, on `next` if
 * given (else where the account lands). Returns the page and the console errors it collects.
 */
export async function signInAs(
  browser: Browser,
  url: string,
  email: string,
  password: string,
  opts: { next?: string; width?: number; height?: number } = {},
): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({
    locale: 'fr-FR',
    viewport: { width: opts.width ?? 768, height: opts.height ?? 1024 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors = collectErrors(page);
  await page.goto(`${url}/connexion${opts.next ? `?next=${encodeURIComponent(opts.next)}` : ''}`);
  await fieldByLabel(page, 'Adresse e-mail').focus();
  await page.keyboard.type(email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => !u.pathname.startsWith('/connexion'));
  return { page, errors };
}

/**
 * Waits until `expression` (JavaScript, as a string: the e2e files compile without the DOM's types) is true in the
 * page, asking from the test's side. Playwright's `waitForFunction` evaluates it again in the page on each frame with
 * `eval`, which the app's Content Security Policy refuses (no 'unsafe-eval'): it failed whenever the condition was not
 * already true at the first look (under load).
 */
export async function untilInPage(page: Page, expression: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > deadline) throw new Error(`not true in the page within ${timeoutMs} ms: ${expression}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A page's standing checks: a full-page screenshot under test-artifacts, no serious axe violation, no sideways scroll. */
export async function checkPage(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  expect(await seriousA11yViolations(page)).toEqual([]);
  const overflow = (await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
  expect(overflow).toBeLessThanOrEqual(0);
}

/** Loads the demo territory into the run's database (once per run: later calls find it) and returns its logins. */
export async function seedDemoLogins(t: TestApp): Promise<DemoLogins> {
  return seedDemo(t.app);
}
