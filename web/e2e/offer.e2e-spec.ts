import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { assignManagers, createCreche, createTerritory, fullWeek } from '../../test/support/factories';
import { insertContract } from '../../test/support/demand-factories';
import { createParentWithChild, type TestParent } from '../../test/support/families';
import { SmtpSink } from '../../test/support/smtp-sink';
import { createUser, PASSWORD, type TestApp, type TestUser } from '../../test/support/test-app';
import {
  ARTIFACTS,
  buildWebApp,
  collectErrors,
  launchChromium,
  seriousA11yViolations,
  startWebServer,
  untilInPage,
} from './support/browser';
import { atPlaceFr } from '../../src/common/text/french-places';

/** The field whose label starts with `label` (the DSFR puts the hint text inside the label). */
const field = (page: Page, label: string) => page.getByLabel(new RegExp(`^${label}`));

/** Focuses a button and presses Enter: the keyboard alone. */
async function pressButton(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole('button', { name }).focus();
  await page.keyboard.press('Enter');
}

/**
 * Opens a step of the answer (accept or decline): the page then moves the focus to the step's heading on the next
 * frame, so the test waits for it before focusing anything in the step (under load, a button focused first lost the
 * focus to the heading and its Enter went nowhere).
 */
async function openStep(page: Page, name: string): Promise<void> {
  await pressButton(page, name);
  await untilInPage(page, "document.activeElement?.tagName === 'H3'");
}

