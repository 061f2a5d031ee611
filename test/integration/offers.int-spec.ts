import { DomainError } from '../../src/common/errors/domain-error';
import { OffersService } from '../../src/modules/allocation/offers.service';
import { RoundsService } from '../../src/modules/allocation/rounds.service';
import { ApplicationsService } from '../../src/modules/applications/applications.service';
import { PrivacyService } from '../../src/modules/privacy/privacy.service';
import { untilBlockedBy, withHeldTransaction } from '../support/held-transaction';
import {
  addSecondParent,
  createActor,
  createCreche,
  createParentWithChild,
  createTerritory,
  IntegrationApp,
  IntegrationUser,
  START_DATE,
  startIntegrationApp,
  submitApplication,
} from '../support/integration-app';

describe(OffersService.name, () => {
  let t: IntegrationApp;
  let offers: OffersService;
  let rounds: RoundsService;
  let admin: IntegrationUser;
  let territoryId: string;

  beforeAll(async () => {
    t = await startIntegrationApp();
    offers = t.get(OffersService);
    rounds = t.get(RoundsService);
    admin = await createActor(t, 'ADMIN');
    territoryId = (await createTerritory(t, admin)).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A crèche with room, a two-parent family with one SUBMITTED application, a confirmed round: one OPEN offer. */
  async function openOffer() {
    const manager = await createActor(t, 'MANAGER');
    const creche = await createCreche(t, admin, territoryId, [manager]);
    const parent = await createParentWithChild(t);
    const otherParent = await addSecondParent(t, parent.familyId);
    const application = await submitApplication(t, parent, [creche.id]);
    const round = await rounds.create(manager, [creche.id], START_DATE);
    const confirmed = await rounds.confirm(manager, round.id, []);
    expect(confirmed.offers).toHaveLength(1);
    const offer = confirmed.offers[0];
    expect(offer).toMatchObject({ status: 'OPEN', applicationId: application.id, childId: parent.childId });
    return { offer, parent, otherParent, application, creche, manager };
  }

  /** Everything an answer to the offer may touch, to compare before and after. */
  async function stateOf(offerId: string, childId: string, applicationId: string) {
    const [offer] = await t.dataSource.query(
      `SELECT status, answered_at, answered_by, contract_id, decline_reason FROM offers WHERE id = $1`,
      [offerId],
    );
    const [application] = await t.dataSource.query(
      `SELECT status, refusals, admitted_creche_id, closed_at, updated_at FROM applications WHERE id = $1`,
      [applicationId],
    );
    return {
      offer,
      application,
      contracts: await t.dataSource.query(`SELECT id FROM contracts WHERE child_id = $1 ORDER BY id`, [childId]),
      auditEvents: await t.dataSource.query(
        `SELECT action FROM audit_events WHERE subject_type = 'offer' AND subject_id = $1 ORDER BY action`,
        [offerId],
      ),
      notices: await t.dataSource.query(
        `SELECT type, recipient_user_id FROM notices WHERE subject_type = 'offer' AND subject_id = $1 ORDER BY type, recipient_user_id`,
        [offerId],
      ),
    };
  }

  // An answer (or an expiry, or the crèche's withdrawal) locks the offer, then its application, then (a contract) the
  // household. A held transaction takes them in that order around the family's request.
  it('lets a withdrawal of the application and an answer to its offer wait for each other, never deadlock', async () => {
    const { offer, parent, application } = await openOffer();
    const outcome = await withHeldTransaction(t.dataSource, async (tx) => {
      await tx.query(`SELECT 1 FROM offers WHERE id = $1 FOR UPDATE`, [offer.id]);
      const withdrawing = t
        .get(ApplicationsService)
        .withdraw(parent, application.id)
        .then(
          (a) => a.status,
          (err: Error) => err,
        );
      await untilBlockedBy(t.dataSource, tx);
      await tx.query(`SELECT 1 FROM applications WHERE id = $1 FOR UPDATE`, [application.id]);
      await tx.commitTransaction();
      return withdrawing;
    });
    expect(outcome).toBe('WITHDRAWN');
    const [row] = await t.dataSource.query(`SELECT status FROM offers WHERE id = $1`, [offer.id]);
    expect(row.status).toBe('DECLINED');
  });

  it("lets a household's erasure and an acceptance of its offer wait for each other, never deadlock", async () => {
    const { offer, parent, application } = await openOffer();
    const outcome = await withHeldTransaction(t.dataSource, async (tx) => {
      await tx.query(`SELECT 1 FROM offers WHERE id = $1 FOR UPDATE`, [offer.id]);
      const erasing = t
        .get(PrivacyService)
        .erase(admin, parent.familyId)
        .then(
          () => 'ERASED',
          (err: Error) => err,
        );
      await untilBlockedBy(t.dataSource, tx);
      await tx.query(`SELECT 1 FROM applications WHERE id = $1 FOR UPDATE`, [application.id]);
      await tx.query(`SELECT 1 FROM families WHERE id = $1 FOR SHARE`, [parent.familyId]);
      await tx.commitTransaction();
      return erasing;
    });
    expect(outcome).toBe('ERASED');
  });

  it('accepts an offer once when two accepts race: one contract, one audit event, one notice per parent', async () => {
    const { offer, parent, otherParent, application, creche, manager } = await openOffer();

    const results = await Promise.allSettled([offers.accept(parent, offer.id), offers.accept(parent, offer.id)]);

    const fulfilled = results.filter(
      (r): r is PromiseFulfilledResult<Awaited<ReturnType<OffersService['accept']>>> => r.status === 'fulfilled',
    );
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(rejected[0].reason).toBeInstanceOf(DomainError);
    expect((rejected[0].reason as DomainError).code).toBe('OFFER.ALREADY_ANSWERED');

    const contracts: { id: string; creche_id: string }[] = await t.dataSource.query(
      `SELECT id, creche_id FROM contracts WHERE child_id = $1`,
      [parent.childId],
    );
    expect(contracts).toHaveLength(1);
    expect(contracts[0].creche_id).toBe(creche.id);
    expect(fulfilled[0].value).toMatchObject({
      id: offer.id,
      status: 'ACCEPTED',
      contractId: contracts[0].id,
      answeredBy: parent.id,
    });

    const [app] = await t.dataSource.query(
      `SELECT status, admitted_creche_id, refusals FROM applications WHERE id = $1`,
      [application.id],
    );
    expect(app).toEqual({ status: 'ACCEPTED', admitted_creche_id: creche.id, refusals: 0 });

    const state = await stateOf(offer.id, parent.childId, application.id);
    expect(state.offer).toMatchObject({
      status: 'ACCEPTED',
      contract_id: contracts[0].id,
      answered_by: parent.id,
      decline_reason: null,
    });
    // The round's "offer made" notices, plus exactly one acceptance per parent and one word to the crèche's manager;
    // nothing declined.
    expect(state.auditEvents).toEqual([{ action: 'offer.accepted' }]);
    const noticesOf = (type: string) =>
      state.notices
        .filter((n: { type: string }) => n.type === type)
        .map((n: { recipient_user_id: string }) => n.recipient_user_id)
        .sort();
    expect(noticesOf('OFFER_ACCEPTED')).toEqual([parent.id, otherParent.id].sort());
    expect(noticesOf('OFFER_MADE')).toEqual([parent.id, otherParent.id].sort());
    expect(noticesOf('OFFER_ANSWERED')).toEqual([manager.id]);
    expect(state.notices).toHaveLength(5);
    expect(
      await t.count(`SELECT 1 FROM audit_events WHERE action = 'contract.created' AND subject_id = $1`, [
        contracts[0].id,
      ]),
    ).toBe(1);
  });

  it('refuses a decline after an accept and changes nothing', async () => {
    const { offer, parent, application } = await openOffer();
    await offers.accept(parent, offer.id);
    const before = await stateOf(offer.id, parent.childId, application.id);
    expect(before.offer.status).toBe('ACCEPTED');
    expect(before.contracts).toHaveLength(1);

    await expect(offers.decline(parent, offer.id, 'Finalement non')).rejects.toMatchObject({
      name: 'DomainError',
      code: 'OFFER.ALREADY_ANSWERED',
    });

    const after = await stateOf(offer.id, parent.childId, application.id);
    expect(after).toEqual(before);
    expect(after.application).toMatchObject({ status: 'ACCEPTED', refusals: 0 });
    expect(after.auditEvents.map((e: { action: string }) => e.action)).not.toContain('offer.declined');
    expect(after.notices.map((n: { type: string }) => n.type)).not.toContain('OFFER_DECLINED');
  });
});
