import { AbsencesService } from '../../src/modules/attendance/absences.service';
import { ContractsService } from '../../src/modules/contracts/contracts.service';
import {
  createActor,
  createCreche,
  createParentWithChild,
  createTerritory,
  IntegrationApp,
  startIntegrationApp,
} from '../support/integration-app';
import { untilWaitingOnLocks, withHeldTransaction } from '../support/held-transaction';

describe('An absence and the issue of its month (docs/rules.md#r812)', () => {
  let t: IntegrationApp;

  beforeAll(async () => {
    t = await startIntegrationApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("waits for the crèche's first issue under way, as for any other (its invoice sequence exists from the start)", async () => {
    const admin = await createActor(t, 'ADMIN');
    const manager = await createActor(t, 'MANAGER');
    const creche = await createCreche(t, admin, (await createTerritory(t, admin)).id, [manager]);
    const parent = await createParentWithChild(t);
    await t.get(ContractsService).create(manager, creche.id, {
      childId: parent.childId,
      startDate: '2027-01-04',
      endDate: '2027-06-30',
      schedule: [1, 2, 3, 4].map((weekday) => ({ weekday, from: '08:00', to: '17:00' })),
    });
    // An issue of the crèche's first month, under way: it holds the sequence row as BillingRepository.lockSequence does.
    const recorded = await withHeldTransaction(t.dataSource, async (issue) => {
      await issue.query(`INSERT INTO invoice_sequences (creche_id) VALUES ($1) ON CONFLICT DO NOTHING`, [creche.id]);
      await issue.query(`SELECT last_number FROM invoice_sequences WHERE creche_id = $1 FOR UPDATE`, [creche.id]);
      const recording = t.get(AbsencesService).record(manager, creche.id, {
        childId: parent.childId,
        reason: 'ILLNESS',
        from: '2027-02-08',
        to: '2027-02-09',
      });
      // Waiting for the issue: it will see the absence, or the absence will see its invoice, never neither.
      await untilWaitingOnLocks(t.dataSource);
      await issue.rollbackTransaction();
      return recording;
    });
    expect(recorded.childId).toBe(parent.childId);
  });
});