const parisDateTime = (iso: string) =>
  new Intl.DateTimeFormat('fr-FR', { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/Paris' })
    .format(new Date(iso))
    .replace(/\b1 /, '1er '); // French writes the first of a month "1er"; Intl writes "1".

describe('Web app: Mon offre and Mes demandes (Chromium)', () => {
  const smtp = new SmtpSink();
  let distDir: string;
  let t: TestApp;
  let url: string;
  let browser: Browser;
  let context: BrowserContext;
  let admin: TestUser;
  let manager: TestUser;
  let territoryId: string;

  beforeAll(async () => {
    await smtp.start();
    distDir = buildWebApp();
    ({ t, url } = await startWebServer(distDir, { runWorkers: true, env: { SMTP_URL: smtp.url } }));
    browser = await launchChromium();
    admin = await createUser(t, 'ADMIN');
    manager = await createUser(t, 'MANAGER');
    territoryId = (await createTerritory(t, admin)).id;
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await smtp.stop();
    if (distDir) rmSync(distDir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    // Far from Paris: the deadline must still be said in Paris time.
    context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'America/Cayenne' });
  });
  afterEach(async () => {
    await context.close();
  });

  /**
   * A family applies to two crèches (the first one managed by our manager), which runs and confirms a round on the
   * first: the family gets an offer there, and its e-mail. Returns the path of the e-mail's link.
   */
  async function offerByEmail(household: Record<string, unknown> = {}, leaveWeeksPerYear = 0) {
    const first = await createCreche(t, admin, territoryId, { kind: 'COLLECTIVE', places: 4, capacityBands: [] });
    const second = await createCreche(t, admin, territoryId, { kind: 'COLLECTIVE', places: 4, capacityBands: [] });
    await assignManagers(t, admin, first.id, manager);
    const parent = await createParentWithChild(t, household, { firstName: 'Lina' });
    const application = await t
      .http()
      .post('/applications')
      .set(parent.auth)
      .send({
        childId: parent.childId,
        desiredStartDate: '2027-09-01',
        schedule: fullWeek('08:30', '17:00'),
        preferences: [first.id, second.id],
        leaveWeeksPerYear,
      })
      .expect(201);
    const round = await t
      .http()
      .post('/allocation-rounds')
      .set(manager.auth)
      .send({ crecheIds: [first.id], startDate: '2027-09-01' })
      .expect(201);
    const confirmed = await t
      .http()
      .post(`/allocation-rounds/${round.body.id}/confirm`)
      .set(manager.auth)
      .send({})
      .expect(200);
    const offer = confirmed.body.offers.find((o: { familyId: string }) => o.familyId === parent.familyId);
    expect(offer).toBeDefined();
    const offerMail = () => smtp.to(parent.email).find((m) => m.subject.startsWith('Une place vous est proposée'));
    await smtp.waitFor(() => offerMail() !== undefined);
    const link = /https?:\/\/[^/\s]+(\/offres\/[0-9a-f-]{36})/.exec(offerMail()!.text);
    expect(link?.[1]).toBe(`/offres/${offer.id}`);
    return { parent, first, second, offer, applicationId: application.body.id as string, path: link![1] };
  }

  /** Opens the e-mail's link signed out: the page asks to sign in, the login page brings the parent back to it. */
  async function openSignedOut(page: Page, path: string, parent: TestParent): Promise<void> {
    await page.goto(`${url}${path}`);
    await page.getByText('Connectez-vous pour accéder à cette page.').waitFor();
    await page.locator('main').getByRole('link', { name: 'Me connecter' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${url}/connexion?next=${encodeURIComponent(path)}`);
    await field(page, 'Adresse e-mail').focus();
    await page.keyboard.type(parent.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${url}${path}`);
  }

  it('opens the offer from its e-mail after signing in, explains the fee and the deadline, and accepts it in plain words', async () => {
    const { parent, first, offer, path } = await offerByEmail({}, 2);
    const page = await context.newPage();
    const errors = collectErrors(page);
    await openSignedOut(page, path, parent);

    await page.getByRole('heading', { level: 1, name: `Une place pour Lina ${atPlaceFr(first.name)}` }).waitFor();
    await expect(page.getByTestId('offer-start').textContent()).resolves.toBe('mercredi 1er septembre 2027');
    await expect(page.getByTestId('offer-deadline').textContent()).resolves.toBe(
      `${parisDateTime(offer.deadline)} (heure de Paris)`,
    );
    await page.getByText('Lundi : de 8 h 30 à 17 h').waitFor();
    // The estimate, step by step, as the simulator says it.
    const fee = `${Number(offer.estimatedMonthlyFee).toLocaleString('fr-FR', { minimumFractionDigits: 2 })} €`;
    await expect(page.getByTestId('monthly-fee').textContent()).resolves.toBe(fee);
    await page.getByText('Le barème', { exact: false }).first().waitFor();
    await page.getByText('Les heures réservées', { exact: false }).waitFor();
    await page.getByText('La participation mensuelle :', { exact: false }).waitFor();
    // Its resources typed and not checked yet, the estimate is what the contract will bill meanwhile (the floor), and
    // says so, with where to estimate the fee on the declared resources.
    await page.getByText('pas encore été vérifiées par la crèche sur justificatif', { exact: false }).first().waitFor();
    await page.getByText('donne une estimation sur vos ressources déclarées', { exact: false }).first().waitFor();
    // And next to the amount, not only in a step of its detail: provisional, why, and the simulator a tap away.
    const note = page.getByText('Montant provisoire : la crèche n’a pas encore vérifié vos ressources', {
      exact: false,
    });
    await note.waitFor();
    const [noteBox, feeBox] = [await note.boundingBox(), await page.getByTestId('monthly-fee').first().boundingBox()];
    expect(noteBox!.y).toBeLessThan(feeBox!.y);
    await page.getByTestId('provisional-fee').getByRole('link', { name: 'Simuler ma participation' }).waitFor();
    // And where to send the proof that ends it.
    await page
      .getByTestId('provisional-fee')
      .getByRole('link', { name: 'Envoyer mes justificatifs' })
      .and(page.locator('[href="/foyer/declarations"]'))
      .waitFor();
    const made = smtp.to(parent.email).find((m) => m.subject.startsWith('Une place vous est proposée'));
    expect(made?.text).toContain('Montant provisoire : la crèche n’a pas encore vérifié vos ressources');
    expect(made?.text).toMatch(/Simulateur de participation : https?:\/\/\S+\/simuler/);
    await page.screenshot({ path: join(ARTIFACTS, 'offre.png'), fullPage: true });
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);

    // The estimate took out the application's 2 weeks of leave; the contract takes out the leave dated now.
    await page.getByText('2 semaines de congés', { exact: false }).first().waitFor();
    await openStep(page, 'Accepter la place');
    await page.getByText(`Confirmez-vous accepter la place ${atPlaceFr(first.name)} ?`).waitFor();
    await expect(page.getByTestId('leave-hint').textContent()).resolves.toContain(
      'Votre demande prévoyait 2 semaines de congés par an',
    );
    await page.getByRole('button', { name: 'Ajouter des congés' }).click();
    await page.getByLabel('Congés 1 : du').fill('2028-04-10');
    // Half typed: said, not dropped (it would be billed).
    await pressButton(page, 'Oui, j’accepte la place');
    await page.getByText('Indiquez le dernier jour.').waitFor();
    expect((await t.dataSource.query(`SELECT status FROM offers WHERE id = $1`, [offer.id]))[0].status).toBe('OPEN');
    // Typed backwards: said on the field, nothing sent.
    await page.getByLabel('Congés 1 : au').fill('2028-04-03');
    await pressButton(page, 'Oui, j’accepte la place');
    await page.getByText('Le dernier jour des congés doit être le premier jour ou après.').waitFor();
    expect((await t.dataSource.query(`SELECT status FROM offers WHERE id = $1`, [offer.id]))[0].status).toBe('OPEN');
    await page.getByLabel('Congés 1 : au').fill('2028-04-21');
    // Two periods overlapping: the API's refusal of the periods together is said above them, in French.
    await page.getByRole('button', { name: 'Ajouter des congés' }).click();
    await page.getByLabel('Congés 2 : du').fill('2028-04-18');
    await page.getByLabel('Congés 2 : au').fill('2028-04-25');
    await pressButton(page, 'Oui, j’accepte la place');
    await page
      .getByTestId('leave-error')
      .getByText('Deux périodes de congés se chevauchent', { exact: false })
      .waitFor();
    expect((await t.dataSource.query(`SELECT status FROM offers WHERE id = $1`, [offer.id]))[0].status).toBe('OPEN');
    await page.getByRole('button', { name: 'Retirer les congés 2' }).click();
    await pressButton(page, 'Oui, j’accepte la place');
    await page.getByText('Vous avez accepté la place', { exact: true }).waitFor();
    await page
      .getByText(
        `Vous avez accepté la place de Lina ${atPlaceFr(first.name)} à partir du mercredi 1er septembre 2027`,
        {
          exact: false,
        },
      )
      .waitFor();
    await page.getByText('Votre contrat d’accueil est créé', { exact: false }).waitFor();
    await expect(page.getByRole('button', { name: 'Accepter la place' }).count()).resolves.toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'offre-acceptee.png'), fullPage: true });
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
    const [row] = await t.dataSource.query(`SELECT status, contract_id FROM offers WHERE id = $1`, [offer.id]);
    expect(row.status).toBe('ACCEPTED');
    expect(row.contract_id).not.toBeNull();
    const contract = (await t.http().get(`/contracts/${row.contract_id}`).set(parent.auth).expect(200)).body;
    expect(contract.leavePeriods).toEqual([{ from: '2028-04-10', to: '2028-04-21' }]);
    // The contract's own fee, explained: the household's typed resources are not checked yet, so it pays the floor
    // meanwhile, as the estimate said, which the page says, with why the month differs from the offer's estimate.
    const section = page.getByTestId('contract-fee');
    await section.getByRole('heading', { name: 'Votre contrat', exact: true }).waitFor();
    // Its fee is the contract's, in force: not titled as an estimate.
    await section.getByRole('heading', { name: 'Participation du contrat, en vigueur' }).waitFor();
    await expect(section.getByRole('heading', { name: 'Votre participation estimée' }).count()).resolves.toBe(0);
    await expect(section.getByText('Estimation donnée à titre indicatif', { exact: false }).count()).resolves.toBe(0);
    await expect(section.getByTestId('monthly-fee').textContent()).resolves.toBe(
      `${Number(contract.fee.monthlyFee).toLocaleString('fr-FR', { minimumFractionDigits: 2 })} €`,
    );
    // The same rate as the estimate; the month differs by the leave dated now (the estimate took out 2 weeks).
    expect(contract.fee.hourlyRate).toBe(offer.estimatedHourlyRate);
    expect(contract.fee.monthlyFee).not.toBe(offer.estimatedMonthlyFee);
    await section
      .getByText('Votre participation diffère de l’estimation de l’offre : le contrat compte les congés datés', {
        exact: false,
      })
      .waitFor();
    await section.getByText('pas encore été vérifiées par la crèche sur justificatif', { exact: false }).waitFor();
    // 10 weekdays, Easter Monday (17 April 2028) already out as a public holiday.
    await section.getByText('9 jours de congés déclarés', { exact: false }).waitFor();
    await smtp.waitFor(() => smtp.to(parent.email).some((m) => m.subject.startsWith('Place confirmée')));
    await section.getByText('Montant provisoire', { exact: false }).waitFor();
    expect(smtp.to(parent.email).find((m) => m.subject.startsWith('Place confirmée'))?.text).toContain(
      'Montant provisoire',
    );

    // Mes demandes lists the offer, answered, with its link.
    await page.getByRole('link', { name: 'Mes demandes' }).first().focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Mes demandes' }).waitFor();
    await page.getByRole('link', { name: `Voir la proposition — Place ${atPlaceFr(first.name)} pour Lina` }).waitFor();
    await page.getByText('Place acceptée').waitFor();
    // The one refusal the test asked for (the overlapping leave), nothing else.
    expect(errors).toEqual(['Failed to load resource: the server responded with a status of 400 (Bad Request)']);

    // Under contract now: Mes données says why the household cannot be erased yet, crèche by crèche.
    await page.goto(`${url}/mes-donnees`);
    await page.getByRole('button', { name: 'Effacer mes données…' }).click();
    await page
      .getByRole('dialog', { name: 'Effacer vos données ?' })
      .getByRole('button', { name: 'Effacer définitivement' })
      .click();
    await page
      .getByText(`Votre foyer ne peut pas encore être effacé : un contrat ${atPlaceFr(first.name)} court jusqu’au`, {
        exact: false,
      })
      .waitFor();
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
    const [stillThere] = await t.dataSource.query(`SELECT erased_at FROM families WHERE id = $1`, [parent.familyId]);
    expect(stillThere.erased_at).toBeNull();
    // Chromium itself logs the refused erasure's answer; the app logs nothing.
    expect(errors).toEqual([
      'Failed to load resource: the server responded with a status of 400 (Bad Request)',
      'Failed to load resource: the server responded with a status of 409 (Conflict)',
    ]);

    // "Dernière famille admise": a family now waiting at that crèche reads the score Lina's family was admitted with.
    expect(offer.score).toBeGreaterThan(0);
    const next = await createParentWithChild(t, {}, { firstName: 'Noé' });
    const waiting = await t
      .http()
      .post('/applications')
      .set(next.auth)
      .send({
        childId: next.childId,
        desiredStartDate: '2027-09-01',
        schedule: fullWeek('08:30', '17:00'),
        preferences: [first.id],
      })
      .expect(201);
    const standing = (await t.http().get(`/applications/${waiting.body.id}`).set(next.auth).expect(200)).body;
    expect(standing.creches).toEqual([expect.objectContaining({ crecheId: first.id, lastAdmittedScore: offer.score })]);
    const nextContext = await browser.newContext({ locale: 'fr-FR' });
    try {
      const nextPage = await nextContext.newPage();
      const nextErrors = collectErrors(nextPage);
      await openSignedOut(nextPage, `/demandes/${waiting.body.id}`, next);
      await nextPage.getByRole('heading', { level: 1, name: 'Demande de place pour Noé' }).waitFor();
      await nextPage
        .getByText(
          `Dernière famille admise dans cette crèche par la liste d’attente : ${offer.score} points (vérifiés).`,
        )
        .waitFor();
      await expect(
        nextPage
          .getByText(
            'Aucune famille n’a encore obtenu de place dans cette crèche par la liste d’attente de Berceau : pas encore de points de dernière famille admise.',
          )
          .count(),
      ).resolves.toBe(0);
      expect(nextErrors).toEqual([]);
    } finally {
      await nextContext.close();
    }
  }, 120_000);

  it('declines with a reason, says the application stays on the waitlists, and shows the rank and the points on Mes demandes (360 px)', async () => {
    const { parent, first, second, offer, applicationId, path } = await offerByEmail({ singleParent: true });
    const page = await context.newPage();
    await page.setViewportSize({ width: 360, height: 800 });
    const errors = collectErrors(page);
    await openSignedOut(page, path, parent);
    await page.getByRole('heading', { level: 1, name: `Une place pour Lina ${atPlaceFr(first.name)}` }).waitFor();

    await openStep(page, 'Refuser la place');
    // No reason chosen: said once, in French.
    await pressButton(page, 'Confirmer le refus');
    await page.getByText('Ce champ est obligatoire.').waitFor();
    await expect(page.getByText('Ce champ est obligatoire.').count()).resolves.toBe(1);
    await page.getByLabel('Nous avons trouvé un autre mode d’accueil').focus();
    await page.keyboard.press('Space');
    await page.screenshot({ path: join(ARTIFACTS, 'offre-refus.png'), fullPage: true });
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
    await pressButton(page, 'Confirmer le refus');
    await page.getByText('Vous avez refusé la place', { exact: true }).waitFor();
    await page.getByText('Votre demande reste active', { exact: false }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'offre-refusee.png'), fullPage: true });
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
    const [row] = await t.dataSource.query(`SELECT status, decline_reason FROM offers WHERE id = $1`, [offer.id]);
    expect(row).toEqual({ status: 'DECLINED', decline_reason: 'Nous avons trouvé un autre mode d’accueil' });
    const [app] = await t.dataSource.query(`SELECT status, refusals FROM applications WHERE id = $1`, [applicationId]);
    expect(app).toEqual({ status: 'SUBMITTED', refusals: 1 });

    // Mes demandes → the application: its rank and points at each crèche, declared and verified apart.
    await page.getByRole('link', { name: 'Voir ma demande, mon rang et mes points' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Demande de place pour Lina' }).waitFor();
    const view = (await t.http().get(`/applications/${applicationId}`).set(parent.auth).expect(200)).body;
    const atFirst = view.creches.find((c: { crecheId: string }) => c.crecheId === first.id);
    await page.getByRole('heading', { name: `1er choix : ${first.name}` }).waitFor();
    await page.getByRole('heading', { name: `2e choix : ${second.name}` }).waitFor();
    await expect(page.getByTestId('rank').first().textContent()).resolves.toBe(
      atFirst.rank === 1 ? '1er' : `${atFirst.rank}e`,
    );
    await page
      .getByText(`Points déclarés : ${atFirst.score} · points vérifiés : ${atFirst.verifiedScore}`)
      .first()
      .waitFor();
    // Declared 300 (territory) + 40 (activity) + 30 (single parent) − 20 (the refusal); unproved claims wait.
    expect(atFirst.score).toBe(350);
    expect(atFirst.verifiedScore).toBe(280);
    await pressButton(page, `Pourquoi ce rang ${atPlaceFr(first.name)} ?`);
    const why = page.getByRole('table').first();
    await why.getByText('Famille monoparentale').waitFor();
    await why.getByText('1 offre refusée ou expirée').waitFor();
    await expect(why.getByText('Déclaré, à vérifier').count()).resolves.toBe(2);
    // Residence and the refusal need no proof: not said « Vérifié » as if the crèche had seen one.
    await expect(why.getByText('Sans justificatif à fournir').count()).resolves.toBe(2);
    await expect(why.getByText('Vérifié', { exact: true }).count()).resolves.toBe(0);
    await expect(why.getByText('−20 points').count()).resolves.toBe(1);
    const waiting = page
      .getByText('+70 points attendent la vérification de vos justificatifs', { exact: false })
      .first();
    await waiting.waitFor();
    // Where to send them, a tap away.
    await waiting
      .getByRole('link', { name: 'Envoyer mes justificatifs' })
      .and(page.locator('[href="/foyer/declarations"]'))
      .waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'ma-demande.png'), fullPage: true });
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);

    // Keep-alive: confirm interest, then withdraw behind a confirmation.
    await pressButton(page, 'Je souhaite toujours une place');
    await page.getByText('C’est noté : votre demande reste active', { exact: false }).waitFor();
    await pressButton(page, 'Retirer ma demande');
    await page.getByText('Voulez-vous vraiment retirer cette demande ?').waitFor();
    await pressButton(page, 'Non, la garder');
    await expect(t.dataSource.query(`SELECT status FROM applications WHERE id = $1`, [applicationId])).resolves.toEqual(
      [{ status: 'SUBMITTED' }],
    );
    await pressButton(page, 'Retirer ma demande');
    await pressButton(page, 'Oui, retirer ma demande');
    await page.getByText('Cette demande est retirée', { exact: false }).waitFor();
    await expect(t.dataSource.query(`SELECT status FROM applications WHERE id = $1`, [applicationId])).resolves.toEqual(
      [{ status: 'WITHDRAWN' }],
    );

    await page.getByRole('link', { name: 'Mes demandes' }).first().focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Mes demandes' }).waitFor();
    await page.getByText('Retirée', { exact: true }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'mes-demandes.png'), fullPage: true });
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
    expect(errors).toEqual([]);
  }, 90_000);

  it('shows on Mes demandes the estimated wait for an offer at each crèche, and its basis in plain French', async () => {
    // At the first crèche a child with the same hours (born 1 March 2025) leaves when its contract ends on
    // 31 August 2027: Lina's application, alone on the list, may expect an offer around September 2027. At the second
    // nothing frees up and nobody was admitted: no estimate, said so.
    const first = await createCreche(t, admin, territoryId, { kind: 'COLLECTIVE', places: 4, capacityBands: [] });
    const second = await createCreche(t, admin, territoryId, { kind: 'COLLECTIVE', places: 4, capacityBands: [] });
    const schedule = fullWeek('08:30', '17:00');
    await insertContract(t, {
      crecheId: first.id,
      birthDate: '2025-03-01',
      startDate: '2025-09-01',
      endDate: '2027-08-31',
      schedule,
    });
    const parent = await createParentWithChild(t, {}, { firstName: 'Lina' });
    const application = await t
      .http()
      .post('/applications')
      .set(parent.auth)
      .send({ childId: parent.childId, desiredStartDate: '2027-09-01', schedule, preferences: [first.id, second.id] })
      .expect(201);
    const view = (await t.http().get(`/applications/${application.body.id}`).set(parent.auth).expect(200)).body;
    const at = (id: string) => view.creches.find((c: { crecheId: string }) => c.crecheId === id);
    expect(at(first.id).estimate.text).toMatch(/^≈ septembre 2027, entre /);
    expect(at(first.id).estimate.basisText).toContain('1 place de ces horaires se libère dans les 36 prochains mois');
    expect(at(second.id).estimate).toBeNull();

    const page = await context.newPage();
    const errors = collectErrors(page);
    await openSignedOut(page, `/demandes/${application.body.id}`, parent);
    await page.getByRole('heading', { level: 1, name: 'Demande de place pour Lina' }).waitFor();
    const estimateAt = (position: string, name: string) =>
      page.getByRole('article', { name: `${position} choix : ${name}` }).getByTestId('wait-estimate');
    const atFirst = estimateAt('1er', first.name);
    await atFirst.getByText(`Offre estimée dans cette crèche : ${at(first.id).estimate.text}`).waitFor();
    await atFirst.getByText(at(first.id).estimate.basisText, { exact: true }).waitFor();
    await estimateAt('2e', second.name)
      .getByText('Offre estimée dans cette crèche : pas d’estimation possible pour l’instant')
      .waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'ma-demande-delai-estime.png'), fullPage: true });
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
    expect(errors).toEqual([]);
  }, 90_000);

  it('leads from the application to its offer, says why the crèche withdrew it, and asks to confirm interest by a date', async () => {
    const { parent, first, offer, applicationId } = await offerByEmail();
    const page = await context.newPage();
    const errors = collectErrors(page);
    await openSignedOut(page, `/demandes/${applicationId}`, parent);
    await page.getByText('Une place vous est proposée', { exact: true }).waitFor();
    await page.getByText(`Répondez avant le ${parisDateTime(offer.deadline)} (heure de Paris).`).waitFor();
    // The crèche that offers the place says so, instead of a rank and a wait there.
    const offering = page.getByRole('article', { name: `1er choix : ${first.name}` });
    await offering.getByTestId('offered-here').waitFor();
    await expect(offering.getByTestId('rank').count()).resolves.toBe(0);
    await expect(offering.getByText('Offre estimée', { exact: false }).count()).resolves.toBe(0);
    await page.getByRole('link', { name: 'Voir la place proposée et y répondre' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: `Une place pour Lina ${atPlaceFr(first.name)}` }).waitFor();

    // The crèche withdraws it meanwhile: back on Mes demandes, the offer's page says why, and what it means.
    await t
      .http()
      .post(`/offers/${offer.id}/withdraw`)
      .set(manager.auth)
      .send({ reason: 'CAPACITY_REDUCED' })
      .expect(200);
    await page.getByRole('link', { name: 'Mes demandes' }).first().focus();
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: `Voir la proposition — Place ${atPlaceFr(first.name)} pour Lina` }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('La crèche a retiré cette offre', { exact: true }).waitFor();
    await page.getByText('la capacité d’accueil de la crèche a été réduite.', { exact: false }).waitFor();
    await page.getByText('Ce retrait n’est pas compté comme un refus', { exact: false }).waitFor();
    await expect(page.getByRole('button', { name: 'Accepter la place' }).count()).resolves.toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'offre-retiree.png'), fullPage: true });
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);

    // Keep-alive: Berceau asked the family to confirm its interest; the page gives the date, the button answers.
    await t.dataSource.query(
      `UPDATE applications SET interest_requested_at = now() - interval '2 days' WHERE id = $1`,
      [applicationId],
    );
    const [{ interest_requested_at: asked }] = await t.dataSource.query(
      `SELECT interest_requested_at FROM applications WHERE id = $1`,
      [applicationId],
    );
    const deadline = new Date(new Date(asked).getTime() + 30 * 86_400_000).toISOString();
    await page.getByRole('link', { name: 'Voir ma demande, mon rang et mes points' }).focus();
    await page.keyboard.press('Enter');
    await page
      .getByText(
        `Confirmez que vous souhaitez toujours une place avant le ${parisDateTime(deadline)} : sans réponse, votre demande sera classée sans suite.`,
      )
      .waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'ma-demande-confirmation.png'), fullPage: true });
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
    await pressButton(page, 'Je souhaite toujours une place');
    await page.getByText('C’est noté : votre demande reste active', { exact: false }).waitFor();
    await expect(
      t.dataSource.query(`SELECT status, interest_requested_at FROM applications WHERE id = $1`, [applicationId]),
    ).resolves.toEqual([{ status: 'SUBMITTED', interest_requested_at: null }]);
    expect(errors).toEqual([]);
  }, 90_000);

  it('says in French that an unknown offer cannot be found', async () => {
    const parent = await createParentWithChild(t);
    const page = await context.newPage();
    await openSignedOut(page, '/offres/00000000-0000-4000-8000-000000000000', parent);
    await page.getByText('Cette proposition est introuvable.').waitFor();
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
  });
});
