import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { AllocationController } from '../../src/modules/allocation/allocation.controller';
import { assignManagers, createCreche, createTerritory, fullWeek } from '../support/factories';
import { createParentWithChild, TestParent } from '../support/families';
import { SmtpSink } from '../support/smtp-sink';
import { createUser, startTestApp, TestApp, TestUser } from '../support/test-app';
import { waitFor } from '../support/wait';

describe(AllocationController.name, () => {
  const smtp = new SmtpSink();
  let t: TestApp;
  let admin: TestUser;
  let manager: TestUser;
  let territoryId: string;

  beforeAll(async () => {
    await smtp.start();
    // One offer "day" lasts 1.5 s here, so deadlines, reminders and expiries happen within the test.
    t = await startTestApp({
      runWorkers: true,
      env: { SMTP_URL: smtp.url, OFFER_DAY_MS: '1500', NOTICE_SWEEP_EVERY_MS: '1000', NOTICE_SWEEP_MIN_AGE_MS: '0' },
    });
    admin = await createUser(t, 'ADMIN');
    manager = await createUser(t, 'MANAGER');
    territoryId = (await createTerritory(t, admin)).id;
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  async function crecheWithApplicants(n: number, crecheOver: Record<string, unknown> = {}) {
    const creche = await createCreche(t, admin, territoryId, {
      kind: 'COLLECTIVE',
      places: 2,
      capacityBands: [],
      offerResponseDays: 60,
      ...crecheOver,
    });
    await assignManagers(t, admin, creche.id, manager);
    const parents: TestParent[] = [];
    for (let i = 0; i < n; i += 1) {
      const p = await createParentWithChild(t, { singleParent: i === 0 });
      await t
        .http()
        .post('/applications')
        .set(p.auth)
        .send({
          childId: p.childId,
          desiredStartDate: '2027-09-01',
          schedule: fullWeek('08:00', '16:00'),
          preferences: [creche.id],
        })
        .expect(201);
      // The first family's single-parent claim is proved to the manager: it counts in allocation.
      if (i === 0)
        await t
          .http()
          .post(`/families/${p.familyId}/claims`)
          .set(manager.auth)
          .send({ claim: 'SINGLE_PARENT', value: true })
          .expect(204);
      parents.push(p);
    }
    return { creche, parents };
  }
  const runRound = (crecheId: string) =>
    t
      .http()
      .post('/allocation-rounds')
      .set(manager.auth)
      .send({ crecheIds: [crecheId], startDate: '2027-09-01' });
  const offerMails = (email: string) =>
    smtp.to(email).filter((m) => m.subject.startsWith('Une place vous est proposée'));

  it('runs a DRAFT round that explains itself, replays identically, and confirms into one offer e-mail per family', async () => {
    const { creche, parents } = await crecheWithApplicants(3);
    const round = await runRound(creche.id).expect(201);
    expect(round.body).toMatchObject({ status: 'DRAFT', candidates: 3, engineVersion: 'da-greedy-1' });
    expect(round.body.placements).toHaveLength(2);
    expect(round.body.placements[0].score).toBeGreaterThanOrEqual(round.body.placements[1].score);
    expect(round.body.unplaced).toEqual([
      {
        applicationId: expect.any(String),
        reasons: [{ crecheId: creche.id, reason: 'OUTRANKED', lowestHeldScore: round.body.placements[1].score }],
      },
    ]);
    expect(
      (await t.http().post(`/allocation-rounds/${round.body.id}/replay`).set(manager.auth).expect(200)).body,
    ).toMatchObject({ identical: true, hashMatches: true, erasedApplicants: 0 });
    // Each family reads what the last confirmed round did with its application there: nothing while a draft.
    const left = round.body.unplaced[0].applicationId as string;
    const lastRound = async (applicationId: string, auth: Record<string, string>) =>
      (await t.http().get(`/applications/${applicationId}`).set(auth).expect(200)).body.creches[0].lastRound;
    expect(await lastRound(left, manager.auth)).toBeNull();
    const confirmed = await t
      .http()
      .post(`/allocation-rounds/${round.body.id}/confirm`)
      .set(manager.auth)
      .send({})
      .expect(200);
    expect(confirmed.body.offers).toHaveLength(2);
    expect(confirmed.body.offers[0]).toMatchObject({
      status: 'OPEN',
      crecheId: creche.id,
      startDate: '2027-09-01',
      // A year of care, 29 February 2028 included: to 31 August, not 30.
      endDate: '2028-08-31',
      estimatedMonthlyFee: expect.stringMatching(/^\d+\.\d{2}$/),
    });
    const offered = parents.filter((p) =>
      confirmed.body.offers.some((o: { familyId: string }) => o.familyId === p.familyId),
    );
    await waitFor(() => offered.every((p) => offerMails(p.email).length === 1));
    // The family left without a place reads why (its rank alone said nothing of the round): outranked on its hours,
    // with the lowest verified score the round kept; an offered one reads its offer.
    const notOffered = parents.find((p) => !offered.includes(p))!;
    expect(await lastRound(left, notOffered.auth)).toEqual({
      confirmedAt: expect.any(String),
      outcome: 'OUTRANKED',
      lowestHeldScore: round.body.placements[1].score,
      conflict: null,
      exclusionReason: null,
    });
    expect(await lastRound(confirmed.body.offers[0].applicationId, manager.auth)).toMatchObject({ outcome: 'OFFERED' });
    const mail = offerMails(offered[0].email)[0];
    expect(mail.text).toContain(creche.name);
    expect(mail.text).toContain('01/09/2027');
    expect(mail.text).toMatch(/Participation mensuelle estimée : \d+,\d{2} €/);
    // The link opens the offer's page of the web app, not an API route.
    const offerId = confirmed.body.offers.find((o: { familyId: string }) => o.familyId === offered[0].familyId).id;
    expect(mail.text).toContain(`${t.config.publicBaseUrl}/offres/${offerId}`);
    expect(
      (await t.http().post(`/allocation-rounds/${round.body.id}/confirm`).set(manager.auth).send({}).expect(409)).body
        .code,
    ).toBe('ROUND.ALREADY_CONFIRMED');
    await new Promise((r) => setTimeout(r, 1200));
    expect(offered.every((p) => offerMails(p.email).length === 1)).toBe(true);
    const notices = await t
      .http()
      .get('/notices')
      .query({ offerId: confirmed.body.offers[0].id })
      .set(manager.auth)
      .expect(200);
    expect(notices.body[0]).toMatchObject({ type: 'OFFER_MADE', status: 'SENT' });
  });

  it('places a child at the crèche whose hours fit, on the schedule asked of that crèche: offer and contract (#15)', async () => {
    // The first choice opens early (05:00–21:00), one place, taken by a family with more points; the fallback opens
    // 07:30–18:30 and is asked for a standard day. An engine reading one schedule everywhere finds it closed at 05:30.
    const { creche: early, parents } = await crecheWithApplicants(1, { places: 1 });
    const standard = await createCreche(t, admin, territoryId, {
      kind: 'COLLECTIVE',
      places: 1,
      capacityBands: [],
      offerResponseDays: 60,
      openingHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '07:30', closes: '18:30' })),
    });
    await assignManagers(t, admin, standard.id, manager);
    const shift = fullWeek('05:30', '13:30');
    const day = fullWeek('08:00', '15:00');
    const p = await createParentWithChild(t);
    const application = await t
      .http()
      .post('/applications')
      .set(p.auth)
      .send({
        childId: p.childId,
        desiredStartDate: '2027-09-01',
        schedule: shift,
        preferences: [early.id, { crecheId: standard.id, schedule: day }],
      })
      .expect(201);
    const round = await t
      .http()
      .post('/allocation-rounds')
      .set(manager.auth)
      .send({ crecheIds: [early.id, standard.id], startDate: '2027-09-01' })
      .expect(201);
    expect(round.body.placements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ applicationId: application.body.id, crecheId: standard.id, preferencePosition: 2 }),
        expect.objectContaining({ familyId: parents[0].familyId, crecheId: early.id }),
      ]),
    );
    expect(
      (await t.http().post(`/allocation-rounds/${round.body.id}/replay`).set(manager.auth).expect(200)).body,
    ).toMatchObject({ identical: true, hashMatches: true });
    const confirmed = await t
      .http()
      .post(`/allocation-rounds/${round.body.id}/confirm`)
      .set(manager.auth)
      .send({})
      .expect(200);
    const offer = confirmed.body.offers.find((o: { familyId: string }) => o.familyId === p.familyId);
    expect(offer).toMatchObject({ crecheId: standard.id, schedule: day });
    const other = confirmed.body.offers.find((o: { familyId: string }) => o.familyId === parents[0].familyId);
    expect(other).toMatchObject({ crecheId: early.id, schedule: fullWeek('08:00', '16:00') });
    const accepted = await t.http().post(`/offers/${offer.id}/accept`).set(p.auth).expect(200);
    const [contract] = await t.dataSource.query(`SELECT creche_id, schedule FROM contracts WHERE id = $1`, [
      accepted.body.contractId,
    ]);
    expect(contract).toEqual({ creche_id: standard.id, schedule: day });
  });

  it('lets a parent accept once: contract with its fee, application accepted, confirmation e-mail; concurrent accepts give one contract', async () => {
    const { creche, parents } = await crecheWithApplicants(1);
    const round = await runRound(creche.id).expect(201);
    const { body } = await t
      .http()
      .post(`/allocation-rounds/${round.body.id}/confirm`)
      .set(manager.auth)
      .send({})
      .expect(200);
    const offer = body.offers[0];
    const parent = parents[0];
    expect(
      (await t.http().get('/me/offers').set(parent.auth).expect(200)).body.map((o: { id: string }) => o.id),
    ).toEqual([offer.id]);
    // The offer's page explains the estimate: the fee trace, step by step, ending on the estimated monthly fee.
    const shown = await t.http().get(`/offers/${offer.id}`).set(parent.auth).expect(200);
    const steps = shown.body.feeTrace.map((s: { step: string }) => s.step);
    expect(steps[0]).toBe('SELECT_SCALE');
    expect(steps).toContain('HOURLY_RATE');
    expect(shown.body.feeTrace.at(-1)).toMatchObject({ step: 'MONTHLY_FEE', value: offer.estimatedMonthlyFee });
    const [a, b] = await Promise.all([
      t.http().post(`/offers/${offer.id}/accept`).set(parent.auth),
      t.http().post(`/offers/${offer.id}/accept`).set(parent.auth),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const accepted = a.status === 200 ? a.body : b.body;
    expect(accepted).toMatchObject({ status: 'ACCEPTED', contractId: expect.any(String) });
    const contracts = await t.dataSource.query(`SELECT id FROM contracts WHERE child_id = $1`, [parent.childId]);
    expect(contracts).toHaveLength(1);
    const [fee] = await t.dataSource.query(`SELECT monthly_fee FROM fee_computations WHERE contract_id = $1`, [
      contracts[0].id,
    ]);
    expect(fee.monthly_fee).toMatch(/^\d+\.\d{2}$/);
    const [app] = await t.dataSource.query(`SELECT status, admitted_score FROM applications WHERE child_id = $1`, [
      parent.childId,
    ]);
    expect(app).toEqual({ status: 'ACCEPTED', admitted_score: offer.score });
    await waitFor(() => smtp.to(parent.email).some((m) => m.subject.startsWith('Place confirmée')));
    expect(smtp.to(parent.email).find((m) => m.subject.startsWith('Place confirmée'))!.text).toMatch(
      /Participation mensuelle : \d+,\d{2} €/,
    );
    expect((await t.http().post(`/offers/${offer.id}/decline`).set(parent.auth).send({}).expect(409)).body.code).toBe(
      'OFFER.ALREADY_ANSWERED',
    );
    await t
      .http()
      .post(`/offers/${offer.id}/accept`)
      .set((await createParentWithChild(t)).auth)
      .expect(404);
  });

  it('records a decline as a refusal and puts the application back on the waitlist', async () => {
    const { creche, parents } = await crecheWithApplicants(1);
    const round = await runRound(creche.id).expect(201);
    const { body } = await t
      .http()
      .post(`/allocation-rounds/${round.body.id}/confirm`)
      .set(manager.auth)
      .send({})
      .expect(200);
    await t
      .http()
      .post(`/offers/${body.offers[0].id}/decline`)
      .set(parents[0].auth)
      .send({ reason: 'Nous avons trouvé une assistante maternelle' })
      .expect(200);
    const [app] = await t.dataSource.query(`SELECT status, refusals FROM applications WHERE child_id = $1`, [
      parents[0].childId,
    ]);
    expect(app).toEqual({ status: 'SUBMITTED', refusals: 1 });
    await waitFor(() => smtp.to(parents[0].email).some((m) => m.subject.startsWith('Refus enregistré')));
    const open = await t
      .http()
      .get(`/creches/${creche.id}/offers`)
      .query({ status: 'OPEN' })
      .set(manager.auth)
      .expect(200);
    expect(open.body).toEqual([]);
  });

  it('sends the reminder and then expires the offer at its deadline through delayed jobs, once each', async () => {
    const { creche, parents } = await crecheWithApplicants(1, { offerResponseDays: 3 }); // deadline in 4.5 s, reminder 1.5 s after confirming
    const round = await runRound(creche.id).expect(201);
    const { body } = await t
      .http()
      .post(`/allocation-rounds/${round.body.id}/confirm`)
      .set(manager.auth)
      .send({})
      .expect(200);
    const email = parents[0].email;
    await waitFor(() => smtp.to(email).some((m) => m.subject.startsWith('Rappel')), 15_000);
    await waitFor(() => smtp.to(email).some((m) => m.subject.startsWith('Offre expirée')), 15_000);
    await new Promise((r) => setTimeout(r, 2500)); // a sweep runs in between: still once each
    expect(smtp.to(email).filter((m) => m.subject.startsWith('Rappel'))).toHaveLength(1);
    expect(smtp.to(email).filter((m) => m.subject.startsWith('Offre expirée'))).toHaveLength(1);
    const [app] = await t.dataSource.query(`SELECT status, refusals FROM applications WHERE child_id = $1`, [
      parents[0].childId,
    ]);
    expect(app).toEqual({ status: 'SUBMITTED', refusals: 1 });
    expect(
      (await t.http().post(`/offers/${body.offers[0].id}/accept`).set(parents[0].auth).expect(409)).body.code,
    ).toBe('OFFER.ALREADY_ANSWERED');
  });

  it('refuses to confirm a round whose capacity changed since it ran (409, re-run it)', async () => {
    const { creche } = await crecheWithApplicants(1);
    const round = await runRound(creche.id).expect(201);
    const other = await createParentWithChild(t);
    await t
      .http()
      .post(`/creches/${creche.id}/contracts`)
      .set(manager.auth)
      .send({ childId: other.childId, startDate: '2027-01-04', endDate: '2028-12-29', schedule: fullWeek() })
      .expect(201);
    expect(
      (await t.http().post(`/allocation-rounds/${round.body.id}/confirm`).set(manager.auth).send({}).expect(409)).body
        .code,
    ).toBe('ROUND.STALE');
    const offers = await t.dataSource.query(`SELECT 1 FROM offers WHERE round_id = $1`, [round.body.id]);
    expect(offers).toEqual([]);
  });

  it('excludes a proposal with a written reason (audited) and counts the justified envy it creates', async () => {
    const { creche } = await crecheWithApplicants(2);
    const round = await runRound(creche.id).expect(201);
    const [best, second] = round.body.placements;
    await t
      .http()
      .post(`/allocation-rounds/${round.body.id}/confirm`)
      .set(manager.auth)
      .send({ exclusions: [{ applicationId: best.applicationId }] })
      .expect(400);
    const { body } = await t
      .http()
      .post(`/allocation-rounds/${round.body.id}/confirm`)
      .set(manager.auth)
      .send({
        exclusions: [
          {
            applicationId: best.applicationId,
            reason: 'FAMILY_MOVED',
            comment: 'Famille déménagée hors du territoire',
          },
        ],
      })
      .expect(200);
    expect(body.offers.map((o: { applicationId: string }) => o.applicationId)).toEqual([second.applicationId]);
    expect(body.round).toMatchObject({
      envyCases: 1,
      exclusions: [
        { applicationId: best.applicationId, reason: 'FAMILY_MOVED', comment: 'Famille déménagée hors du territoire' },
      ],
    });
    const [event] = await t.dataSource.query(
      `SELECT details FROM audit_events WHERE action = 'allocation_round.proposal_excluded' AND subject_id = $1`,
      [best.applicationId],
    );
    expect(event.details).toEqual({ roundId: round.body.id, reason: 'FAMILY_MOVED' });
    // The family left out reads that the crèche did, and the reason's code (never the note, which may name people).
    const read = await t.http().get(`/applications/${best.applicationId}`).set(manager.auth).expect(200);
    expect(read.body.creches[0].lastRound).toMatchObject({ outcome: 'EXCLUDED', exclusionReason: 'FAMILY_MOVED' });
  });

  it("keeps a draft's exclusions with the round: every manager reads them, and the confirmation applies them whoever confirms", async () => {
    const { creche } = await crecheWithApplicants(2);
    const colleague = await createUser(t, 'MANAGER');
    await assignManagers(t, admin, creche.id, manager, colleague);
    const round = await runRound(creche.id).expect(201);
    const [best, second] = round.body.placements;
    const exclusion = (applicationId: string) => `/allocation-rounds/${round.body.id}/exclusions/${applicationId}`;
    // Left out by one manager, then put back and left out again with another reason.
    await t.http().put(exclusion(second.applicationId)).set(manager.auth).send({ reason: 'OTHER' }).expect(200);
    const put = await t
      .http()
      .put(exclusion(best.applicationId))
      .set(manager.auth)
      .send({ reason: 'CHILD_CARED_ELSEWHERE', comment: 'Gardé chez une assistante maternelle' })
      .expect(200);
    expect(put.body.exclusions).toHaveLength(2);
    const back = await t.http().delete(exclusion(second.applicationId)).set(manager.auth).expect(200);
    expect(back.body.exclusions).toEqual([
      {
        applicationId: best.applicationId,
        reason: 'CHILD_CARED_ELSEWHERE',
        comment: 'Gardé chez une assistante maternelle',
      },
    ]);
    // Another manager, on another device, reads the draft as it is.
    const read = await t.http().get(`/allocation-rounds/${round.body.id}`).set(colleague.auth).expect(200);
    expect(read.body).toMatchObject({ status: 'DRAFT', exclusions: back.body.exclusions });
    // Bad input and missing things: the reason is a code, the application a proposal of this round.
    const bad = await t
      .http()
      .put(exclusion(best.applicationId))
      .set(manager.auth)
      .send({ reason: 'Mme X' })
      .expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(['reason']);
    // The note is one line of text, not empty.
    for (const comment of ['a\nb', '   ', ''])
      expect(
        (
          await t
            .http()
            .put(exclusion(best.applicationId))
            .set(manager.auth)
            .send({ reason: 'OTHER', comment })
            .expect(400)
        ).body.details.map((d: { field: string }) => d.field),
      ).toEqual(['comment']);
    const notAnId = await t.http().put(exclusion('nope')).set(manager.auth).send({ reason: 'OTHER' }).expect(400);
    expect(notAnId.body.details.map((d: { field: string }) => d.field)).toEqual(['applicationId']);
    await t
      .http()
      .put(exclusion('00000000-0000-4000-8000-000000000001'))
      .set(manager.auth)
      .send({ reason: 'OTHER' })
      .expect(404);
    const stranger = await createUser(t, 'MANAGER');
    await t.http().put(exclusion(second.applicationId)).set(stranger.auth).send({ reason: 'OTHER' }).expect(404);

    // Confirmed by the colleague, who sends no exclusion: the draft's own is applied, and audited.
    const { body } = await t
      .http()
      .post(`/allocation-rounds/${round.body.id}/confirm`)
      .set(colleague.auth)
      .send({})
      .expect(200);
    expect(body.offers.map((o: { applicationId: string }) => o.applicationId)).toEqual([second.applicationId]);
    expect(body.round.exclusions).toEqual(back.body.exclusions);
    // Each decision is logged as it was made, by its author, not by whoever confirmed (the note stays with the round).
    const events = await t.dataSource.query(
      `SELECT action, subject_id, actor_user_id, details FROM audit_events
        WHERE action LIKE 'allocation_round.proposal_%' AND details->>'roundId' = $1 ORDER BY id`,
      [round.body.id],
    );
    const roundId = round.body.id;
    expect(events).toEqual([
      {
        action: 'allocation_round.proposal_excluded',
        subject_id: second.applicationId,
        actor_user_id: manager.id,
        details: { roundId, reason: 'OTHER' },
      },
      {
        action: 'allocation_round.proposal_excluded',
        subject_id: best.applicationId,
        actor_user_id: manager.id,
        details: { roundId, reason: 'CHILD_CARED_ELSEWHERE' },
      },
      {
        action: 'allocation_round.proposal_restored',
        subject_id: second.applicationId,
        actor_user_id: manager.id,
        details: { roundId },
      },
    ]);
    // A confirmed round's exclusions are its record.
    const late = await t.http().delete(exclusion(best.applicationId)).set(manager.auth).expect(409);
    expect(late.body.code).toBe('ROUND.ALREADY_CONFIRMED');
  });

  it('refuses duplicate, free-text, over-long or too many exclusions (#13.12), keeping free text out of the audit log', async () => {
    const { creche } = await crecheWithApplicants(2);
    const round = await runRound(creche.id).expect(201);
    const [best] = round.body.placements;
    const confirm = (exclusions: unknown[]) =>
      t.http().post(`/allocation-rounds/${round.body.id}/confirm`).set(manager.auth).send({ exclusions });
    const fieldsOf = (body: { details: { field: string }[] }) => body.details.map((d) => d.field);
    expect(
      fieldsOf(
        (
          await confirm([
            { applicationId: best.applicationId, reason: 'FAMILY_MOVED' },
            { applicationId: best.applicationId, reason: 'OTHER' },
          ]).expect(400)
        ).body,
      ),
    ).toEqual(['exclusions']);
    expect(
      fieldsOf(
        (await confirm([{ applicationId: best.applicationId, reason: 'Mme Dupont, 06 12 34 56 78' }]).expect(400)).body,
      ),
    ).toEqual(['exclusions[0].reason']);
    expect(
      fieldsOf(
        (await confirm([{ applicationId: best.applicationId, reason: 'OTHER', comment: 'x'.repeat(281) }]).expect(400))
          .body,
      ),
    ).toEqual(['exclusions[0].comment']);
    const many = Array.from({ length: 201 }, (_, i) => ({
      applicationId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      reason: 'OTHER',
    }));
    expect(fieldsOf((await confirm(many).expect(400)).body)).toContain('exclusions');
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'allocation_round.proposal_excluded' AND details->>'roundId' = $1`,
      [round.body.id],
    );
    expect(n).toBe(0);
  });

  it('counts only verified claims in a round (#13.6): self-declared flags wait for a manager, and the draft lists them', async () => {
    const { creche, parents } = await crecheWithApplicants(2, { places: 1 });
    const [proved, boaster] = parents;
    // The second family declares social minima, a disabled household member and a multiple birth: +90 declared.
    await t
      .http()
      .patch(`/families/${boaster.familyId}`)
      .set(boaster.auth)
      .send({ socialMinimaOrInsertion: true, otherHouseholdDisability: true })
      .expect(200);
    const waitlist = await t.http().get(`/creches/${creche.id}/waitlist`).set(manager.auth).expect(200);
    const boasting = waitlist.body.items.find((e: { familyId: string }) => e.familyId === boaster.familyId);
    expect(boasting.score - boasting.verifiedScore).toBe(40 + 40 + 20);
    expect(
      boasting.breakdown
        .filter((l: { verified: boolean }) => !l.verified)
        .map((l: { criterion: string }) => l.criterion)
        .sort(),
    ).toEqual(['BOTH_WORKING', 'OTHER_HOUSEHOLD_DISABILITY', 'SOCIAL_MINIMA_OR_INSERTION']);
    const round = await runRound(creche.id).expect(201);
    expect(round.body.placements.map((p: { familyId: string }) => p.familyId)).toEqual([proved.familyId]);
    expect(round.body.awaitingVerification).toContain(boasting.applicationId);
    // Once the manager saw the proofs, they count.
    for (const [claim, value] of [
      ['SOCIAL_MINIMA_OR_INSERTION', true],
      ['OTHER_HOUSEHOLD_DISABILITY', true],
      ['PARENTS_ACTIVITY', 'BOTH_WORKING'],
    ] as const) {
      await t.http().post(`/families/${boaster.familyId}/claims`).set(manager.auth).send({ claim, value }).expect(204);
    }
    const again = await runRound(creche.id).expect(201);
    expect(again.body.placements.map((p: { familyId: string }) => p.familyId)).toEqual([boaster.familyId]);
    expect(again.body.awaitingVerification).not.toContain(boasting.applicationId);
    // A parent cannot verify its own claims.
    await t
      .http()
      .post(`/families/${boaster.familyId}/claims`)
      .set(boaster.auth)
      .send({ claim: 'SINGLE_PARENT', value: false })
      .expect(403);
  });
  it('keeps rounds and offers to their crèches: another manager gets 404, a parent 403 on rounds', async () => {
    const { creche, parents } = await crecheWithApplicants(1);
    const stranger = await createUser(t, 'MANAGER');
    expect(
      (
        await t
          .http()
          .post('/allocation-rounds')
          .set(stranger.auth)
          .send({ crecheIds: [creche.id], startDate: '2027-09-01' })
          .expect(404)
      ).body.code,
    ).toBe('CRECHE.NOT_FOUND');
    const round = await runRound(creche.id).expect(201);
    await t.http().get(`/allocation-rounds/${round.body.id}`).set(stranger.auth).expect(404);
    await t.http().get(`/allocation-rounds/${round.body.id}`).set(parents[0].auth).expect(403);
  });
});

describe('notice delivery when the worker is killed mid-batch', () => {
  const smtp = new SmtpSink();
  let t: TestApp;

  beforeAll(async () => {
    await smtp.start();
    t = await startTestApp({ env: { SMTP_URL: smtp.url } });
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  it('delivers every offer e-mail exactly once after a SIGKILL and a restart', async () => {
    const admin = await createUser(t, 'ADMIN');
    const manager = await createUser(t, 'MANAGER');
    const territory = await createTerritory(t, admin);
    const creche = await createCreche(t, admin, territory.id, {
      kind: 'COLLECTIVE',
      places: 8,
      capacityBands: [],
      offerResponseDays: 30,
    });
    await assignManagers(t, admin, creche.id, manager);
    const parents: TestParent[] = [];
    for (let i = 0; i < 8; i += 1) {
      const p = await createParentWithChild(t);
      await t
        .http()
        .post('/applications')
        .set(p.auth)
        .send({
          childId: p.childId,
          desiredStartDate: '2027-09-01',
          schedule: fullWeek('08:00', '16:00'),
          preferences: [creche.id],
        })
        .expect(201);
      parents.push(p);
    }
    const round = await t
      .http()
      .post('/allocation-rounds')
      .set(manager.auth)
      .send({ crecheIds: [creche.id], startDate: '2027-09-01' })
      .expect(201);
    const { body } = await t
      .http()
      .post(`/allocation-rounds/${round.body.id}/confirm`)
      .set(manager.auth)
      .send({})
      .expect(200);
    expect(body.offers).toHaveLength(8);

    const env = {
      ...process.env,
      SMTP_URL: smtp.url,
      LOG_LEVEL: 'silent',
      NOTICE_CLAIM_SECONDS: '2',
      WORKER_LOCK_MS: '3000',
      NOTICE_SWEEP_EVERY_MS: '1000',
      NOTICE_SWEEP_MIN_AGE_MS: '0',
    };
    const root = join(__dirname, '..', '..');
    const worker = spawn(
      process.execPath,
      ['-r', join(root, 'test/bench/swc-register.js'), join(root, 'src/main.ts'), '--role=worker'],
      { env, stdio: 'ignore' },
    );
    const exited = new Promise((r) => worker.once('exit', r));
    let killed = false;
    // Hold every message unacknowledged; at the third, kill the worker while they are in flight.
    smtp.beforeAck = async (n) => {
      if (n !== 3) await waitFor(() => killed, 30_000);
      else {
        worker.kill('SIGKILL');
        await exited;
        await new Promise((r) => setTimeout(r, 500)); // let the server see the connections close
        killed = true;
      }
    };
    await waitFor(() => killed, 60_000);
    smtp.beforeAck = null;
    expect(smtp.dropped).toBeGreaterThanOrEqual(1);
    expect(smtp.mails).toHaveLength(0);
    expect(smtp.errors).toEqual([]); // resets from the killed worker are expected; nothing else

    const restarted = await startTestApp({
      runWorkers: true,
      env: {
        SMTP_URL: smtp.url,
        NOTICE_CLAIM_SECONDS: '2',
        WORKER_LOCK_MS: '3000',
        NOTICE_SWEEP_EVERY_MS: '1000',
        NOTICE_SWEEP_MIN_AGE_MS: '0',
      },
    });
    try {
      await waitFor(
        () => parents.every((p) => smtp.to(p.email).filter((m) => m.subject.startsWith('Une place')).length >= 1),
        40_000,
      );
      await new Promise((r) => setTimeout(r, 2000));
      for (const p of parents)
        expect(smtp.to(p.email).filter((m) => m.subject.startsWith('Une place'))).toHaveLength(1);
      const statuses = await t.dataSource.query(`SELECT DISTINCT status FROM notices WHERE subject_id = ANY($1)`, [
        body.offers.map((o: { id: string }) => o.id),
      ]);
      expect(statuses).toEqual([{ status: 'SENT' }]);
    } finally {
      await restarted.close();
    }
  }, 120_000);
});
