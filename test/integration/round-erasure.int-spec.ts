import { dayOf } from '../../src/common/time/calendar';
import type {
  AllocationResult,
  AllocationSnapshot,
  SnapshotApplicant,
} from '../../src/modules/allocation/domain/snapshot';
import { EraseRoundsOfErasedHouseholds1765010000000 } from '../../migrations/1765010000000-EraseRoundsOfErasedHouseholds';
import { ClearErasedExclusionNotes1765060000000 } from '../../migrations/1765060000000-ClearErasedExclusionNotes';
import { RoundsErasureHandler } from '../../src/modules/allocation/rounds-erasure.handler';
import { RoundsService } from '../../src/modules/allocation/rounds.service';
import { ApplicationsService } from '../../src/modules/applications/applications.service';
import { ChildrenService } from '../../src/modules/families/children.service';
import type { CreateFamilyDto } from '../../src/modules/families/dto/family.dto';
import { FamiliesService } from '../../src/modules/families/families.service';
import { PrivacyService } from '../../src/modules/privacy/privacy.service';
import { fullWeek } from '../support/factories';
import { HOUSEHOLD } from '../support/families';
import {
  createActor,
  createCreche,
  createTerritory,
  IntegrationApp,
  IntegrationUser,
  START_DATE,
  startIntegrationApp,
} from '../support/integration-app';

