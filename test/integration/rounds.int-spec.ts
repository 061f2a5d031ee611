import { DomainError } from '../../src/common/errors/domain-error';
import { RoundsService } from '../../src/modules/allocation/rounds.service';
import { SnapshotBuilder } from '../../src/modules/allocation/snapshot.builder';
import { ContractsService } from '../../src/modules/contracts/contracts.service';
import { ChildrenService } from '../../src/modules/families/children.service';
import { FamiliesService } from '../../src/modules/families/families.service';
import { CrechesService } from '../../src/modules/creches/creches.service';
import { fullWeek } from '../support/factories';
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

describe(RoundsService.name, () => {
  let t: IntegrationApp;
  let rounds: RoundsService;
  let admin: IntegrationUser;
  let territoryId: string;

  beforeAll(async () => {
    t = await startIntegrationApp();
    rounds = t.get(RoundsService);
    admin = await createActor(t, 'ADMIN');
    territoryId = (await createTerritory(t, admin)).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A 2-place crèche, `n` families with a SUBMITTED application there, and a DRAFT round over it. */
  async function draftRound(n: number) {
    const manager = await createActor(t, 'MANAGER');
    const creche = await createCreche(t, admin, territoryId, [manager], { places: 2 });
    const parents: IntegrationParent[] = [];
    const applicationIds: string[] = [];
    for (let i = 0; i < n; i += 1) {
      const parent = await createParentWithChild(t);
      applicationIds.push((await submitApplication(t, parent, [creche.id])).id);
      parents.push(parent);
    }
    const round = await rounds.create(manager, [creche.id], START_DATE);
    expect(round.status).toBe('DRAFT');
    expect(round.result.placements).toHaveLength(Math.min(n, 2));
    return { manager, creche, parents, applicationIds, round };
  }

  const offersOf = (roundId: string) => t.count(`SELECT 1 FROM offers WHERE round_id = $1`, [roundId]);
  const statusesOf = async (applicationIds: string[]) =>
    (
      (await t.dataSource.query(`SELECT status FROM applications WHERE id = ANY($1::uuid[])`, [applicationIds])) as {
        status: string;
      }[]
    ).map((r) => r.status);
  const offerMadeNotices = (familyIds: string[]) =>
    t.count(
      `SELECT 1 FROM notices n JOIN family_members m ON m.user_id = n.recipient_user_id WHERE n.type = 'OFFER_MADE' AND m.family_id = ANY($1::uuid[])`,
      [familyIds],
    );

  /** A refused confirmation leaves no trace: no offer, no notice, no event, applications waiting, the round a draft. */
  async function expectNothingConfirmed(roundId: string, applicationIds: string[], familyIds: string[]) {
    expect(await offersOf(roundId)).toBe(0);
    expect(await statusesOf(applicationIds)).toEqual(applicationIds.map(() => 'SUBMITTED'));
    const [round] = await t.dataSource.query(
      `SELECT status, confirmed_by, confirmed_at FROM allocation_rounds WHERE id = $1`,
      [roundId],
    );
    expect(round).toEqual({ status: 'DRAFT', confirmed_by: null, confirmed_at: null });
    expect(
      await t.count(`SELECT 1 FROM audit_events WHERE action = 'allocation_round.confirmed' AND subject_id = $1`, [
        roundId,
      ]),
    ).toBe(0);
    expect(await offerMadeNotices(familyIds)).toBe(0);
  }

  it('refuses to confirm a round when an application was submitted to its crèche after it ran', async () => {
    const { manager, creche, parents, applicationIds, round } = await draftRound(1);
    const latecomer = await createParentWithChild(t);
    const late = await submitApplication(t, latecomer, [creche.id]);

    await expect(rounds.confirm(manager, round.id, [])).rejects.toMatchObject({
      name: 'DomainError',
      code: 'ROUND.STALE',
    });

    await expectNothingConfirmed(
      round.id,
      [...applicationIds, late.id],
      [...parents, latecomer].map((p) => p.familyId),
    );
  });

  it("refuses to confirm a round when the crèche's capacity changed after it ran", async () => {
    const { manager, creche, parents, applicationIds, round } = await draftRound(1);
    await t.get(CrechesService).update(admin, creche.id, { places: 3 });

    await expect(rounds.confirm(manager, round.id, [])).rejects.toMatchObject({
      name: 'DomainError',
      code: 'ROUND.STALE',
    });

    await expectNothingConfirmed(
      round.id,
      applicationIds,
      parents.map((p) => p.familyId),
    );
  });

  it('confirms a round although an offer was made at another crèche, to a family not waiting here, after it ran', async () => {
    const { manager, parents, round } = await draftRound(1);
    const elsewhere = await draftRound(1);
    await rounds.confirm(elsewhere.manager, elsewhere.round.id, []);

    const confirmed = await rounds.confirm(manager, round.id, []);

    expect(confirmed.offers.map((o) => o.familyId)).toEqual([parents[0].familyId]);
  });

  it('refuses to confirm a round when a family waiting here got an offer at another crèche after it ran', async () => {
    const { manager, parents, applicationIds, round } = await draftRound(1);
    // The same household's second child, waiting at another crèche: its offer there takes the family's one turn.
    const family = parents[0];
    const sibling = await t
      .get(ChildrenService)
      .add(family, family.familyId, { firstName: 'Noé', birthDate: '2026-03-02', disability: false });
    const otherManager = await createActor(t, 'MANAGER');
    const other = await createCreche(t, admin, territoryId, [otherManager], { places: 2 });
    await submitApplication(t, { ...family, childId: sibling.id }, [other.id]);
    await rounds.confirm(otherManager, (await rounds.create(otherManager, [other.id], START_DATE)).id, []);

    await expect(rounds.confirm(manager, round.id, [])).rejects.toMatchObject({
      name: 'DomainError',
      code: 'ROUND.STALE',
    });

    expect(await offersOf(round.id)).toBe(0);
    expect(await statusesOf(applicationIds)).toEqual(['SUBMITTED']);
  });

  it("refuses to confirm a round when a manager verified a waiting family's claim after it ran (its rank moves)", async () => {
    const manager = await createActor(t, 'MANAGER');
    const creche = await createCreche(t, admin, territoryId, [manager], { places: 2 });
    const single = await createParentWithChild(t, { singleParent: true });
    const applicationIds = [(await submitApplication(t, single, [creche.id])).id];
    const round = await rounds.create(manager, [creche.id], START_DATE);
    await t.get(FamiliesService).verifyClaim(manager, single.familyId, { claim: 'SINGLE_PARENT', value: true });

    await expect(rounds.confirm(manager, round.id, [])).rejects.toMatchObject({
      name: 'DomainError',
      code: 'ROUND.STALE',
    });

    await expectNothingConfirmed(round.id, applicationIds, [single.familyId]);
  });

  it('refuses to confirm a round when a contract was created at the crèche after it ran', async () => {
    const { manager, creche, parents, applicationIds, round } = await draftRound(1);
    const other = await createParentWithChild(t);
    await t.get(ContractsService).create(manager, creche.id, {
      childId: other.childId,
      startDate: '2027-01-04',
      endDate: '2028-12-29',
      schedule: fullWeek(),
    });

    await expect(rounds.confirm(manager, round.id, [])).rejects.toMatchObject({
      name: 'DomainError',
      code: 'ROUND.STALE',
    });

    await expectNothingConfirmed(
      round.id,
      applicationIds,
      parents.map((p) => p.familyId),
    );
  });

  it('refuses a second confirmation of the same round and creates no extra offers', async () => {
    const { manager, parents, applicationIds, round } = await draftRound(2);
    const first = await rounds.confirm(manager, round.id, []);
    expect(first.offers).toHaveLength(2);
    expect(first.round.status).toBe('CONFIRMED');
    const [before] = await t.dataSource.query(
      `SELECT status, confirmed_by, confirmed_at FROM allocation_rounds WHERE id = $1`,
      [round.id],
    );

    await expect(rounds.confirm(manager, round.id, [])).rejects.toMatchObject({
      name: 'DomainError',
      code: 'ROUND.ALREADY_CONFIRMED',
    });

    expect(await offersOf(round.id)).toBe(2);
    expect(await statusesOf(applicationIds)).toEqual(['OFFERED', 'OFFERED']);
    expect(await offerMadeNotices(parents.map((p) => p.familyId))).toBe(2);
    expect(
      await t.count(`SELECT 1 FROM audit_events WHERE action = 'allocation_round.confirmed' AND subject_id = $1`, [
        round.id,
      ]),
    ).toBe(1);
    const [after] = await t.dataSource.query(
      `SELECT status, confirmed_by, confirmed_at FROM allocation_rounds WHERE id = $1`,
      [round.id],
    );
    expect(after).toEqual(before);
  });

  it('confirms a round once when two confirmations race', async () => {
    const { manager, parents, applicationIds, round } = await draftRound(2);

    const results = await Promise.allSettled([
      rounds.confirm(manager, round.id, []),
      rounds.confirm(manager, round.id, []),
    ]);

    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(rejected[0].reason).toBeInstanceOf(DomainError);
    expect((rejected[0].reason as DomainError).code).toBe('ROUND.ALREADY_CONFIRMED');
    expect(await offersOf(round.id)).toBe(2);
    expect(await statusesOf(applicationIds)).toEqual(['OFFERED', 'OFFERED']);
    expect(await offerMadeNotices(parents.map((p) => p.familyId))).toBe(2);
    expect(
      await t.count(`SELECT 1 FROM audit_events WHERE action = 'allocation_round.confirmed' AND subject_id = $1`, [
        round.id,
      ]),
    ).toBe(1);
  });

  it('answers 409 ROUND.STALE, not a 500, when rounds of two crèches confirm at once an offer to the same family', async () => {
    // One household, two children, each waiting at its own crèche: each crèche's round proposes one offer to it.
    const family = await createParentWithChild(t);
    const sibling = await t
      .get(ChildrenService)
      .add(family, family.familyId, { firstName: 'Noé', birthDate: '2026-03-02', disability: false });
    const drafts = [];
    for (const childId of [family.childId, sibling.id]) {
      const manager = await createActor(t, 'MANAGER');
      const creche = await createCreche(t, admin, territoryId, [manager], { places: 2 });
      const application = await submitApplication(t, { ...family, childId }, [creche.id]);
      drafts.push({ manager, application, round: await rounds.create(manager, [creche.id], START_DATE) });
    }
    // Both confirmations pass their staleness check before either has made its offer (each holds only its crèche).
    const fingerprint = SnapshotBuilder.prototype.fingerprint;
    let checked = 0;
    let bothChecked!: () => void;
    const barrier = new Promise<void>((resolve) => (bothChecked = resolve));
    jest.spyOn(SnapshotBuilder.prototype, 'fingerprint').mockImplementation(async function (
      this: SnapshotBuilder,
      ...a
    ) {
      const value = await fingerprint.apply(this, a);
      if ((checked += 1) === 2) bothChecked();
      await barrier;
      return value;
    });
    try {
      const results = await Promise.allSettled(drafts.map((d) => rounds.confirm(d.manager, d.round.id, [])));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const [refused] = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(refused.reason).toMatchObject({ name: 'DomainError', code: 'ROUND.STALE' });
    } finally {
      jest.restoreAllMocks();
    }
    expect(await t.count(`SELECT 1 FROM offers WHERE family_id = $1 AND status = 'OPEN'`, [family.familyId])).toBe(1);
  });

  it('deletes drafts older than the set age, audited, and keeps recent drafts and confirmed rounds (#13.15)', async () => {
    const old = await draftRound(1);
    const recent = await draftRound(1);
    const confirmedOld = await draftRound(1);
    await rounds.confirm(confirmedOld.manager, confirmedOld.round.id, []);
    await t.dataSource.query(
      `UPDATE allocation_rounds SET created_at = now() - interval '31 days' WHERE id = ANY($1::uuid[])`,
      [[old.round.id, confirmedOld.round.id]],
    );
    const deleted = await rounds.deleteStaleDrafts();
    expect(deleted).toBeGreaterThanOrEqual(1);
    const left = (await t.dataSource.query(`SELECT id FROM allocation_rounds WHERE id = ANY($1::uuid[])`, [
      [old.round.id, recent.round.id, confirmedOld.round.id],
    ])) as { id: string }[];
    expect(left.map((r) => r.id).sort()).toEqual([recent.round.id, confirmedOld.round.id].sort());
    expect(
      await t.count(`SELECT 1 FROM audit_events WHERE action = 'allocation_round.draft_deleted' AND subject_id = $1`, [
        old.round.id,
      ]),
    ).toBe(1);
  });
});
