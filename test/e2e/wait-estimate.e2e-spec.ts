import { WaitEstimateService } from '../../src/modules/waitlist/wait-estimate.service';
import { createCreche, createTerritory } from '../support/factories';
import { insertApplication, insertContract, insertDeclinedOffer, insertRound, Slot } from '../support/demand-factories';
import { createUser, startTestApp, TestApp, TestUser } from '../support/test-app';

const NOW = new Date('2027-03-01T10:00:00Z');
const weekdays: Slot[] = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '08:00', to: '17:00' }));
const saturdays: Slot[] = [{ weekday: 6, from: '08:00', to: '12:00' }];

describe(WaitEstimateService.name, () => {
  let t: TestApp;
  let admin: TestUser;
  let crecheId: string;
  let mine: string;
  let saturdayOnly: string;
  let territoryId: string;

  /**
   * A constructed history, on 1 March 2027, at a micro-crèche (maximum age 4 years):
   * - waiting, in rank order (same situation, the longest wait first): two weekday applications, one for Saturdays
   *   only (competes with nobody here), then mine (weekdays 08:00–17:00), then one more;
   * - in care on weekdays: born 2024-05-10 to 2027-08-31 (frees 2027-09-01), born 2024-11-20 to 2028-07-31 (school
   *   entry 2027-09-01), born 2025-06-15 from 2026-09-01 (school 2028-09-01), born 2025-09-01 from 2026-04-01
   *   (school 2028-09-01); on Saturdays: born 2025-01-01 to 2027-04-30, admitted 2026-06-01 (does not compete);
   * - admissions of weekday schedules in the last 12 months: 2 (2026-04-01 and 2026-09-01).
   * Mine is 3rd among competing applications, and nobody left the list in 12 months (k = 3): the 3rd release is
   * 2028-09-01; at 2 a year, 3 admissions take 18 months = 548 days → 2028-08-30. Expected: midway, 2028-08-31 (549
   * days away); the window: half the wait (275 days) either side, 2027-11-30 to 2029-06-02.
   */
  beforeAll(async () => {
    t = await startTestApp({ clock: { now: () => NOW } });
    admin = await createUser(t, 'ADMIN');
    territoryId = (await createTerritory(t, admin)).id;
    crecheId = (await createCreche(t, admin, territoryId)).id;
    const apply = async (schedule: Slot[], submittedAt: string) =>
      (await insertApplication(t, { commune: '88372', crecheId, schedule, submittedAt, birthDate: '2026-06-01' }))
        .applicationId;
    await apply(weekdays, '2026-01-05T10:00:00Z');
    saturdayOnly = await apply(saturdays, '2026-02-02T10:00:00Z');
    await apply(weekdays, '2026-03-02T10:00:00Z');
    mine = await apply(weekdays, '2026-06-01T10:00:00Z');
    await apply(weekdays, '2026-09-01T10:00:00Z');
    const care = (birthDate: string, startDate: string, endDate: string, schedule = weekdays) =>
      insertContract(t, { crecheId, birthDate, startDate, endDate, schedule });
    await care('2024-05-10', '2025-09-01', '2027-08-31');
    await care('2024-11-20', '2026-01-05', '2028-07-31');
    await care('2025-06-15', '2026-09-01', '2028-12-31');
    await care('2025-09-01', '2026-04-01', '2029-01-31');
    await care('2025-01-01', '2026-06-01', '2027-04-30', saturdays);
  });
  afterAll(async () => {
    await t.close();
  });

  it('gives GET /applications/:id an estimated window per crèche with its basis in plain words', async () => {
    const res = await t.http().get(`/applications/${mine}`).set(admin.auth).expect(200);
    const [standing] = res.body.creches;
    expect(standing.rank).toBe(4); // 4th of the crèche's whole list; 3rd among schedules competing with it
    expect(standing.estimate).toEqual({
      outlook: 'WINDOW',
      expectedMonth: '2028-08',
      earliestMonth: '2027-11',
      latestMonth: '2029-06',
      // Born 2026-06-01: school entry on 2029-09-01, after the window.
      limit: { month: '2029-09', reason: 'SCHOOL_ENTRY' },
      text: '≈ août 2028, entre novembre 2027 et juin 2029',
      basis: {
        competingRank: 3,
        expectedRank: 3,
        leftWithoutOfferPercent: 0,
        releases: 4,
        admissionsLast12Months: 2,
        method: 'RELEASES_AND_PACE',
      },
      basisText:
        "Votre demande est 3e parmi celles dont les horaires concurrencent les vôtres ; 4 places de ces horaires se libèrent dans les 36 prochains mois (fins de contrat, entrées à l'école en septembre, limite d'âge de la crèche) ; 2 contrats sur ces horaires ont commencé dans la crèche au cours des 12 derniers mois (toutes admissions, par la liste d'attente de Berceau ou directement par la crèche). C'est une estimation, pas un engagement.",
    });
  });

  it('gives no estimate when no place of those hours frees up and none was admitted', async () => {
    // The Saturday application: first among Saturday schedules; the Saturday child leaves 2027-05-01, one admission.
    const res = await t.http().get(`/applications/${saturdayOnly}`).set(admin.auth).expect(200);
    expect(res.body.creches[0].estimate).toMatchObject({
      basis: { competingRank: 1, releases: 1, admissionsLast12Months: 1, method: 'RELEASES_AND_PACE' },
    });
    // Now the Saturday child left in December and was admitted before the last 12 months.
    await t.dataSource.query(
      `UPDATE contracts SET start_date = '2025-06-01', end_date = '2026-12-31'
        WHERE creche_id = $1 AND schedule @> '[{"weekday":6}]'`,
      [crecheId],
    );
    const none = await t.http().get(`/applications/${saturdayOnly}`).set(admin.auth).expect(200);
    expect(none.body.creches[0].estimate).toBeNull();
  });

  it('counts only the share of those ahead expected to stay, from who left the list in 12 months', async () => {
    // Two weekday applications left the list: one withdrawn without an offer, one after declining an offer: 50 %.
    const left = async (submittedAt: string) =>
      (await insertApplication(t, { commune: '88372', crecheId, schedule: weekdays, submittedAt, status: 'WITHDRAWN' }))
        .applicationId;
    const withdrawn = await left('2026-02-01T10:00:00Z');
    const declined = await left('2026-03-01T10:00:00Z');
    await t.dataSource.query(`UPDATE applications SET closed_at = '2026-12-01T10:00:00Z' WHERE id = ANY($1)`, [
      [withdrawn, declined],
    ]);
    const roundId = await insertRound(t, territoryId, crecheId, admin.id);
    await insertDeclinedOffer(t, { roundId, applicationId: declined, crecheId, createdAt: '2026-10-01T12:00:00Z' });
    // 2 ahead × 50 % = 1: k = 2. The 2nd release is 2027-09-01; 2 admissions at 2 a year: 365 days → 2028-02-29.
    // Midway: 2027-12-01 (275 days away), ± 138 days: 2027-07-16 to 2028-04-17.
    const res = await t.http().get(`/applications/${mine}`).set(admin.auth).expect(200);
    expect(res.body.creches[0].estimate).toMatchObject({
      expectedMonth: '2027-12',
      earliestMonth: '2027-07',
      latestMonth: '2028-04',
      text: '≈ décembre 2027, entre juillet 2027 et avril 2028',
      basis: { competingRank: 3, expectedRank: 2, leftWithoutOfferPercent: 50 },
    });
    expect(res.body.creches[0].estimate.basisText).toContain(
      "50 % des demandes de ces horaires sorties de la liste en 12 mois l'ont quittée sans offre de la crèche : des 2 demandes devant la vôtre, on estime qu'une sera encore là à votre tour",
    );
  });

  describe("bounded by the child's own limit (school entry, the crèche's maximum age)", () => {
    let bornInMarch: string;
    let bornInMay: string;

    /**
     * Another micro-crèche (4 years at most), on 1 March 2027: no child in care, one weekday admission in the last 12
     * months (2026-04-01 to 2027-02-28): a place a year. Six weekday applications, the longest wait first; the 3rd is
     * for a child born 2026-03-12, the 6th for one born 2026-05-15: both enter school on 2029-09-01.
     * - 3rd (k = 3): 3 years, 2030-03-01, ± 548 days: from 2028-08-31 — the expected date and the window's end are
     *   past school entry, its start is not: the window is cut at 2029-08-31;
     * - 6th (k = 6): 6 years, from 2030-03-01 — even the earliest date is past school entry: no date.
     */
    beforeAll(async () => {
      const other = (await createCreche(t, admin, territoryId)).id;
      const apply = async (submittedAt: string, birthDate = '2026-06-01') =>
        (await insertApplication(t, { commune: '88372', crecheId: other, schedule: weekdays, submittedAt, birthDate }))
          .applicationId;
      await apply('2026-01-05T10:00:00Z');
      await apply('2026-01-12T10:00:00Z');
      bornInMarch = await apply('2026-01-19T10:00:00Z', '2026-03-12');
      await apply('2026-01-26T10:00:00Z');
      await apply('2026-02-02T10:00:00Z');
      bornInMay = await apply('2026-02-09T10:00:00Z', '2026-05-15');
      await insertContract(t, {
        crecheId: other,
        birthDate: '2025-01-10',
        startDate: '2026-04-01',
        endDate: '2027-02-28',
        schedule: weekdays,
      });
    });

    it('never gives a month past school entry: the window is cut there, and says a place before is uncertain', async () => {
      const res = await t.http().get(`/applications/${bornInMarch}`).set(admin.auth).expect(200);
      expect(res.body.creches[0].estimate).toMatchObject({
        outlook: 'WINDOW',
        expectedMonth: '2029-08',
        earliestMonth: '2028-08',
        latestMonth: '2029-08',
        limit: { month: '2029-09', reason: 'SCHOOL_ENTRY' },
        text: "Au plus tôt août 2028, au plus tard août 2029, avant l'entrée à l'école de votre enfant (septembre 2029) : une place avant cette date est incertaine.",
        basis: { competingRank: 3, expectedRank: 3, releases: 0, admissionsLast12Months: 1, method: 'PACE' },
      });
    });

    it('says plainly a place before school entry is unlikely when even the earliest date is past it', async () => {
      const res = await t.http().get(`/applications/${bornInMay}`).set(admin.auth).expect(200);
      expect(res.body.creches[0].estimate).toMatchObject({
        outlook: 'UNLIKELY',
        expectedMonth: null,
        earliestMonth: null,
        latestMonth: null,
        limit: { month: '2029-09', reason: 'SCHOOL_ENTRY' },
        text: "Une place dans cette crèche avant l'entrée à l'école de votre enfant (septembre 2029) est peu probable : aucune date ne peut être estimée avant.",
        basis: { competingRank: 6, expectedRank: 6, method: 'PACE' },
      });
    });
  });
});
