import { DomainError } from '../../src/common/errors/domain-error';
import { OffersService } from '../../src/modules/allocation/offers.service';
import { RoundsService } from '../../src/modules/allocation/rounds.service';
import { CrechesService } from '../../src/modules/creches/creches.service';
import {
  createActor,
  createCreche,
  createParentWithChild,
  createTerritory,
  IntegrationApp,
  IntegrationParent,
  IntegrationUser,
  START_DATE,
  startIntegrationApp,
  submitApplication,
} from '../support/integration-app';

/** Issue #13, item 2: an open offer holds its place until it is answered, expires or is withdrawn. */
describe('Open offers hold their places', () => {
  let t: IntegrationApp;
  let rounds: RoundsService;
  let offers: OffersService;
  let admin: IntegrationUser;
  let territoryId: string;

  beforeAll(async () => {
    t = await startIntegrationApp();
    rounds = t.get(RoundsService);
    offers = t.get(OffersService);
    admin = await createActor(t, 'ADMIN');
    territoryId = (await createTerritory(t, admin)).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A 2-place crèche with `n` waiting families, and round 1 confirmed into offers. */
  async function firstRoundConfirmed(n: number) {
    const manager = await createActor(t, 'MANAGER');
    const creche = await createCreche(t, admin, territoryId, [manager], { places: 2 });
    const parents: IntegrationParent[] = [];
    for (let i = 0; i < n; i += 1) {
      const parent = await createParentWithChild(t);
      await submitApplication(t, parent, [creche.id]);
      parents.push(parent);
    }
    const round = await rounds.create(manager, [creche.id], START_DATE);
    const { offers: made } = await rounds.confirm(manager, round.id, []);
    return { manager, creche, parents, made };
  }

  const openOffers = (crecheId: string) =>
    t.count(`SELECT 1 FROM offers WHERE creche_id = $1 AND status = 'OPEN'`, [crecheId]);
  const parentOf = (parents: IntegrationParent[], familyId: string) => parents.find((p) => p.familyId === familyId)!;

  it('makes no second-round offer for places that open offers hold, and every open offer can then be accepted', async () => {
    const { manager, creche, parents, made } = await firstRoundConfirmed(4);
    expect(made).toHaveLength(2);
    const second = await rounds.create(manager, [creche.id], START_DATE);
    expect(second.result.placements).toHaveLength(0);
    await rounds.confirm(manager, second.id, []);
    expect(await openOffers(creche.id)).toBe(2);
    for (const offer of made) await offers.accept(parentOf(parents, offer.familyId), offer.id);
    expect(await t.count(`SELECT 1 FROM contracts WHERE creche_id = $1`, [creche.id])).toBe(2);
  });

  it('refuses a capacity cut under open offers, and lets the manager withdraw one: no refusal counted, the family told', async () => {
    const { manager, creche, made } = await firstRoundConfirmed(2);
    await expect(t.get(CrechesService).update(admin, creche.id, { places: 1 })).rejects.toMatchObject({
      code: 'CRECHE.CAPACITY_BELOW_PLANNED',
    });
    const withdrawn = await offers.withdraw(manager, made[0].id, 'CAPACITY_REDUCED');
    expect(withdrawn).toMatchObject({ status: 'WITHDRAWN', withdrawalReason: 'CAPACITY_REDUCED' });
    const [application] = await t.dataSource.query(`SELECT status, refusals FROM applications WHERE id = $1`, [
      made[0].applicationId,
    ]);
    expect(application).toEqual({ status: 'SUBMITTED', refusals: 0 });
    expect(
      await t.count(`SELECT 1 FROM notices WHERE type = 'OFFER_WITHDRAWN' AND subject_id = $1`, [made[0].id]),
    ).toBe(1);
    expect(
      await t.count(`SELECT 1 FROM audit_events WHERE action = 'offer.withdrawn' AND subject_id = $1`, [made[0].id]),
    ).toBe(1);
    await t.get(CrechesService).update(admin, creche.id, { places: 1 });
    await expect(offers.withdraw(manager, made[0].id, 'CAPACITY_REDUCED')).rejects.toMatchObject({
      code: 'OFFER.ALREADY_ANSWERED',
    });
  });

  it('withdraws the offer instead of counting a refusal when the crèche cannot honour it at acceptance', async () => {
    const { creche, parents, made } = await firstRoundConfirmed(2);
    // The capacity cut that the service refuses, made behind its back: the last line of defence must still hold.
    await t.dataSource.query(`UPDATE creches SET places = 1 WHERE id = $1`, [creche.id]);
    const error = await offers.accept(parentOf(parents, made[0].familyId), made[0].id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('OFFER.WITHDRAWN');
    const [offer] = await t.dataSource.query(
      `SELECT status, withdrawal_reason, contract_id FROM offers WHERE id = $1`,
      [made[0].id],
    );
    expect(offer).toEqual({ status: 'WITHDRAWN', withdrawal_reason: 'CAPACITY_REDUCED', contract_id: null });
    const [application] = await t.dataSource.query(`SELECT status, refusals FROM applications WHERE id = $1`, [
      made[0].applicationId,
    ]);
    expect(application).toEqual({ status: 'SUBMITTED', refusals: 0 });
    expect(
      await t.count(`SELECT 1 FROM notices WHERE type = 'OFFER_WITHDRAWN' AND subject_id = $1`, [made[0].id]),
    ).toBe(1);
  });
});
