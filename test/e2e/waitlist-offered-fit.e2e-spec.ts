import { WaitlistService } from '../../src/modules/waitlist/waitlist.service';
import { assignManagers, createCreche, createTerritory, fullWeek } from '../support/factories';
import { createParentWithChild, TestParent } from '../support/families';
import { createUser, startTestApp, TestApp, TestUser } from '../support/test-app';

interface Entry {
  applicationId: string;
  familyId: string;
  status: string;
  fitsNow: boolean;
  firstConflict: { date: string; from: string; to: string; present: number; limit: number; rule: string } | null;
}

/**
 * After a round is confirmed, each open offer holds its place (DOMAIN.md §6) — but not against its own application:
 * the manager's waitlist shows an OFFERED application as fitting when it fits beside everything planned but its own
 * offer (as accepting the offer does, `heldBy`). The newcomer's trial of the demo saw every OFFERED application marked
 * "INCOMPATIBLES" instead ("14 enfants pour 13 places").
 */
describe(`${WaitlistService.name}: fitsNow of offered applications`, () => {
  let t: TestApp;
  let admin: TestUser;
  let manager: TestUser;
  let crecheId: string;
  let parents: TestParent[];

  const waitlist = async (): Promise<Entry[]> =>
    (await t.http().get(`/creches/${crecheId}/waitlist`).set(manager.auth).expect(200)).body.items as Entry[];
  const byFamily = (entries: Entry[], p: TestParent) => entries.find((e) => e.familyId === p.familyId)!;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, 'ADMIN');
    manager = await createUser(t, 'MANAGER');
    const territoryId = (await createTerritory(t, admin)).id;
    // Two places, no surnombre, three families asking the same weekdays: the round offers two places.
    crecheId = (
      await createCreche(t, admin, territoryId, {
        kind: 'COLLECTIVE',
        places: 2,
        capacityBands: [],
        offerResponseDays: 30,
      })
    ).id;
    await assignManagers(t, admin, crecheId, manager);
    parents = [];
    for (let i = 0; i < 3; i += 1) {
      const p = await createParentWithChild(t);
      await t
        .http()
        .post('/applications')
        .set(p.auth)
        .send({
          childId: p.childId,
          desiredStartDate: '2027-09-06',
          schedule: fullWeek('08:00', '16:00'),
          preferences: [crecheId],
        })
        .expect(201);
      parents.push(p);
    }
  });
  afterAll(async () => {
    await t.close();
  });

  it('marks every application fitting before the round', async () => {
    const entries = await waitlist();
    expect(entries.map((e) => [e.status, e.fitsNow])).toEqual([
      ['SUBMITTED', true],
      ['SUBMITTED', true],
      ['SUBMITTED', true],
    ]);
  });

  it('after the round, counts each offer against the others but not against its own application', async () => {
    const round = await t
      .http()
      .post('/allocation-rounds')
      .set(manager.auth)
      .send({ crecheIds: [crecheId], startDate: '2027-09-06' })
      .expect(201);
    const confirmed = await t
      .http()
      .post(`/allocation-rounds/${round.body.id}/confirm`)
      .set(manager.auth)
      .send({})
      .expect(200);
    const offered = parents.filter((p) =>
      (confirmed.body.offers as { familyId: string }[]).some((o) => o.familyId === p.familyId),
    );
    const waiting = parents.filter((p) => !offered.includes(p));
    expect(offered).toHaveLength(2);

    const entries = await waitlist();
    for (const p of offered)
      expect(byFamily(entries, p)).toMatchObject({ status: 'OFFERED', fitsNow: true, firstConflict: null });
    // The family without an offer finds both places held by the two open offers: 3 children for 2 places.
    expect(byFamily(entries, waiting[0])).toMatchObject({
      status: 'SUBMITTED',
      fitsNow: false,
      firstConflict: { date: '2027-09-06', from: '08:00', to: '16:00', present: 3, limit: 2, rule: 'PLACES' },
    });
    // The filter the manager's page uses agrees.
    const fitting = (await t.http().get(`/creches/${crecheId}/waitlist?fitsNow=true`).set(manager.auth).expect(200))
      .body.items as Entry[];
    expect(fitting.map((e) => e.familyId).sort()).toEqual(offered.map((p) => p.familyId).sort());
  });

  it('counts an offered application against the others once a contract takes a place too', async () => {
    // A child already in care on Mondays (inserted directly, as a contract signed outside Berceau): with it, the
    // offered applications no longer fit on Mondays even without their own offer (the other offer and the contract).
    const [child] = await t.dataSource.query(
      `INSERT INTO children (family_id, first_name, birth_date) VALUES ($1, 'Noé', '2026-01-10') RETURNING id`,
      [parents[0].familyId],
    );
    await t.dataSource.query(
      `INSERT INTO contracts (creche_id, child_id, start_date, end_date, schedule, fee_inputs)
       VALUES ($1, $2, '2027-09-06', '2028-07-31', '[{"weekday":1,"from":"12:00","to":"13:00"}]',
               '{"monthlyResources":"2400.00","dependentChildren":1,"aeehChildren":0,"asePlacement":false}')`,
      [crecheId, child.id],
    );
    const entries = await waitlist();
    for (const e of entries.filter((x) => x.status === 'OFFERED'))
      expect(e).toMatchObject({
        fitsNow: false,
        firstConflict: { date: '2027-09-06', from: '12:00', to: '13:00', present: 3, limit: 2, rule: 'PLACES' },
      });
  });
});
