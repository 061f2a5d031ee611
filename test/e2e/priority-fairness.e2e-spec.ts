import { untilBlockedBy, withHeldTransaction } from '../support/held-transaction';
import { assignManagers, createCreche, createTerritory, fullWeek } from '../support/factories';
import { createParentWithChild, TestParent } from '../support/families';
import { createUser, login, PASSWORD, startTestApp, TestApp, TestUser, uniqueEmail } from '../support/test-app';

/**
 * Allocation counts what a manager saw proved, and nothing a family can game by changing a declaration, re-applying or
 * joining a parent (docs/rules.md R1.3, R5.4, R5.8): each `it` is an attack that once worked.
 */
describe('Priority fairness (verified claims, refusals)', () => {
  let t: TestApp;
  let admin: TestUser;
  let manager: TestUser;
  let territoryId: string;
  const START = '2027-01-04';

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, 'ADMIN');
    manager = await createUser(t, 'MANAGER');
    territoryId = (await createTerritory(t, admin)).id;
  });
  afterAll(async () => {
    await t.close();
  });

  async function newCreche(places = 1) {
    const creche = await createCreche(t, admin, territoryId, {
      kind: 'COLLECTIVE',
      places,
      capacityBands: [],
      maxAgeMonths: 48,
      offerResponseDays: 30,
    });
    await assignManagers(t, admin, creche.id, manager);
    return creche;
  }
  const apply = (p: TestParent, crecheId: string) =>
    t
      .http()
      .post('/applications')
      .set(p.auth)
      .send({
        childId: p.childId,
        desiredStartDate: START,
        schedule: fullWeek('08:00', '16:00'),
        preferences: [crecheId],
      });
  const runRound = (crecheId: string) =>
    t
      .http()
      .post('/allocation-rounds')
      .set(manager.auth)
      .send({ crecheIds: [crecheId], startDate: START })
      .expect(201);
  const confirm = (roundId: string) =>
    t.http().post(`/allocation-rounds/${roundId}/confirm`).set(manager.auth).send({}).expect(200);
  const setDisability = (p: TestParent, disability: boolean) =>
    t.http().patch(`/families/${p.familyId}/children/${p.childId}`).set(p.auth).send({ disability }).expect(200);
  const waitlistEntry = async (crecheId: string, applicationId: string) => {
    const page = await t.http().get(`/creches/${crecheId}/waitlist`).set(manager.auth).expect(200);
    return (
      page.body.items as { applicationId: string; score: number; verifiedScore: number; breakdown: unknown[] }[]
    ).find((e) => e.applicationId === applicationId)!;
  };

  describe('a disability lifts the age limit only once verified (R1.3, R5.8)', () => {
    // Born 2022-06-01: 55 months old on 2027-01-04, over the crèche's 48 months, under the 72 of a disability.
    const OVER_AGE = { birthDate: '2022-06-01', disability: false };

    it('files an over-age application on a declared disability, flags it, and keeps it out of rounds until verified', async () => {
      const creche = await newCreche(2);
      const older = await createParentWithChild(t, {}, OVER_AGE);
      const other = await createParentWithChild(t);
      expect((await apply(older, creche.id).expect(400)).body.details).toEqual([
        { field: 'preferences[0]', errors: [expect.stringContaining('too old')] },
      ]);
      await setDisability(older, true);
      // A family may apply before its proof is seen; the exemption waits for the check, and both sides are told.
      const application = await apply(older, creche.id).expect(201);
      await apply(other, creche.id).expect(201);
      const standing = await t.http().get(`/applications/${application.body.id}`).set(older.auth).expect(200);
      expect(standing.body.creches[0]).toMatchObject({ crecheId: creche.id, ageExemptionAwaitsVerification: true });
      const seenByManager = await t.http().get(`/applications/${application.body.id}`).set(manager.auth).expect(200);
      expect(seenByManager.body.creches[0].ageExemptionAwaitsVerification).toBe(true);

      const round = await runRound(creche.id);
      expect(round.body.placements.map((p: { familyId: string }) => p.familyId)).toEqual([other.familyId]);
      expect(round.body.unplaced).toEqual([
        { applicationId: application.body.id, reasons: [{ crecheId: creche.id, reason: 'AGE' }] },
      ]);

      await t
        .http()
        .post(`/families/${older.familyId}/claims`)
        .set(manager.auth)
        .send({ claim: 'CHILD_DISABILITY', childId: older.childId, value: true })
        .expect(204);
      const after = await t.http().get(`/applications/${application.body.id}`).set(older.auth).expect(200);
      expect(after.body.creches[0].ageExemptionAwaitsVerification).toBe(false);
      const again = await runRound(creche.id);
      expect(again.body.placements.map((p: { familyId: string }) => p.familyId).sort()).toEqual(
        [older.familyId, other.familyId].sort(),
      );
    });

    /** An over-age child placed by a round on its verified disability: the household and its open offer. */
    async function overAgeOffered() {
      const creche = await newCreche(1);
      const older = await createParentWithChild(t, {}, { ...OVER_AGE, disability: true });
      await apply(older, creche.id).expect(201);
      await t
        .http()
        .post(`/families/${older.familyId}/claims`)
        .set(manager.auth)
        .send({ claim: 'CHILD_DISABILITY', childId: older.childId, value: true })
        .expect(204);
      const round = await runRound(creche.id);
      expect(round.body.placements).toHaveLength(1);
      const [offer] = (await confirm(round.body.id)).body.offers as { id: string }[];
      return { older, offer };
    }

    it('refuses to accept an offer once the disability that placed an over-age child is withdrawn', async () => {
      const { older, offer } = await overAgeOffered();
      await setDisability(older, false);
      const refused = await t.http().post(`/offers/${offer.id}/accept`).set(older.auth).send({}).expect(409);
      expect(refused.body.code).toBe('OFFER.CHILD_AGE');
      const contracts = await t.dataSource.query(`SELECT id FROM contracts WHERE child_id = $1`, [older.childId]);
      expect(contracts).toEqual([]);
      expect((await t.http().get(`/offers/${offer.id}`).set(older.auth).expect(200)).body.status).toBe('OPEN');
    });

    it('does not accept on a disability being unflagged at the same moment', async () => {
      const { older, offer } = await overAgeOffered();
      // The family's update of the child is under way (its row written, not committed) when the acceptance comes:
      // the acceptance waits for it, then reads the disability withdrawn.
      const accepted = await withHeldTransaction(t.dataSource, async (tx) => {
        await tx.query(`UPDATE children SET disability = false WHERE id = $1`, [older.childId]);
        const answer = t
          .http()
          .post(`/offers/${offer.id}/accept`)
          .set(older.auth)
          .send({})
          .then((r) => r);
        await untilBlockedBy(t.dataSource, tx);
        await tx.commitTransaction();
        return answer;
      });
      expect(accepted.status).toBe(409);
      expect(accepted.body.code).toBe('OFFER.CHILD_AGE');
      expect(await t.dataSource.query(`SELECT id FROM contracts WHERE child_id = $1`, [older.childId])).toEqual([]);
    });
  });

  it('does not accept once the crèche lowers its age limit at the same moment', async () => {
    const creche = await newCreche(1);
    // 43 months on the start date, under the crèche's 48.
    const parent = await createParentWithChild(t, {}, { birthDate: '2023-06-01' });
    await apply(parent, creche.id).expect(201);
    const [offer] = (await confirm((await runRound(creche.id)).body.id)).body.offers as { id: string }[];
    // The crèche's limit lowered to 36 months (an admin's change under way) when the family accepts: the acceptance
    // waits for the crèche's row, then reads the new limit.
    const accepted = await withHeldTransaction(t.dataSource, async (tx) => {
      await tx.query(`UPDATE creches SET max_age_months = 36 WHERE id = $1`, [creche.id]);
      const answer = t
        .http()
        .post(`/offers/${offer.id}/accept`)
        .set(parent.auth)
        .send({})
        .then((r) => r);
      await untilBlockedBy(t.dataSource, tx);
      await tx.commitTransaction();
      return answer;
    });
    expect(accepted.status).toBe(409);
    expect(accepted.body.code).toBe('OFFER.CHILD_AGE');
    expect(await t.dataSource.query(`SELECT id FROM contracts WHERE child_id = $1`, [parent.childId])).toEqual([]);
  });

  describe('refusals follow the child (R5.4)', () => {
    async function declinedOnce() {
      const creche = await newCreche(1);
      const parent = await createParentWithChild(t);
      const first = await apply(parent, creche.id).expect(201);
      const round = await runRound(creche.id);
      const [offer] = (await confirm(round.body.id)).body.offers as { id: string }[];
      return { creche, parent, first, offer };
    }

    it('carries a declined offer into the application filed after withdrawing', async () => {
      const { creche, parent, first, offer } = await declinedOnce();
      await t.http().post(`/offers/${offer.id}/decline`).set(parent.auth).send({}).expect(200);
      const declined = await t.http().get(`/applications/${first.body.id}`).set(parent.auth).expect(200);
      expect(declined.body.refusals).toBe(1);
      await t.http().post(`/applications/${first.body.id}/withdraw`).set(parent.auth).expect(200);
      const second = await apply(parent, creche.id).expect(201);
      expect(second.body.refusals).toBe(1);
      const entry = await waitlistEntry(creche.id, second.body.id);
      expect(entry.breakdown).toContainEqual(expect.objectContaining({ criterion: 'REFUSALS (1)', points: -20 }));
      // A third application carries the count once, not once per earlier application.
      await t.http().post(`/applications/${second.body.id}/withdraw`).set(parent.auth).expect(200);
      expect((await apply(parent, creche.id).expect(201)).body.refusals).toBe(1);
    });

    it('counts withdrawing an application while its offer is open as a refusal of that offer', async () => {
      const { creche, parent, first } = await declinedOnce();
      await t.http().post(`/applications/${first.body.id}/withdraw`).set(parent.auth).expect(200);
      expect((await t.http().get(`/applications/${first.body.id}`).set(parent.auth).expect(200)).body.refusals).toBe(1);
      expect((await apply(parent, creche.id).expect(201)).body.refusals).toBe(1);
    });
  });

  describe('a manager verifies the value they saw (R5.8)', () => {
    it('refuses with 409 when the declaration changed since the manager read it, and records the value seen', async () => {
      const creche = await newCreche(1);
      const parent = await createParentWithChild(t, { parentsActivity: 'ONE_WORKING_ONE_INACTIVE' });
      const application = await apply(parent, creche.id).expect(201);
      // The manager reads the waitlist (ONE_WORKING_ONE_INACTIVE), then the family switches to BOTH_WORKING.
      const seen = await waitlistEntry(creche.id, application.body.id);
      expect(seen.breakdown).toContainEqual(expect.objectContaining({ criterion: 'ONE_WORKING_ONE_INACTIVE' }));
      await t
        .http()
        .patch(`/families/${parent.familyId}`)
        .set(parent.auth)
        .send({ parentsActivity: 'BOTH_WORKING' })
        .expect(200);
      const verify = (value: unknown) =>
        t
          .http()
          .post(`/families/${parent.familyId}/claims`)
          .set(manager.auth)
          .send({ claim: 'PARENTS_ACTIVITY', value });
      const stale = await verify('ONE_WORKING_ONE_INACTIVE').expect(409);
      expect(stale.body.code).toBe('CLAIM.DECLARATION_CHANGED');
      expect(stale.body.message).toMatch(/a changé/);
      const unchanged = await waitlistEntry(creche.id, application.body.id);
      expect(unchanged.verifiedScore).toBe(seen.verifiedScore);
      // Without the value seen, or with one that is no value of the claim: 400 naming the field.
      const missing = await t
        .http()
        .post(`/families/${parent.familyId}/claims`)
        .set(manager.auth)
        .send({ claim: 'PARENTS_ACTIVITY' })
        .expect(400);
      expect(missing.body.details).toContainEqual(expect.objectContaining({ field: 'value' }));
      expect((await verify(true).expect(400)).body.details).toContainEqual(expect.objectContaining({ field: 'value' }));
      await verify('BOTH_WORKING').expect(204);
      const verified = await waitlistEntry(creche.id, application.body.id);
      expect(verified.breakdown).toContainEqual(
        expect.objectContaining({ criterion: 'BOTH_WORKING', points: 40, verified: true }),
      );
    });
  });

  describe('a second parent joining ends the single-parent verification', () => {
    it('drops the verified SINGLE_PARENT claim and its points in the join, and the waitlist follows', async () => {
      const creche = await newCreche(1);
      const parent = await createParentWithChild(t, { singleParent: true });
      const application = await apply(parent, creche.id).expect(201);
      await t
        .http()
        .post(`/families/${parent.familyId}/claims`)
        .set(manager.auth)
        .send({ claim: 'SINGLE_PARENT', value: true })
        .expect(204);
      const before = await waitlistEntry(creche.id, application.body.id);
      expect(before.breakdown).toContainEqual(
        expect.objectContaining({ criterion: 'SINGLE_PARENT', points: 30, verified: true }),
      );

      const email = uniqueEmail('second');
      await t
        .http()
        .post('/auth/register')
        .send({ email, password: PASSWORD, firstName: 'Alex', lastName: 'M' })
        .expect(202);
      await t.dataSource.query(`UPDATE users SET email_verified_at = now() WHERE email = $1`, [email]);
      const second = await login(t, email);
      const inv = await t
        .http()
        .post(`/families/${parent.familyId}/invitations`)
        .set(parent.auth)
        .send({ email })
        .expect(201);
      await t.http().post(`/family-invitations/${inv.body.id}/accept`).set(second.auth).expect(200);

      const [family] = await t.dataSource.query(`SELECT verified_claims FROM families WHERE id = $1`, [
        parent.familyId,
      ]);
      expect(family.verified_claims).not.toHaveProperty('SINGLE_PARENT');
      const after = await waitlistEntry(creche.id, application.body.id);
      expect(after.verifiedScore).toBe(before.verifiedScore - 30);
      expect(after.breakdown).toContainEqual(expect.objectContaining({ criterion: 'SINGLE_PARENT', verified: false }));

      // The manager's check of the proof they opened before the join comes after it: refused, nothing recorded.
      const late = await t
        .http()
        .post(`/families/${parent.familyId}/claims`)
        .set(manager.auth)
        .send({ claim: 'SINGLE_PARENT', value: true })
        .expect(409);
      expect(late.body.code).toBe('CLAIM.TWO_PARENTS');
      expect(late.body.message).toMatch(/second parent/);
      const [still] = await t.dataSource.query(`SELECT verified_claims FROM families WHERE id = $1`, [parent.familyId]);
      expect(still.verified_claims).not.toHaveProperty('SINGLE_PARENT');

      // A third account cannot join to borrow the household's proven situation: not invited once there are two
      // parents, and an invitation sent before the second joined is refused at acceptance.
      const third = async (name: string) => {
        const address = uniqueEmail(name);
        await t
          .http()
          .post('/auth/register')
          .send({ email: address, password: PASSWORD, firstName: 'Tiers', lastName: 'X' })
          .expect(202);
        await t.dataSource.query(`UPDATE users SET email_verified_at = now() WHERE email = $1`, [address]);
        return { address, user: await login(t, address) };
      };
      const refused = await t
        .http()
        .post(`/families/${parent.familyId}/invitations`)
        .set(parent.auth)
        .send({ email: (await third('third')).address })
        .expect(409);
      expect(refused.body.code).toBe('FAMILY.PARENTS_LIMIT');
      const early = await third('early');
      await t.dataSource.query(`INSERT INTO family_invitations (family_id, email, invited_by) VALUES ($1, $2, $3)`, [
        parent.familyId,
        early.address,
        parent.id,
      ]);
      const [{ id: pending }] = await t.dataSource.query(`SELECT id FROM family_invitations WHERE email = $1`, [
        early.address,
      ]);
      const joined = await t.http().post(`/family-invitations/${pending}/accept`).set(early.user.auth).expect(409);
      expect(joined.body.code).toBe('FAMILY.PARENTS_LIMIT');
      expect(
        (await t.dataSource.query(`SELECT 1 FROM family_members WHERE family_id = $1`, [parent.familyId])).length,
      ).toBe(2);
    });
  });
});
