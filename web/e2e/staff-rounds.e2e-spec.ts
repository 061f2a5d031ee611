import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/demo-seed';
import { ownDatabaseUrl } from '../../test/support/own-database';
import { login, type TestApp } from '../../test/support/test-app';
import {
  asUnplacedReason,
  civilDateFr,
  offerAnswerFr,
  ofNameFr,
  unplacedReasonFr,
  whoFr,
} from '../src/pages/staff/rounds/round-words';
import {
  ARTIFACTS,
  buildWebApp,
  checkPage,
  launchChromium,
  seedDemoLogins,
  signInAs,
  startWebServer,
  untilInPage,
} from './support/browser';
import { atPlaceFr } from '../../src/common/text/french-places';
import { provisionalFeeOf } from '../../src/modules/fees/domain/provisional-fee';
import { euros } from '../src/pages/public/quote-steps';
import { todayInFrance } from '../src/pages/staff/today';

const MICRO = 'Micro-crèche Les Lucioles (zone industrielle)';
/** A minimal PDF, as file-type recognises it: a family's proof. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
/** "YYYY-MM-DD" `days` after `iso`. */
const addDays = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

interface Applicant {
  applicationId: string;
  childFirstName: string | null;
  parents: string[];
}

/**
 * Issue #19, Attribution and Contrats in Chromium at 768 px, on the demo: the micro-crèche's manager computes a draft
 * round, reads a placement and why a family got no place, leaves a proposal out with a reason from the list, replays
 * the round and confirms it; the offers follow with their deadlines in Paris time. A parent accepts (through the
 * API); the manager reads the answer, opens the contract it created, with its fee explained step by step, and ends
 * it after a confirmation dialog. Every page passes axe and does not scroll sideways; the browser logs no error.
 */
