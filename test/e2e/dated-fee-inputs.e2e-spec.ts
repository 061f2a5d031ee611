import { ContractFeesService } from '../../src/modules/contracts/contract-fees.service';
import { backfillFeeChanges } from '../../migrations/1765020000000-DateContractFeeChanges';
import { assignManagers, createCreche, createTerritory } from '../support/factories';
import { createParentWithChild, declareResources, TestParent } from '../support/families';
import { createUser, movableClock, startTestApp, TestApp, TestUser } from '../support/test-app';

const monThu = [1, 2, 3, 4].map((weekday) => ({ weekday, from: '07:00', to: '17:00' }));

/**
 * A contract's inputs change from dates (docs/rules.md R4.13), and each date is billed on the changes dated on or
 * before it, whatever the order they were validated in (a Caf auditor's probe: a declaration applying from March,
 * validated after a manager's change dated May, billed March with May's change and May without the declaration).
 * Rates of the 2029 scale: 5 000 € × 0.0619 % = 3.10 €/h (one child), × 0.0516 % = 2.58 €/h (two), 2 400 € × 0.0619 %
 * = 1.49 €/h, × 0.0516 % = 1.24 €/h.
 */
describe('Dated changes of a contract’s fee inputs', () => {
  const clock = movableClock('2029-01-10T10:00:00Z');
  const at = clock.at;
  let t: TestApp;
  let admin: TestUser;
  let manager: TestUser;
  let crecheId: string;

  beforeAll(async () => {
    t = await startTestApp({ clock });
    admin = await createUser(t, 'ADMIN');
    manager = await createUser(t, 'MANAGER');
    const territory = await createTerritory(t, admin);
    crecheId = (
      await createCreche(t, admin, territory.id, { kind: 'COLLECTIVE', places: 30, capacityBands: [], closures: [] })
    ).id;
    await assignManagers(t, admin, crecheId, manager);
  });
  afterAll(async () => {
    await t.close();
  });

  const job = (contractId: string) => t.app.get(ContractFeesService).applyPendingInputs(contractId);
  const rateOn = async (contractId: string, date: string) => {
    const [row] = await t.dataSource.query(
      `SELECT hourly_rate::text AS rate FROM fee_computations
        WHERE contract_id = $1 AND family_id IS NULL AND effective_from <= $2::date
        ORDER BY effective_from DESC, created_at DESC LIMIT 1`,
      [contractId, date],
    );
    return row?.rate as string | undefined;
  };
  const contractRow = async (id: string) =>
    (
      (await t.dataSource.query(
        `SELECT fee_inputs, fee_pending_from, fee_inputs_version FROM contracts WHERE id = $1`,
        [id],
      )) as { fee_inputs: Record<string, unknown>; fee_pending_from: string | null; fee_inputs_version: number }[]
    )[0];
  const sign = async (parent: TestParent, startDate = '2029-02-01', endDate = '2029-08-31') => {
    await t.dataSource.query(
      `UPDATE families SET resources_checked_at = now(), children_checked_at = now() WHERE id = $1`,
      [parent.familyId],
    );
    const res = await t
      .http()
      .post(`/creches/${crecheId}/contracts`)
      .set(manager.auth)
      .send({
        childId: parent.childId,
        schedule: monThu,
        startDate,
        endDate,
        feeInputs: { monthlyResources: '2400.00', dependentChildren: 1 },
      })
      .expect(201);
    return res.body.id as string;
  };
  const twoChildrenFromMay = (contractId: string) =>
    t
      .http()
      .patch(`/contracts/${contractId}/fee-inputs`)
      .set(manager.auth)
      .send({ monthlyResources: '2400.00', dependentChildren: 2, effectiveFrom: '2029-05-01' })
      .expect(200);
  /** A declaration of 5 000 € sent in February: it applies from 1 March, and is validated now. */
  const declareFromMarch = async (parent: TestParent) =>
    expect(await declareResources(t, parent, admin, '5000.00')).toBe('2029-03-01');

  it("bills a declaration validated after a manager's later-dated change from its own date, and both from May", async () => {
    at('2029-01-10T10:00:00Z');
    const parent = await createParentWithChild(t, {}, { birthDate: '2027-05-10' });
    const contractId = await sign(parent);
    at('2029-02-05T10:00:00Z');
    await twoChildrenFromMay(contractId);
    await job(contractId);
    expect(await rateOn(contractId, '2029-05-01')).toBe('1.24');
    at('2029-02-06T10:00:00Z');
    await declareFromMarch(parent);
    await job(contractId);
    expect(await rateOn(contractId, '2029-02-01')).toBe('1.49');
    expect(await rateOn(contractId, '2029-03-01')).toBe('3.10'); // the declaration alone: one child
    expect(await rateOn(contractId, '2029-04-01')).toBe('3.10');
    expect(await rateOn(contractId, '2029-05-01')).toBe('2.58'); // the declaration's resources and the two children
    // The contract's latest inputs are every change's, in date order.
    expect((await contractRow(contractId)).fee_inputs).toMatchObject({
      monthlyResources: '5000.00',
      dependentChildren: 2,
    });
    // The invoices bill what the fees say, month by month.
    at('2029-06-02T08:00:00Z');
    const rates: Record<string, string> = {};
    for (const month of ['2029-02', '2029-03', '2029-04', '2029-05']) {
      await t.http().post(`/creches/${crecheId}/invoices/issue`).set(manager.auth).send({ month }).expect(200);
      const [line] = await t.dataSource.query(
        `SELECT l.hourly_rate::text AS rate FROM invoices i JOIN invoice_lines l ON l.invoice_id = i.id
          WHERE i.family_id = $1 AND i.month = $2::date AND i.kind = 'INVOICE' AND l.kind = 'INSTALMENT'`,
        [parent.familyId, `${month}-01`],
      );
      rates[month] = line.rate;
    }
    expect(rates).toEqual({ '2029-02': '1.49', '2029-03': '3.10', '2029-04': '3.10', '2029-05': '2.58' });
  });

  it('bills two changes recorded before the job runs, each from its own date', async () => {
    at('2029-01-10T10:00:00Z');
    const parent = await createParentWithChild(t, {}, { birthDate: '2027-05-10' });
    const contractId = await sign(parent);
    at('2029-02-05T10:00:00Z');
    await twoChildrenFromMay(contractId);
    await declareFromMarch(parent);
    await job(contractId);
    expect(await rateOn(contractId, '2029-02-01')).toBe('1.49');
    expect(await rateOn(contractId, '2029-03-01')).toBe('3.10');
    expect(await rateOn(contractId, '2029-05-01')).toBe('2.58');
    // Run again: nothing is waiting, nothing more is stored.
    const count = async () =>
      (
        await t.dataSource.query(`SELECT count(*)::int AS n FROM fee_computations WHERE contract_id = $1`, [contractId])
      )[0].n as number;
    const before = await count();
    await job(contractId);
    expect(await count()).toBe(before);
  });

  it('bills a contract whose change waited for the worker when dated changes came in (the migration)', async () => {
    at('2029-01-10T10:00:00Z');
    const parent = await createParentWithChild(t, {}, { birthDate: '2027-05-10' });
    const contractId = await sign(parent);
    at('2029-02-05T10:00:00Z');
    await twoChildrenFromMay(contractId);
    await job(contractId);
    await declareFromMarch(parent);
    // As before this table: the stored fees, the contract's merged inputs, the declaration's fee pending from March.
    await t.dataSource.query(`DELETE FROM contract_fee_changes WHERE contract_id = $1`, [contractId]);
    await backfillFeeChanges(t.dataSource, [contractId]);
    await job(contractId);
    expect(await rateOn(contractId, '2029-02-01')).toBe('1.49');
    expect(await rateOn(contractId, '2029-03-01')).toBe('3.10');
    expect(await rateOn(contractId, '2029-05-01')).toBe('2.58');
  });

  it("bills a manager's change from a contract's start over a declaration applying from before it, in either order", async () => {
    const june = async (managerFirst: boolean) => {
      at('2029-01-10T10:00:00Z');
      const parent = await createParentWithChild(t, {}, { birthDate: '2027-05-10' });
      const contractId = await sign(parent, '2029-06-01', '2029-12-31');
      const patch = async () => {
        await t
          .http()
          .patch(`/contracts/${contractId}/fee-inputs`)
          .set(manager.auth)
          .send({ monthlyResources: '3000.00', dependentChildren: 1, effectiveFrom: '2029-06-01' })
          .expect(200);
        await job(contractId);
      };
      if (managerFirst) await patch();
      at('2029-02-05T10:00:00Z');
      await declareFromMarch(parent); // from 1 March, before the contract's start
      await job(contractId);
      if (!managerFirst) await patch();
      return rateOn(contractId, '2029-06-01');
    };
    // 3 000 € × 0.0619 % = 1.86 €/h: the manager's change applies from a later date than the declaration.
    expect({ declarationFirst: await june(false), managerFirst: await june(true) }).toEqual({
      declarationFirst: '1.86',
      managerFirst: '1.86',
    });
  });

  it("cites no declaration for a manager's figures, even one dated earlier and validated afterwards", async () => {
    at('2029-01-10T10:00:00Z');
    const parent = await createParentWithChild(t, {}, { birthDate: '2027-05-10' });
    const contractId = await sign(parent);
    at('2029-02-05T10:00:00Z');
    await t
      .http()
      .patch(`/contracts/${contractId}/fee-inputs`)
      .set(manager.auth)
      .send({ monthlyResources: '3000.00', dependentChildren: 1, effectiveFrom: '2029-05-01' })
      .expect(200);
    await job(contractId);
    await declareFromMarch(parent);
    await job(contractId);
    const cited = async (date: string) =>
      (
        await t.dataSource.query(
          `SELECT hourly_rate::text AS rate, inputs->>'declarationId' AS declaration FROM fee_computations
            WHERE contract_id = $1 AND effective_from <= $2::date ORDER BY effective_from DESC, created_at DESC LIMIT 1`,
          [contractId, date],
        )
      )[0] as { rate: string; declaration: string | null };
    expect(await cited('2029-03-01')).toMatchObject({ rate: '3.10', declaration: expect.any(String) });
    expect(await cited('2029-05-01')).toEqual({ rate: '1.86', declaration: null });
  });

  it('records nothing when a manager gives the situation already in force at that date', async () => {
    at('2029-01-10T10:00:00Z');
    const parent = await createParentWithChild(t, {}, { birthDate: '2027-05-10' });
    const contractId = await sign(parent);
    at('2029-02-05T10:00:00Z');
    const res = await t
      .http()
      .patch(`/contracts/${contractId}/fee-inputs`)
      .set(manager.auth)
      .send({ monthlyResources: '2400', dependentChildren: 1, effectiveFrom: '2029-04-01' })
      .expect(200);
    expect(res.body.id).toBe(contractId);
    expect(await contractRow(contractId)).toMatchObject({ fee_pending_from: null, fee_inputs_version: 0 });
    await job(contractId);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM fee_computations WHERE contract_id = $1`, [
      contractId,
    ]);
    expect(n).toBe(1);
  });
});
