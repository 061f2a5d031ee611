import { assignManagers, createCreche, createTerritory, fullWeek } from '../support/factories';
import { createParentWithChild, type TestParent } from '../support/families';
import { SmtpSink } from '../support/smtp-sink';
import { createUser, startTestApp, type TestApp, type TestUser } from '../support/test-app';
import { waitFor } from '../support/wait';
import { atPlaceFr } from '../../src/common/text/french-places';

/**
 * Issue #19: when a family accepts or declines an offer, each of the crèche's managers gets an e-mail in French (an
 * outbox notice written in the answer's transaction), and reads it in their messages; the manager of another crèche
 * gets nothing. The crèche's offers list says who the offer is for and why the family declined.
 */
describe('Offer answers told to the crèche managers (e-mail)', () => {
  const smtp = new SmtpSink();
  let t: TestApp;
  let admin: TestUser;
  let territoryId: string;

  beforeAll(async () => {
    await smtp.start();
    t = await startTestApp({
      runWorkers: true,
      env: { SMTP_URL: smtp.url, NOTICE_SWEEP_EVERY_MS: '1000', NOTICE_SWEEP_MIN_AGE_MS: '0' },
    });
    admin = await createUser(t, 'ADMIN');
    territoryId = (await createTerritory(t, admin)).id;
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  /** A crèche with two managers, two families on its waitlist, a confirmed round: two open offers. */
  async function twoOpenOffers() {
    const managers = [
      await createUser(t, 'MANAGER', { firstName: 'Sophie', lastName: 'Directrice' }),
      await createUser(t, 'MANAGER', { firstName: 'Paul', lastName: 'Adjoint' }),
    ];
    const bystander = await createUser(t, 'MANAGER', { firstName: 'Autre', lastName: 'Crèche' });
    const creche = await createCreche(t, admin, territoryId, {
      kind: 'COLLECTIVE',
      places: 4,
      capacityBands: [],
      offerResponseDays: 30,
    });
    const other = await createCreche(t, admin, territoryId, { kind: 'COLLECTIVE', places: 4, capacityBands: [] });
    await assignManagers(t, admin, creche.id, ...managers);
    await assignManagers(t, admin, other.id, bystander);
    const parents: TestParent[] = [];
    for (const firstName of ['Inès', 'Malo']) {
      const p = await createParentWithChild(t, {}, { firstName });
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
      .set(managers[0].auth)
      .send({ crecheIds: [creche.id], startDate: '2027-09-01' })
      .expect(201);
    const confirmed = await t
      .http()
      .post(`/allocation-rounds/${round.body.id}/confirm`)
      .set(managers[0].auth)
      .send({})
      .expect(200);
    const offerOf = (p: TestParent) =>
      (confirmed.body.offers as { id: string; familyId: string }[]).find((o) => o.familyId === p.familyId)!.id;
    return { managers, bystander, creche, parents, offerOf };
  }

  it('e-mails each manager the acceptance and the refusal with its reason, and lists them in their messages', async () => {
    const { managers, bystander, creche, parents, offerOf } = await twoOpenOffers();
    const [ines, malo] = parents;
    const accepted = await t
      .http()
      .post(`/offers/${offerOf(ines)}/accept`)
      .set(ines.auth)
      .send({})
      .expect(200);
    await t
      .http()
      .post(`/offers/${offerOf(malo)}/decline`)
      .set(malo.auth)
      .send({ reason: 'Nous avons trouvé une assistante maternelle.' })
      .expect(200);

    // The notices were written with the answers (the outbox), one per manager and answer.
    const rows: { recipient_user_id: string; template_data: { answer: string } }[] = await t.dataSource.query(
      `SELECT recipient_user_id, template_data FROM notices WHERE type = 'OFFER_ANSWERED' AND subject_id = ANY($1)`,
      [[offerOf(ines), offerOf(malo)]],
    );
    expect(rows.map((r) => `${r.recipient_user_id} ${r.template_data.answer}`).sort()).toEqual(
      managers.flatMap((m) => [`${m.id} ACCEPTED`, `${m.id} DECLINED`]).sort(),
    );

    const answered = (email: string) => smtp.to(email).filter((m) => /^Offre (acceptée|refusée) :/.test(m.subject));
    await waitFor(() => managers.every((m) => answered(m.email).length === 2));
    for (const m of managers) {
      const yes = answered(m.email).find((mail) => mail.subject.startsWith('Offre acceptée'))!;
      expect(yes.subject).toBe(`Offre acceptée : Inès ${atPlaceFr(creche.name)}`);
      expect(yes.text).toContain(
        `La famille d'Inès a accepté la place proposée ${atPlaceFr(creche.name)} à partir du 01/09/2027.`,
      );
      expect(yes.text).toContain('Le contrat a été créé');
      // The link opens the contract's page of the staff app.
      expect(yes.text).toContain(`${t.config.publicBaseUrl}/creche/contrats/${accepted.body.contractId}`);
      const no = answered(m.email).find((mail) => mail.subject.startsWith('Offre refusée'))!;
      expect(no.subject).toBe(`Offre refusée : Malo ${atPlaceFr(creche.name)}`);
      expect(no.text).toContain(`La famille de Malo a refusé la place proposée ${atPlaceFr(creche.name)}`);
      expect(no.text).toContain('Motif donné par la famille : « Nous avons trouvé une assistante maternelle. »');
      expect(no.text).toContain(`${t.config.publicBaseUrl}/creche/attribution`);
    }
    // The manager of another crèche hears nothing; the families get their own e-mails only.
    expect(answered(bystander.email)).toEqual([]);
    await waitFor(() => smtp.to(ines.email).some((m) => m.subject.startsWith('Place confirmée')));
    expect(answered(ines.email)).toEqual([]);

    // Their messages list the same e-mails.
    const messages = await t.http().get('/me/notices').set(managers[1].auth).expect(200);
    expect(
      (messages.body as { type: string; subject: string }[])
        .filter((n) => n.type === 'OFFER_ANSWERED')
        .map((n) => n.subject)
        .sort(),
    ).toEqual([`Offre acceptée : Inès ${atPlaceFr(creche.name)}`, `Offre refusée : Malo ${atPlaceFr(creche.name)}`]);

    // The crèche's offers say who each is for and the family's reason.
    const offers = await t.http().get(`/creches/${creche.id}/offers`).set(managers[0].auth).expect(200);
    expect(offers.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: offerOf(ines),
          status: 'ACCEPTED',
          childFirstName: 'Inès',
          parents: ['Camille Nom'],
          declineReason: null,
        }),
        expect.objectContaining({
          id: offerOf(malo),
          status: 'DECLINED',
          childFirstName: 'Malo',
          declineReason: 'Nous avons trouvé une assistante maternelle.',
        }),
      ]),
    );
  });

  it('sends nothing to the managers when an answer is refused (already answered)', async () => {
    const { managers, parents, offerOf } = await twoOpenOffers();
    const [ines] = parents;
    await t
      .http()
      .post(`/offers/${offerOf(ines)}/decline`)
      .set(ines.auth)
      .send({})
      .expect(200);
    const again = await t
      .http()
      .post(`/offers/${offerOf(ines)}/accept`)
      .set(ines.auth)
      .send({})
      .expect(409);
    expect(again.body.code).toBe('OFFER.ALREADY_ANSWERED');
    const rows: { template_data: { answer: string } }[] = await t.dataSource.query(
      `SELECT template_data FROM notices WHERE type = 'OFFER_ANSWERED' AND subject_id = $1 AND recipient_user_id = $2`,
      [offerOf(ines), managers[0].id],
    );
    expect(rows.map((r) => r.template_data.answer)).toEqual(['DECLINED']);
    await waitFor(() => smtp.to(managers[0].email).some((m) => m.subject.startsWith('Offre refusée : Inès')));
    expect(smtp.to(managers[0].email).find((m) => m.subject.startsWith('Offre refusée : Inès'))!.text).toContain(
      "La famille n'a pas donné de motif.",
    );
  });
});
