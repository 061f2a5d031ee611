import type { Clock } from '../../src/common/time/clock';
import { ContractsService } from '../../src/modules/contracts/contracts.service';
import type { CreateContractDto } from '../../src/modules/contracts/dto/contract.dto';
import { ResourcesConfirmationService } from '../../src/modules/families/resources-confirmation.service';
import { fullWeek } from '../support/factories';
import {
  addSecondParent,
  createActor,
  createCreche,
  createParentWithChild,
  createTerritory,
  IntegrationApp,
  IntegrationParent,
  IntegrationUser,
  startIntegrationApp,
} from '../support/integration-app';
import { SmtpSink } from '../support/smtp-sink';
import { waitFor } from '../support/wait';

/**
 * What the yearly `families.confirm-resources` job runs (FamiliesProcessor delegates to
 * ResourcesConfirmationService.run): each January, households with a running contract are asked by e-mail to confirm
 * their resources, once per household and year. 2029 keeps these households apart from other files' contracts.
 */
describe(ResourcesConfirmationService.name, () => {
  const clock: Clock & { at: Date } = {
    at: new Date('2029-01-02T08:00:00Z'),
    now() {
      return this.at;
    },
  };
  const smtp = new SmtpSink();
  let t: IntegrationApp;
  let manager: IntegrationUser;
  let crecheId: string;

  beforeAll(async () => {
    await smtp.start();
    t = await startIntegrationApp({
      runWorkers: true,
      clock,
      env: { SMTP_URL: smtp.url, NOTICE_SWEEP_MIN_AGE_MS: '0' },
    });
    const admin = await createActor(t, 'ADMIN');
    manager = await createActor(t, 'MANAGER');
    const territory = await createTerritory(t, admin);
    crecheId = (await createCreche(t, admin, territory.id, [manager], { places: 20 })).id;
  });
  afterAll(async () => {
    await t?.close();
    await smtp.stop();
  });

  async function withContract(startDate: string, endDate: string): Promise<IntegrationParent> {
    const parent = await createParentWithChild(t);
    await t.get(ContractsService).create(manager, crecheId, {
      childId: parent.childId,
      startDate,
      endDate,
      schedule: fullWeek('08:00', '16:00'),
    } as CreateContractDto);
    return parent;
  }

  const noticesOf = (userId: string) =>
    t.dataSource.query(`SELECT status FROM notices WHERE recipient_user_id = $1 AND type = 'RESOURCES_CONFIRMATION'`, [
      userId,
    ]) as Promise<{ status: string }[]>;

  it('asks each household in care once a year, even when the job runs twice, and nobody else', async () => {
    const inCare = await withContract('2028-09-04', '2029-07-27');
    const couple = await withContract('2028-09-04', '2029-07-27');
    const secondParent = await addSecondParent(t, couple.familyId);
    const ended = await withContract('2028-01-03', '2028-07-28');
    const notYet = await withContract('2029-03-05', '2029-07-27');
    const waiting = await createParentWithChild(t);

    const first = await t.get(ResourcesConfirmationService).run();
    const second = await t.get(ResourcesConfirmationService).run();
    expect(first.notices).toBeGreaterThanOrEqual(3);
    expect(second).toEqual({ households: first.households, notices: 0 });

    const recipients = [inCare, couple, secondParent];
    await waitFor(async () => {
      const statuses = await Promise.all(recipients.map(async (p) => (await noticesOf(p.id)).map((n) => n.status)));
      return statuses.every((s) => s.length === 1 && s[0] === 'SENT');
    });
    for (const p of recipients) {
      const mails = smtp.to(p.email);
      expect(mails).toHaveLength(1);
      expect(mails[0].subject).toBe('Confirmez vos ressources pour 2029');
      expect(mails[0].text).toContain("avis d'imposition 2028");
    }
    for (const p of [ended, notYet, waiting]) {
      expect(await noticesOf(p.id)).toEqual([]);
      expect(smtp.to(p.email)).toEqual([]);
    }
    const audited = await t.count(
      `SELECT 1 FROM audit_events WHERE action = 'family.resources_confirmation_requested' AND subject_id = ANY($1::text[])`,
      [[inCare.familyId, couple.familyId]],
    );
    expect(audited).toBe(2);
  });
});
