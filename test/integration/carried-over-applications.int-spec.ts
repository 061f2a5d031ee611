import { RoundsService } from '../../src/modules/allocation/rounds.service';
import { ApplicationsService } from '../../src/modules/applications/applications.service';
import { fullWeek } from '../support/factories';
import {
  createActor,
  createCreche,
  createParentWithChild,
  createTerritory,
  IntegrationApp,
  IntegrationParent,
  START_DATE,
  startIntegrationApp,
  submitApplication,
} from '../support/integration-app';

/**
 * An application the territory kept on its own waitlist before Berceau (the demo's, an import at go-live) keeps its
 * first submission date, and that seniority counts in the round; a date after now is never taken.
 */
describe('Applications carried over from an earlier waitlist', () => {
  let t: IntegrationApp;

  beforeAll(async () => {
    t = await startIntegrationApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const carryOver = (parent: IntegrationParent, crecheId: string, submittedAt: Date) =>
    t.get(ApplicationsService).create(
      parent,
      {
        childId: parent.childId,
        desiredStartDate: START_DATE,
        schedule: fullWeek('08:00', '16:00'),
        preferences: [{ crecheId }],
      },
      { submittedAt },
    );

  it('keeps the earlier date, says it in the journal, and ranks it ahead of a newer equal application', async () => {
    const admin = await createActor(t, 'ADMIN');
    const manager = await createActor(t, 'MANAGER');
    const territoryId = (await createTerritory(t, admin)).id;
    const creche = await createCreche(t, admin, territoryId, [manager], { places: 1 });
    const newer = await createParentWithChild(t);
    await submitApplication(t, newer, [creche.id]);
    const older = await createParentWithChild(t);
    const since = new Date(Date.now() - 200 * 86_400_000);
    const carried = await carryOver(older, creche.id, since);

    expect(carried.submittedAt.toISOString()).toBe(since.toISOString());
    expect(carried.lastConfirmedAt.getTime()).toBeGreaterThan(since.getTime());
    const [event] = await t.dataSource.query(
      `SELECT details FROM audit_events WHERE subject_id = $1 AND action = 'application.submitted'`,
      [carried.id],
    );
    expect(event.details.submittedAt).toBe(since.toISOString());

    const round = await t.get(RoundsService).create(manager, [creche.id], START_DATE);
    expect(round.result.placements.map((p) => p.applicationId)).toEqual([carried.id]);
  });

  it('never takes a first submission after now: the application is submitted now', async () => {
    const admin = await createActor(t, 'ADMIN');
    const territoryId = (await createTerritory(t, admin)).id;
    const creche = await createCreche(t, admin, territoryId, [], {});
    const parent = await createParentWithChild(t);
    const before = Date.now();
    const application = await carryOver(parent, creche.id, new Date(Date.now() + 30 * 86_400_000));

    expect(application.submittedAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(application.submittedAt.getTime()).toBeLessThanOrEqual(Date.now());
    const [event] = await t.dataSource.query(
      `SELECT details FROM audit_events WHERE subject_id = $1 AND action = 'application.submitted'`,
      [application.id],
    );
    expect(event.details.submittedAt).toBeUndefined();
  });
});