describe('Web app: Attribution and Contrats, the manager runs a round (Chromium)', () => {
  let distDir: string;
  let t: TestApp;
  let url: string;
  let browser: Browser;

  beforeAll(async () => {
    distDir = buildWebApp();
    // A fresh demo of its own: it places the demo's waiting applications, which other files' runs in other years may have
    // asked to confirm their interest or lapsed on the run's shared database.
    ({ t, url } = await startWebServer(distDir, { env: { DATABASE_URL: await ownDatabaseUrl('staff_rounds') } }));
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    if (distDir) rmSync(distDir, { recursive: true, force: true });
  });

  it('runs a round from draft to confirm, then follows the accepted offer to its contract and ends it', async () => {
    const logins = await seedDemoLogins(t);
    const manager = await login(t, logins.managers[0], DEMO_PASSWORD);
    const { page, errors } = await signInAs(browser, url, logins.managers[0], DEMO_PASSWORD, {
      next: '/creche/attribution',
    });
    await page.getByRole('heading', { name: 'Attribution des places', level: 1 }).waitFor();
    await page.getByText(`Crèche : ${MICRO}`).waitFor();
    await page.getByText('Aucune attribution n’a encore été calculée pour cette crèche.').waitFor();
    await checkPage(page, 'attribution-liste');

    // A draft for entries from 4 January 2027: a double click computes one.
    await page.getByLabel(/^Date d’entrée des enfants/).fill('2027-01-04');
    await page.getByRole('button', { name: 'Calculer l’attribution' }).dblclick();
    await page.waitForURL(/\/creche\/attribution\/[0-9a-f-]{36}$/);
    const roundId = page.url().split('/').pop()!;
    const [{ n: drafts }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM allocation_rounds WHERE status = 'DRAFT' AND start_date = '2027-01-04'`,
    );
    expect(drafts).toBe(1);
    await page.getByRole('heading', { name: 'Attribution : entrée le 04/01/2027', level: 1 }).waitFor();
    await page.getByText('Brouillon', { exact: true }).waitFor();

    // What the page says is what the API computed, in French.
    const round = (await t.http().get(`/allocation-rounds/${roundId}`).set(manager.auth).expect(200)).body;
    const applicants = new Map(
      (
        (await t.http().get(`/allocation-rounds/${roundId}/applicants`).set(manager.auth).expect(200))
          .body as Applicant[]
      ).map((a) => [a.applicationId, a]),
    );
    expect(round.placements.length).toBeGreaterThanOrEqual(2);
    const [first, second] = round.placements as { applicationId: string; score: number }[];
    const who = (applicationId: string) => applicants.get(applicationId)!;
    await page.getByRole('heading', { name: `Places proposées (${round.placements.length})` }).waitFor();
    await page.getByRole('heading', { name: whoFr(who(first.applicationId)), level: 3 }).waitFor();
    const placed = new Set(round.placements.map((p: { applicationId: string }) => p.applicationId));
    const left = (round.unplaced as { applicationId: string; reasons: Record<string, unknown>[] }[]).filter(
      (u) => !placed.has(u.applicationId),
    );
    expect(left.length).toBeGreaterThan(0);
    await page.getByRole('heading', { name: `Familles sans place (${left.length})` }).waitFor();
    const reason = asUnplacedReason(left[0].reasons[0]);
    const leftItem = page.getByRole('listitem').filter({
      has: page.getByRole('heading', { name: whoFr(who(left[0].applicationId)), level: 3 }),
    });
    await leftItem
      .getByText(`${MICRO} : ${unplacedReasonFr(reason)}`)
      .first()
      .waitFor();

    // The second proposal is left out, with a reason from the list (a duplicate application).
    const secondFamily = whoFr(who(second.applicationId));
    await page.getByRole('button', { name: `Écarter la proposition pour ${secondFamily}` }).click();
    const form = page.getByRole('form', { name: `Écarter la proposition pour ${secondFamily}` });
    await form.getByRole('button', { name: 'Écarter', exact: true }).click();
    await form.getByText('Choisissez un motif.').waitFor();
    await form.getByLabel(/^Motif/).selectOption('DUPLICATE_APPLICATION');
    await form.getByLabel(/^Note/).fill('Deux demandes pour le même enfant');
    await form.getByRole('button', { name: 'Écarter', exact: true }).click();
    await page.getByText('Motif : Demande en double (Deux demandes pour le même enfant)').waitFor();
    await page.getByRole('button', { name: `Rétablir la proposition pour ${secondFamily}` }).waitFor();
    await page
      .getByRole('heading', { name: `Places proposées (${round.placements.length}, dont 1 écartée)` })
      .waitFor();
    // Kept with the round, not in this tab: the same manager on another device reads the draft as it is.
    const excluded = [
      {
        applicationId: second.applicationId,
        reason: 'DUPLICATE_APPLICATION',
        comment: 'Deux demandes pour le même enfant',
      },
    ];
    const draft = (await t.http().get(`/allocation-rounds/${roundId}`).set(manager.auth).expect(200)).body;
    expect(draft).toMatchObject({ status: 'DRAFT', exclusions: excluded });
    const tablet = await signInAs(browser, url, logins.managers[0], DEMO_PASSWORD, {
      next: `/creche/attribution/${roundId}`,
    });
    await tablet.page.getByText('Motif : Demande en double (Deux demandes pour le même enfant)').waitFor();
    await tablet.page
      .getByText(`${round.placements.length - 1} offre`, { exact: false })
      .first()
      .waitFor();
    expect(tablet.errors).toEqual([]);
    await tablet.page.context().close();

    // Replayed on its stored snapshot, the round gives the same result.
    await page.getByRole('button', { name: 'Rejouer le calcul' }).click();
    await page.getByText('Rejoué sur les données enregistrées, le calcul donne exactement le même résultat.').waitFor();
    await checkPage(page, 'attribution');
    // The screen a manager sees first (the README's picture, docs/screenshots/attribution.png, is a copy of it).
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: join(ARTIFACTS, 'attribution-ecran.png') });

    // Asked once more (the offers and their e-mails go at once): going back sends nothing and gives the focus back.
    await page.getByRole('button', { name: 'Confirmer et envoyer les offres' }).click();
    await page
      .getByText(/^Envoyer maintenant (les \d+ offres|l’offre) \? Chaque famille concernée reçoit un e-mail/)
      .waitFor();
    await page.getByRole('button', { name: 'Revoir l’attribution' }).click();
    await untilInPage(page, "document.activeElement?.textContent === 'Confirmer et envoyer les offres'");
    expect((await t.http().get(`/allocation-rounds/${roundId}`).set(manager.auth).expect(200)).body).toMatchObject({
      status: 'DRAFT',
    });
    // Confirmed: the offers follow, with their deadlines in Paris time.
    await page.getByRole('button', { name: 'Confirmer et envoyer les offres' }).click();
    await page.getByRole('button', { name: /^Envoyer (les \d+ offres|l’offre)$/ }).click();
    await page.getByRole('heading', { name: 'Offres de cette attribution' }).waitFor();
    await page.getByText(/^Confirmée le /).waitFor();
    const confirmed = (await t.http().get(`/allocation-rounds/${roundId}`).set(manager.auth).expect(200)).body;
    expect(confirmed).toMatchObject({ status: 'CONFIRMED', exclusions: excluded });
    const offers = (await t.http().get(`/creches/${round.crecheIds[0]}/offers`).set(manager.auth).expect(200)).body as {
      id: string;
      roundId: string;
      applicationId: string;
      familyId: string;
      status: 'OPEN';
      deadline: string;
      answeredAt: null;
    }[];
    const made = offers.filter((o) => o.roundId === roundId);
    expect(made.map((o) => o.applicationId)).not.toContain(second.applicationId);
    const offer = made.find((o) => o.applicationId === first.applicationId)!;
    expect(offer.status).toBe('OPEN');
    await page
      .getByText(`${made.length} offre${made.length > 1 ? 's' : ''}, dont ${made.length} en attente de réponse.`)
      .waitFor();
    await page.getByText(offerAnswerFr(offer)).first().waitFor();
    expect(offerAnswerFr(offer)).toMatch(
      /^Réponse attendue avant le \p{L}+ \d+ \p{L}+ 20\d\d à \d\d:\d\d \(heure de Paris\)$/u,
    );
    await checkPage(page, 'attribution-offres');

    // A family the round left without a place reads why on its application, not only its rank.
    const [leftParent] = await t.dataSource.query(
      `SELECT u.email FROM applications a JOIN family_members fm ON fm.family_id = a.family_id
         JOIN users u ON u.id = fm.user_id WHERE a.id = $1 ORDER BY u.email LIMIT 1`,
      [left[0].applicationId],
    );
    const leftFamily = await signInAs(browser, url, leftParent.email, DEMO_PASSWORD, {
      next: `/demandes/${left[0].applicationId}`,
      width: 360,
      height: 780,
    });
    await leftFamily.page
      .getByTestId('last-round')
      .getByText(
        /^Lors de l’attribution des places du \d+ \p{L}+ 20\d\d, aucune place ne vous a été proposée dans cette crèche : /u,
      )
      .first()
      .waitFor();
    await checkPage(leftFamily.page, 'demande-apres-attribution');
    expect(leftFamily.errors).toEqual([]);
    await leftFamily.page.context().close();

    // A parent of the first family accepts (through the API): the API creates the contract.
    const [parent] = await t.dataSource.query(
      `SELECT u.email FROM family_members fm JOIN users u ON u.id = fm.user_id WHERE fm.family_id = $1 ORDER BY u.email LIMIT 1`,
      [offer.familyId],
    );
    const parentAuth = await login(t, parent.email, DEMO_PASSWORD);
    const accepted = (await t.http().post(`/offers/${offer.id}/accept`).set(parentAuth.auth).send({}).expect(200)).body;
    const firstChild = who(first.applicationId).childFirstName!;

    // The manager reads the answer and follows it to the contract.
    await page.reload();
    const offerItem = page.getByRole('listitem', { name: `Offre pour ${whoFr(who(first.applicationId))}` });
    await offerItem.getByText(/^Acceptée le /).waitFor();
    await offerItem.getByRole('link', { name: `voir le contrat ${ofNameFr(firstChild)}` }).click();
    await page.waitForURL(`${url}/creche/contrats/${accepted.contractId}`);
    await page.getByRole('heading', { name: `Contrat ${ofNameFr(firstChild)}`, level: 1 }).waitFor();
    await page.getByText(/^Contrat créé automatiquement à l’acceptation de l’offre par la famille/).waitFor();
    // Who the family is, as on the waitlist: the household's parents.
    const parentsOf = new Intl.ListFormat('fr', { type: 'conjunction' }).format(who(first.applicationId).parents);
    await page
      .getByRole('definition')
      .filter({ hasText: new RegExp(`^${parentsOf}$`) })
      .waitFor();
    const contract = (await t.http().get(`/contracts/${accepted.contractId}`).set(manager.auth).expect(200)).body;
    await page
      .getByTestId('contract-monthly-fee')
      .getByText(`${contract.fee.monthlyFee.replace('.', ',')} €`)
      .waitFor();
    await page.getByText('Le barème :').waitFor();
    await page.getByText('La participation mensuelle :').waitFor();
    await checkPage(page, 'contrat');

    // The family, now under contract, declares new resources with a proof: the manager checks it on Contrats.
    const escaped = firstChild.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const pending = (
      await t.http().get(`/families/${offer.familyId}/declarations`).set(manager.auth).expect(200)
    ).body.find((d: { status: string }) => d.status === 'PENDING');
    if (!pending)
      await t
        .http()
        .post(`/families/${offer.familyId}/declarations`)
        .set(parentAuth.auth)
        .field('monthlyResources', '2100.00')
        .field('documentType', 'TAX_NOTICE_N2')
        .attach('document', PDF, { filename: 'avis.pdf', contentType: 'application/pdf' })
        .expect(201);
    await page.goto(`${url}/creche/contrats`);
    const declarations = page.getByRole('region', { name: 'Déclarations à vérifier' });
    const family = declarations
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: new RegExp(`^Famille .*${escaped}`) }) });
    await family.getByText(/^Déclaration déposée le /).waitFor();
    await family.getByRole('button', { name: new RegExp(`^Voir les déclarations à vérifier \\(.*${escaped}`) }).click();
    const download = page.waitForEvent('download');
    await family.getByRole('button', { name: new RegExp(`^Ouvrir le justificatif \\(.*${escaped}`) }).click();
    await download;
    await checkPage(page, 'contrats-declaration');
    await family.getByRole('button', { name: new RegExp(`^Valider la déclaration \\(.*${escaped}`) }).click();
    await declarations
      .getByText(new RegExp(`^Déclaration de la famille de .*${escaped}.* validée\\.$`))
      .first()
      .waitFor();
    await family.waitFor({ state: 'detached' });
    const reviewed = (await t.http().get(`/families/${offer.familyId}/declarations`).set(manager.auth).expect(200))
      .body;
    expect(reviewed.filter((d: { status: string }) => d.status === 'PENDING')).toEqual([]);
    await page.goto(`${url}/creche/contrats/${accepted.contractId}`);
    await page.getByRole('heading', { name: `Contrat ${ofNameFr(firstChild)}`, level: 1 }).waitFor();

    // Ended a month after it starts, once the dialog is confirmed.
    const end = addDays(contract.startDate, 30);
    await page.getByLabel(/^Dernier jour d’accueil/).fill(end);
    await page.getByRole('button', { name: 'Mettre fin au contrat…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Mettre fin au contrat ?' });
    await dialog.getByText(`prendra fin le ${civilDateFr(end)}`).waitFor();
    await checkPage(page, 'contrat-fin-dialogue');
    await dialog.getByRole('button', { name: 'Mettre fin au contrat', exact: true }).click();
    await page.getByText(`Le contrat ${ofNameFr(firstChild)} prend fin le ${civilDateFr(end)}.`).waitFor();
    await page.getByTestId('contract-end').getByText(civilDateFr(end)).waitFor();
    expect((await t.http().get(`/contracts/${accepted.contractId}`).set(manager.auth).expect(200)).body.endDate).toBe(
      end,
    );

    // The crèche's contracts list it with its new end.
    await page.goto(`${url}/creche/contrats`);
    const row = page
      .getByRole('row')
      .filter({ has: page.locator(`a[href="/creche/contrats/${accepted.contractId}"]`) });
    await row.getByText(civilDateFr(end)).waitFor();
    await row.getByRole('cell', { name: parentsOf, exact: true }).waitFor();
    // Each running contract's fee in force, and those billed on figures nobody checked yet are counted and marked.
    type Listed = { id: string; endDate: string; fee?: { monthlyFee: string; trace: unknown[] } | null };
    const listed = (await t.http().get(`/creches/${round.crecheIds[0]}/contracts`).set(manager.auth).expect(200))
      .body as Listed[];
    const mine = listed.find((c) => c.id === accepted.contractId)!;
    await row.getByText(`${euros(mine.fee!.monthlyFee)} par mois`).waitFor();
    const today = todayInFrance();
    const unchecked = listed.filter((c) => c.endDate >= today && provisionalFeeOf(c.fee?.trace));
    const warned = page.getByText(/^\d+ contrats? facturés? sur des chiffres non vérifiés$/);
    if (unchecked.length) await warned.filter({ hasText: new RegExp(`^${unchecked.length} `) }).waitFor();
    else await expect(warned.count()).resolves.toBe(0);
    await expect(row.getByText(/^Provisoire : /).count()).resolves.toBe(
      mine.endDate >= today && provisionalFeeOf(mine.fee?.trace) ? 1 : 0,
    );
    await checkPage(page, 'contrats');

    // The family's answer also reached the manager as a message (the e-mail to the crèche's managers).
    await page.goto(`${url}/creche/attribution`);
    await page.getByRole('link', { name: 'vos messages' }).click();
    await page
      .getByText(`Offre acceptée : ${firstChild} ${atPlaceFr(MICRO)}`)
      .first()
      .waitFor();
    await expectNoErrors(page, errors);
  }, 240_000);
});

async function expectNoErrors(page: Page, errors: string[]): Promise<void> {
  await page.waitForLoadState('networkidle');
  expect(errors).toEqual([]);
}