describe(RoundsErasureHandler.name, () => {
  let t: IntegrationApp;
  let admin: IntegrationUser;
  let territoryId: string;

  beforeAll(async () => {
    t = await startIntegrationApp();
    admin = await createActor(t, 'ADMIN');
    territoryId = (await createTerritory(t, admin)).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A household on social minima whose child, born on `birthDate`, has a disability (both verified by the manager). */
  async function applyingHousehold(manager: IntegrationUser, crecheId: string, birthDate: string) {
    const parent = await createActor(t, 'PARENT');
    const family = await t
      .get(FamiliesService)
      .create(parent, { ...HOUSEHOLD, socialMinimaOrInsertion: true } as CreateFamilyDto);
    const child = await t
      .get(ChildrenService)
      .add(parent, family.id, { firstName: 'Lou', birthDate, disability: true });
    const application = await t.get(ApplicationsService).create(parent, {
      childId: child.id,
      desiredStartDate: START_DATE,
      schedule: fullWeek('08:00', '16:00'),
      preferences: [{ crecheId }],
    });
    await t.get(FamiliesService).verifyClaim(manager, family.id, { claim: 'SOCIAL_MINIMA_OR_INSERTION', value: true });
    // A round records a disability a manager verified (R1.3): the erasure must then remove it.
    await t
      .get(FamiliesService)
      .verifyClaim(manager, family.id, { claim: 'CHILD_DISABILITY', childId: child.id, value: true });
    return { familyId: family.id, applicationId: application.id };
  }

  const stored = async (roundId: string) => {
    const [row] = (await t.dataSource.query(
      `SELECT snapshot, result, snapshot_hash FROM allocation_rounds WHERE id = $1`,
      [roundId],
    )) as { snapshot: AllocationSnapshot; result: AllocationResult; snapshot_hash: string }[];
    return row;
  };
  const entryOf = (snapshot: AllocationSnapshot, familyId: string): SnapshotApplicant =>
    snapshot.applicants.find((a) => a.familyId === familyId)!;

  it("reduces the erased household's entries in confirmed and draft rounds, and leaves the others' as they were", async () => {
    const manager = await createActor(t, 'MANAGER');
    const creche = await createCreche(t, admin, territoryId, [manager], { places: 2, reservedInsertionPlaces: 2 });
    const erased = await applyingHousehold(manager, creche.id, '2026-02-10');
    const other = await applyingHousehold(manager, creche.id, '2026-03-17');
    const rounds = t.get(RoundsService);
    const confirmed = await rounds.create(manager, [creche.id], START_DATE);
    const draft = await rounds.create(manager, [creche.id], START_DATE);
    await rounds.confirm(manager, confirmed.id, []);
    // The manager left both out of the draft, each with a note: the erased household's note may name it or tell of
    // its health, so it goes; its reason stays, as the other's note does.
    await rounds.setExclusion(manager, draft.id, erased.applicationId, {
      reason: 'OTHER',
      comment: 'Mme X, suivi MDPH',
    });
    await rounds.setExclusion(manager, draft.id, other.applicationId, {
      reason: 'OTHER',
      comment: 'Dossier incomplet',
    });
    const before = await stored(confirmed.id);
    // The round did record the facts the erasure must remove.
    expect(entryOf(before.snapshot, erased.familyId)).toMatchObject({
      birth: dayOf('2026-02-10'),
      disability: true,
      socialMinimaOrInsertion: true,
    });
    expect(before.result.placements.find((p) => p.familyId === erased.familyId)?.reserved).toBe(true);

    await t.get(PrivacyService).erase(admin, erased.familyId);

    for (const roundId of [confirmed.id, draft.id]) {
      const after = await stored(roundId);
      expect(entryOf(after.snapshot, erased.familyId)).toEqual({
        ...entryOf(before.snapshot, erased.familyId),
        birth: dayOf('2026-02-01'),
        disability: false,
        socialMinimaOrInsertion: false,
        erased: true,
      });
      expect(after.result.placements.find((p) => p.familyId === erased.familyId)?.reserved).toBe(false);
      // The other household's entry and placement are exactly as the round recorded them.
      expect(entryOf(after.snapshot, other.familyId)).toEqual(entryOf(before.snapshot, other.familyId));
      expect(after.result.placements.find((p) => p.familyId === other.familyId)).toEqual(
        before.result.placements.find((p) => p.familyId === other.familyId),
      );
      // The hash follows the reduced snapshot; the audit log keeps the chain from the one recorded when it ran.
      const replay = await rounds.replay(manager, roundId);
      expect(replay).toMatchObject({ hashMatches: true, snapshotHash: after.snapshot_hash, erasedApplicants: 1 });
      expect(
        await t.count(
          `SELECT 1 FROM audit_events WHERE action = 'allocation_round.household_erased' AND subject_id = $1
              AND details->>'snapshotHash' = $2`,
          [roundId, after.snapshot_hash],
        ),
      ).toBe(1);
      // Reading the round's applicants still works on the reduced entries.
      expect((await rounds.applicants(manager, roundId)).map((a) => a.applicationId).sort()).toEqual(
        [erased.applicationId, other.applicationId].sort(),
      );
    }
    expect(before.snapshot_hash).not.toBe((await stored(confirmed.id)).snapshot_hash);
    const [{ exclusions }] = await t.dataSource.query(`SELECT exclusions FROM allocation_rounds WHERE id = $1`, [
      draft.id,
    ]);
    expect(exclusions).toEqual(
      expect.arrayContaining([
        { applicationId: erased.applicationId, reason: 'OTHER' },
        { applicationId: other.applicationId, reason: 'OTHER', comment: 'Dossier incomplet' },
      ]),
    );
    expect(JSON.stringify(exclusions)).not.toContain('MDPH');
    // A note written after the erasure, on the draft still holding the household's proposal, is not kept either.
    const again = await rounds.setExclusion(manager, draft.id, erased.applicationId, {
      reason: 'OTHER',
      comment: 'Mme X, à rappeler',
    });
    expect(again.exclusions.find((e) => e.applicationId === erased.applicationId)).toEqual({
      applicationId: erased.applicationId,
      reason: 'OTHER',
    });
  });

  it('reduces, by its migration, the rounds of households erased before erasure reached rounds', async () => {
    const manager = await createActor(t, 'MANAGER');
    const creche = await createCreche(t, admin, territoryId, [manager], { places: 2 });
    const erased = await applyingHousehold(manager, creche.id, '2026-02-10');
    const other = await applyingHousehold(manager, creche.id, '2026-03-17');
    const round = await t.get(RoundsService).create(manager, [creche.id], START_DATE);
    const before = await stored(round.id);
    // Erased as before: the household's row only, the round left as it was.
    await t.dataSource.query(`UPDATE families SET erased_at = now() WHERE id = $1`, [erased.familyId]);
    const q = t.dataSource.createQueryRunner();
    try {
      await new EraseRoundsOfErasedHouseholds1765010000000().up(q);
    } finally {
      await q.release();
    }
    const after = await stored(round.id);
    expect(entryOf(after.snapshot, erased.familyId)).toEqual({
      ...entryOf(before.snapshot, erased.familyId),
      birth: dayOf('2026-02-01'),
      disability: false,
      socialMinimaOrInsertion: false,
      erased: true,
    });
    expect(entryOf(after.snapshot, other.familyId)).toEqual(entryOf(before.snapshot, other.familyId));
    expect(await t.get(RoundsService).replay(manager, round.id)).toMatchObject({ hashMatches: true });
    expect(
      await t.count(
        `SELECT 1 FROM audit_events WHERE action = 'allocation_round.household_erased' AND subject_id = $1
            AND details->>'previousSnapshotHash' = $2`,
        [round.id, before.snapshot_hash],
      ),
    ).toBe(1);
  });

  it('removes, by its migration, the notes on households erased before erasure reached exclusions', async () => {
    const manager = await createActor(t, 'MANAGER');
    const creche = await createCreche(t, admin, territoryId, [manager], { places: 2 });
    const erased = await applyingHousehold(manager, creche.id, '2026-02-10');
    const other = await applyingHousehold(manager, creche.id, '2026-03-17');
    const rounds = t.get(RoundsService);
    const round = await rounds.create(manager, [creche.id], START_DATE);
    await rounds.setExclusion(manager, round.id, erased.applicationId, { reason: 'OTHER', comment: 'Mme X, MDPH' });
    await rounds.setExclusion(manager, round.id, other.applicationId, {
      reason: 'OTHER',
      comment: 'Dossier incomplet',
    });
    // Erased as before this rule: the snapshot reduced, the note left.
    await t.get(PrivacyService).erase(admin, erased.familyId);
    await t.dataSource.query(`UPDATE allocation_rounds SET exclusions = $2::jsonb WHERE id = $1`, [
      round.id,
      JSON.stringify([
        { applicationId: erased.applicationId, reason: 'OTHER', comment: 'Mme X, MDPH' },
        { applicationId: other.applicationId, reason: 'OTHER', comment: 'Dossier incomplet' },
      ]),
    ]);
    const q = t.dataSource.createQueryRunner();
    try {
      await new ClearErasedExclusionNotes1765060000000().up(q);
    } finally {
      await q.release();
    }
    const [{ exclusions }] = await t.dataSource.query(`SELECT exclusions FROM allocation_rounds WHERE id = $1`, [
      round.id,
    ]);
    expect(exclusions).toEqual([
      { applicationId: erased.applicationId, reason: 'OTHER' },
      { applicationId: other.applicationId, reason: 'OTHER', comment: 'Dossier incomplet' },
    ]);
  });

  it('never lets an erasure launder a snapshot changed outside Berceau: its replay keeps failing', async () => {
    const manager = await createActor(t, 'MANAGER');
    const creche = await createCreche(t, admin, territoryId, [manager], { places: 1 });
    const erased = await applyingHousehold(manager, creche.id, '2026-02-10');
    const other = await applyingHousehold(manager, creche.id, '2026-03-17');
    const rounds = t.get(RoundsService);
    const round = await rounds.create(manager, [creche.id], START_DATE);
    await rounds.confirm(manager, round.id, []);
    // Someone with the database's keys raises the other household's score in the stored snapshot.
    await t.dataSource.query(
      `UPDATE allocation_rounds SET snapshot = jsonb_set(snapshot, '{applicants}',
         (SELECT jsonb_agg(CASE WHEN x->>'familyId' = $2 THEN jsonb_set(x, '{preferences,0,score}', '99999'::jsonb)
                                ELSE x END ORDER BY n)
            FROM jsonb_array_elements(snapshot->'applicants') WITH ORDINALITY AS e(x, n))) WHERE id = $1`,
      [round.id, other.familyId],
    );
    expect((await rounds.replay(manager, round.id)).hashMatches).toBe(false);
    await t.get(PrivacyService).erase(admin, erased.familyId);
    // Reduced all the same (the erasure wins), and still failing its hash, the audit event saying so.
    expect(entryOf((await stored(round.id)).snapshot, erased.familyId)).toMatchObject({
      erased: true,
      disability: false,
    });
    expect((await rounds.replay(manager, round.id)).hashMatches).toBe(false);
    expect(
      await t.count(
        `SELECT 1 FROM audit_events WHERE action = 'allocation_round.household_erased' AND subject_id = $1
            AND details->>'tampered' = 'true'`,
        [round.id],
      ),
    ).toBe(1);
  });

  it('changes nothing when the household is erased again', async () => {
    const manager = await createActor(t, 'MANAGER');
    const creche = await createCreche(t, admin, territoryId, [manager], { places: 2 });
    const household = await applyingHousehold(manager, creche.id, '2026-02-10');
    const round = await t.get(RoundsService).create(manager, [creche.id], START_DATE);
    await t.get(PrivacyService).erase(admin, household.familyId);
    const once = await stored(round.id);
    await t.get(PrivacyService).erase(admin, household.familyId);
    expect(await stored(round.id)).toEqual(once);
    expect(
      await t.count(
        `SELECT 1 FROM audit_events WHERE action = 'allocation_round.household_erased' AND subject_id = $1`,
        [round.id],
      ),
    ).toBe(1);
  });
});
