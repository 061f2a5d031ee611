import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../src/common/time/clock';
import { FeeDeclarationsController } from '../../src/modules/families/fee-declarations.controller';
import { PrivacyService } from '../../src/modules/privacy/privacy.service';
import { assignManagers, createCreche, createTerritory, fullWeek } from '../support/factories';
import { addChild, createParentWithChild, TestParent } from '../support/families';
import { ContractFeesService } from '../../src/modules/contracts/contract-fees.service';
import { HouseholdsInCareReadModel } from '../../src/read-models/households-in-care.read-model';
import { untilBlockedBy, untilWaitingOnLocks, withHeldTransaction } from '../support/held-transaction';
import { SmtpSink } from '../support/smtp-sink';
import { createUser, startTestApp, TestApp, TestUser } from '../support/test-app';
import { waitFor } from '../support/wait';

/** A minimal PDF and a 1×1 PNG: what file-type must recognise from their bytes. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * Issue #14 §4 and §6: families declare a change of their fee situation with a proof, a manager checks it, and it
 * applies from the first day of the next month, never before. The year 2029 keeps these households apart from other
 * files' contracts.
 */
describe(FeeDeclarationsController.name, () => {
  const clock: Clock & { at: Date } = {
    at: new Date('2029-01-15T10:00:00Z'),
    now() {
      return this.at;
    },
  };
  const smtp = new SmtpSink();
  const documentsDir = mkdtempSync(join(tmpdir(), 'berceau-documents-'));
  let t: TestApp;
  let admin: TestUser;
  let manager: TestUser;
  let crecheId: string;

  beforeAll(async () => {
    await smtp.start();
    t = await startTestApp({
      runWorkers: true,
      clock,
      env: { SMTP_URL: smtp.url, DOCUMENTS_DIR: documentsDir, NOTICE_SWEEP_MIN_AGE_MS: '0' },
    });
    admin = await createUser(t, 'ADMIN');
    manager = await createUser(t, 'MANAGER');
    const territory = await createTerritory(t, admin);
    // Room for every household of this file in care at once.
    crecheId = (await createCreche(t, admin, territory.id, { kind: 'COLLECTIVE', places: 40, capacityBands: [] })).id;
    await assignManagers(t, admin, crecheId, manager);
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
    rmSync(documentsDir, { recursive: true, force: true });
  });
  afterEach(() => {
    clock.at = new Date('2029-01-15T10:00:00Z');
  });

  /** Alternating residence: the child's household names the other one, which accepts (#14 §5). */
  async function shareWith(child: TestParent, other: TestParent): Promise<void> {
    const req = await t
      .http()
      .post(`/families/${child.familyId}/children/${child.childId}/co-households`)
      .set(child.auth)
      .send({ otherFamilyId: other.familyId })
      .expect(201);
    const pending = await t.http().get('/me/co-household-requests').set(other.auth).expect(200);
    expect(pending.body.map((r: { id: string }) => r.id)).toContain(req.body.id);
    await t.http().post(`/co-household-requests/${req.body.id}/accept`).set(other.auth).expect(204);
  }

  /** As after a validated declaration of these resources (what a manager checked). */
  const markChecked = (familyId: string) =>
    t.dataSource.query(`UPDATE families SET resources_checked_at = now(), children_checked_at = now() WHERE id = $1`, [
      familyId,
    ]);

  /** The manager signs a contract for the child, 8 January to 27 July 2029, weekdays 08:00–16:00. */
  const signContract = (childId: string, extra: Record<string, unknown> = {}) =>
    t
      .http()
      .post(`/creches/${crecheId}/contracts`)
      .set(manager.auth)
      .send({
        childId,
        startDate: '2029-01-08',
        endDate: '2029-07-27',
        schedule: fullWeek('08:00', '16:00'),
        ...extra,
      });

  /** A household (2 400 €, checked, one child) whose child has a contract running at the manager's crèche. */
  async function householdInCare(
    household: Record<string, unknown> = {},
  ): Promise<{ parent: TestParent; contractId: string }> {
    const parent = await createParentWithChild(t, household, { birthDate: '2028-03-10' });
    await markChecked(parent.familyId);
    const contract = await signContract(parent.childId).expect(201);
    return { parent, contractId: contract.body.id };
  }

  const declare = (
    parent: TestUser & { familyId: string },
    fields: Record<string, string>,
    file = PDF,
    name = 'avis.pdf',
    type = 'application/pdf',
  ) => {
    const req = t.http().post(`/families/${parent.familyId}/declarations`).set(parent.auth);
    for (const [k, v] of Object.entries(fields)) void req.field(k, v);
    return req.attach('document', file, { filename: name, contentType: type });
  };

  const review = (who: TestUser, familyId: string, id: string, body: Record<string, unknown>) =>
    t.http().post(`/families/${familyId}/declarations/${id}/review`).set(who.auth).send(body);

  const computations = (contractId: string) =>
    t.dataSource.query(
      `SELECT reason, to_char(effective_from, 'YYYY-MM-DD') AS d, hourly_rate FROM fee_computations WHERE contract_id = $1 ORDER BY effective_from, created_at`,
      [contractId],
    );

  it('keeps a declaration pending until a manager validates it, then bills it from the 1st of next month, never before', async () => {
    const { parent, contractId } = await householdInCare();
    const res = await declare(parent, { monthlyResources: '1500.00', documentType: 'TAX_NOTICE_N2' }).expect(201);
    expect(res.body).toMatchObject({
      status: 'PENDING',
      monthlyResources: '1500.00',
      dependentChildren: null,
      aeehChildren: null,
      documentType: 'TAX_NOTICE_N2',
      document: { mime: 'application/pdf', size: PDF.length, sha256: createHash('sha256').update(PDF).digest('hex') },
      declaredBy: parent.id,
      appliesFrom: '2029-02-01',
      reviewedBy: null,
    });
    const family = () => t.http().get(`/families/${parent.familyId}`).set(parent.auth).expect(200);
    expect((await family()).body.monthlyResources).toBe('2400.00');
    const listed = await t.http().get(`/families/${parent.familyId}/declarations`).set(manager.auth).expect(200);
    expect(listed.body.map((d: { id: string }) => d.id)).toEqual([res.body.id]);

    const validated = await review(manager, parent.familyId, res.body.id, { decision: 'VALIDATE' }).expect(200);
    expect(validated.body).toMatchObject({ status: 'VALIDATED', reviewedBy: manager.id, rejectionReason: null });
    expect((await family()).body.monthlyResources).toBe('1500.00');
    await waitFor(async () => (await computations(contractId)).length === 2);
    // 2 400 € × 0.0619 % = 1.49 €/h until January's end; 1 500 € × 0.0619 % = 0.9285 → 0.93 €/h from 1 February.
    expect(await computations(contractId)).toEqual([
      { reason: 'CONTRACT_CREATED', d: '2029-01-08', hourly_rate: '1.49' },
      { reason: 'INPUTS_CHANGED', d: '2029-02-01', hourly_rate: '0.93' },
    ]);
    const contract = (who: TestUser = parent) => t.http().get(`/contracts/${contractId}`).set(who.auth).expect(200);
    expect((await contract()).body.fee).toMatchObject({ effectiveFrom: '2029-01-08', hourlyRate: '1.49' });
    // The change already computed is said beside the fee in force, to the family and to the crèche's manager.
    for (const who of [parent, manager])
      expect((await contract(who)).body.upcomingFees).toEqual([
        expect.objectContaining({ effectiveFrom: '2029-02-01', hourlyRate: '0.93' }),
      ]);
    clock.at = new Date('2029-02-01T08:00:00Z');
    expect((await contract()).body.fee).toMatchObject({ effectiveFrom: '2029-02-01', hourlyRate: '0.93' });
    expect((await contract()).body.upcomingFees).toEqual([]);

    const [event] = await t.dataSource.query(
      `SELECT details FROM audit_events WHERE action = 'family.declaration_validated' AND subject_id = $1`,
      [parent.familyId],
    );
    expect(event.details).toEqual({
      declarationId: res.body.id,
      fields: ['monthlyResources'],
      feeFrom: '2029-02-01',
      contracts: 1,
    });
    expect(JSON.stringify(event.details)).not.toContain('1500');
    await smtp.waitFor(() => smtp.to(parent.email).some((m) => m.subject.includes('validée')));
    const mail = smtp.to(parent.email).find((m) => m.subject.includes('validée'))!;
    expect(mail.subject).toBe('Votre déclaration de situation a été validée');
    expect(mail.text).toContain('01/02/2029');
    expect(mail.text).not.toContain('1500');
  });

  it("gives a crèche's manager no say on a household once its application there is withdrawn, nor once its contract has ended", async () => {
    // Crèche B, with its own manager: the household applies there only, then withdraws.
    const territory = await createTerritory(t, admin);
    const managerB = await createUser(t, 'MANAGER');
    const crecheB = (await createCreche(t, admin, territory.id, { kind: 'COLLECTIVE', places: 20, capacityBands: [] }))
      .id;
    await assignManagers(t, admin, crecheB, managerB);
    const parent = await createParentWithChild(t, {}, { birthDate: '2028-03-10' });
    const application = await t
      .http()
      .post('/applications')
      .set(parent.auth)
      .send({
        childId: parent.childId,
        desiredStartDate: '2029-09-03',
        schedule: fullWeek('08:00', '16:00'),
        preferences: [crecheB],
      })
      .expect(201);
    const household = (who: TestUser) => t.http().get(`/families/${parent.familyId}`).set(who.auth);
    const verifyClaim = (who: TestUser) =>
      t.http().post(`/families/${parent.familyId}/claims`).set(who.auth).send({ claim: 'SINGLE_PARENT', value: false });
    await household(managerB).expect(200);
    await t.http().post(`/applications/${application.body.id}/withdraw`).set(parent.auth).expect(200);
    // Nor does crèche B bring the household back on its own, with the child's id it learnt from the application: no
    // booking, no contract (answered as for a child it does not know); the household would apply again.
    for (const [path, body] of [
      [
        `/creches/${crecheB}/bookings`,
        { childId: parent.childId, date: '2029-01-22', from: '09:00', to: '10:00', kind: 'OCCASIONAL' },
      ],
      [
        `/creches/${crecheB}/contracts`,
        {
          childId: parent.childId,
          startDate: '2029-02-05',
          endDate: '2029-03-30',
          schedule: fullWeek('08:00', '16:00'),
        },
      ],
    ] as const) {
      const res = await t.http().post(path).set(managerB.auth).send(body);
      expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status: 404, code: 'CHILD.NOT_FOUND' });
    }
    await household(managerB).expect(404);

    // The child then goes to crèche A; the household declares lower resources.
    await markChecked(parent.familyId);
    const contract = await signContract(parent.childId).expect(201);
    const first = await declare(parent, { monthlyResources: '900.00', documentType: 'TAX_NOTICE_N2' }).expect(201);
    await household(managerB).expect(404);
    await t.http().get(`/families/${parent.familyId}/declarations`).set(managerB.auth).expect(404);
    expect(
      (await review(managerB, parent.familyId, first.body.id, { decision: 'VALIDATE' }).expect(404)).body.code,
    ).toBe('FAMILY.NOT_FOUND');
    await verifyClaim(managerB).expect(404);
    expect((await household(parent).expect(200)).body.monthlyResources).toBe('2400.00');
    expect((await computations(contract.body.id)).map((c: { reason: string }) => c.reason)).toEqual([
      'CONTRACT_CREATED',
    ]);
    // Crèche A's manager, who cares for the child, decides.
    await review(manager, parent.familyId, first.body.id, { decision: 'REJECT', reason: 'Avis illisible.' }).expect(
      200,
    );
    await verifyClaim(manager).expect(204);

    // After the contract's end, crèche A still reads the household (its invoices and contract are history), and has
    // no say on what the household declares next.
    clock.at = new Date('2029-08-20T10:00:00Z');
    const second = await declare(parent, { monthlyResources: '900.00', documentType: 'TAX_NOTICE_N2' }).expect(201);
    await household(manager).expect(200);
    await review(manager, parent.familyId, second.body.id, { decision: 'VALIDATE' }).expect(404);
    await verifyClaim(manager).expect(404);
    await review(admin, parent.familyId, second.body.id, { decision: 'VALIDATE' }).expect(200);
  });

  it('gives the other crèches an application listed no say once the household accepted a place in one of them', async () => {
    // Crèches D and E, each with its own manager; the household lists both, is offered D and accepts.
    const territory = await createTerritory(t, admin);
    const [managerD, managerE] = [await createUser(t, 'MANAGER'), await createUser(t, 'MANAGER')];
    const crecheOf = async (who: TestUser) => {
      const id = (await createCreche(t, admin, territory.id, { kind: 'COLLECTIVE', places: 5, capacityBands: [] })).id;
      await assignManagers(t, admin, id, who);
      return id;
    };
    const [crecheD, crecheE] = [await crecheOf(managerD), await crecheOf(managerE)];
    const parent = await createParentWithChild(t, {}, { birthDate: '2028-03-10' });
    await t
      .http()
      .post('/applications')
      .set(parent.auth)
      .send({
        childId: parent.childId,
        desiredStartDate: '2029-09-03',
        schedule: fullWeek('08:00', '16:00'),
        preferences: [crecheD, crecheE],
      })
      .expect(201);
    const bookAtE = () =>
      t
        .http()
        .post(`/creches/${crecheE}/bookings`)
        .set(managerE.auth)
        .send({ childId: parent.childId, date: '2029-09-14', from: '09:00', to: '10:00', kind: 'OCCASIONAL' });
    await t.http().get(`/families/${parent.familyId}`).set(managerE.auth).expect(200);
    const round = await t
      .http()
      .post('/allocation-rounds')
      .set(managerD.auth)
      .send({ crecheIds: [crecheD], startDate: '2029-09-03' })
      .expect(201);
    await t.http().post(`/allocation-rounds/${round.body.id}/confirm`).set(managerD.auth).send({}).expect(200);
    const [offer] = await t.dataSource.query(`SELECT id FROM offers WHERE family_id = $1`, [parent.familyId]);
    await t.http().post(`/offers/${offer.id}/accept`).set(parent.auth).send({}).expect(200);
    // Crèche E no longer sees the household, nor books or signs up its child on its own (as for a child it does not
    // know); crèche D, which admitted it, books it.
    await t.http().get(`/families/${parent.familyId}`).set(managerE.auth).expect(404);
    const refused = await bookAtE();
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 404, code: 'CHILD.NOT_FOUND' });
    await t
      .http()
      .post(`/creches/${crecheD}/bookings`)
      .set(managerD.auth)
      .send({ childId: parent.childId, date: '2029-09-14', from: '17:00', to: '18:00', kind: 'OCCASIONAL' })
      .expect(201);
  });

  it('lists on the contracts page the declarations its managers may review, oldest first: those of households paying for a contract that runs up to the day they apply from', async () => {
    // Crèche C, its own manager, households cared for there: two until July, one until 31 January, one until
    // 15 February, one whose contract ended on 12 January. A declaration of 15 January applies from 1 February.
    const territory = await createTerritory(t, admin);
    const managerC = await createUser(t, 'MANAGER');
    const crecheC = (await createCreche(t, admin, territory.id, { kind: 'COLLECTIVE', places: 20, capacityBands: [] }))
      .id;
    await assignManagers(t, admin, crecheC, managerC);
    const inCareAtC = async (firstName: string, endDate = '2029-07-27') => {
      const parent = await createParentWithChild(t, {}, { birthDate: '2028-03-10', firstName });
      await markChecked(parent.familyId);
      await t
        .http()
        .post(`/creches/${crecheC}/contracts`)
        .set(managerC.auth)
        .send({ childId: parent.childId, startDate: '2029-01-08', endDate, schedule: fullWeek('08:00', '16:00') })
        .expect(201);
      return parent;
    };
    const lina = await inCareAtC('Lina');
    const malo = await inCareAtC('Malo');
    const leo = await inCareAtC('Léo', '2029-01-31');
    const noe = await inCareAtC('Noé', '2029-02-15');
    const ended = await inCareAtC('Jade', '2029-01-12');
    const toReview = (who: TestUser, id = crecheC) =>
      t.http().get(`/creches/${id}/declarations-to-review`).set(who.auth);
    expect((await toReview(managerC).expect(200)).body).toEqual([]);

    // Malo's household declares first, then the others (Lina's a new child).
    const maloDecl = await declare(malo, { monthlyResources: '1500.00', documentType: 'TAX_NOTICE_N2' }).expect(201);
    clock.at = new Date('2029-01-15T11:00:00Z');
    const linaDecl = await declare(lina, { dependentChildren: '2', documentType: 'CAF_CDAP' }).expect(201);
    const leoDecl = await declare(leo, { monthlyResources: '900.00', documentType: 'TAX_NOTICE_N2' }).expect(201);
    // Declared a few minutes apart: the list's order is the declarations' (the test clock stands still otherwise).
    clock.at = new Date('2029-01-15T11:05:00Z');
    const noeDecl = await declare(noe, { monthlyResources: '900.00', documentType: 'TAX_NOTICE_N2' }).expect(201);
    clock.at = new Date('2029-01-15T11:10:00Z');
    await declare(ended, { monthlyResources: '900.00', documentType: 'TAX_NOTICE_N2' }).expect(201);
    const item = (p: TestParent, d: { body: { id: string; declaredAt: string } }, firstName: string) => ({
      familyId: p.familyId,
      declarationId: d.body.id,
      declaredAt: d.body.declaredAt,
      children: [{ childId: p.childId, firstName }],
      sharesOnly: false,
    });
    const listed = (await toReview(managerC).expect(200)).body;
    expect(listed).toEqual([item(malo, maloDecl, 'Malo'), item(lina, linaDecl, 'Lina'), item(noe, noeDecl, 'Noé')]);
    // Léo's contract runs today but ends before his household's declaration applies: the crèche has no say on it, so
    // it is not listed, and a review is refused as the list says.
    await review(managerC, leo.familyId, leoDecl.body.id, { decision: 'VALIDATE' }).expect(404);
    // An admin reads it too; another crèche's manager gets 404, a parent 403; another crèche's list holds none of them.
    expect((await toReview(admin).expect(200)).body).toEqual(listed);
    await toReview(manager).expect(404);
    await toReview(malo).expect(403);
    const mine = (await toReview(manager, crecheId).expect(200)).body as { familyId: string }[];
    expect(mine.filter((d) => [lina, malo, leo, noe, ended].some((p) => p.familyId === d.familyId))).toEqual([]);

    // Reviewed, a declaration leaves the list. On 20 February Noé has left, and his household's declaration, which
    // applies from 1 February when he was still cared for, is still listed, and reviewed.
    await review(managerC, malo.familyId, maloDecl.body.id, { decision: 'VALIDATE' }).expect(200);
    clock.at = new Date('2029-02-20T10:00:00Z');
    expect((await toReview(managerC).expect(200)).body).toEqual([
      item(lina, linaDecl, 'Lina'),
      item(noe, noeDecl, 'Noé'),
    ]);
    await review(managerC, noe.familyId, noeDecl.body.id, { decision: 'VALIDATE' }).expect(200);
    expect((await toReview(managerC).expect(200)).body).toEqual([item(lina, linaDecl, 'Lina')]);
  });

  it('leaves the decision to the crèche that bills the month a declaration applies from, though the child has left since', async () => {
    const { parent, contractId } = await householdInCare();
    clock.at = new Date('2029-02-10T10:00:00Z');
    const declared = await declare(parent, { monthlyResources: '1500.00', documentType: 'TAX_NOTICE_N2' }).expect(201);
    expect(declared.body.appliesFrom).toBe('2029-03-01');
    clock.at = new Date('2029-03-10T10:00:00Z');
    await t.http().post(`/contracts/${contractId}/end`).set(manager.auth).send({ endDate: '2029-03-15' }).expect(200);
    // 20 March: the child has left, March (its regularisation included) is still to invoice on the new resources.
    clock.at = new Date('2029-03-20T10:00:00Z');
    await review(manager, parent.familyId, declared.body.id, { decision: 'VALIDATE' }).expect(200);

    // A child who leaves on 20 February: its crèche does not bill March, whenever its manager looks.
    const other = await householdInCare();
    clock.at = new Date('2029-02-10T10:00:00Z');
    const later = await declare(other.parent, { monthlyResources: '1500.00', documentType: 'TAX_NOTICE_N2' }).expect(
      201,
    );
    await t
      .http()
      .post(`/contracts/${other.contractId}/end`)
      .set(manager.auth)
      .send({ endDate: '2029-02-20' })
      .expect(200);
    clock.at = new Date('2029-02-15T10:00:00Z');
    await review(manager, other.parent.familyId, later.body.id, { decision: 'VALIDATE' }).expect(404);
  });

  it('rejects with the reason told to the family, changes nothing, and reviews a declaration once', async () => {
    const { parent, contractId } = await householdInCare();
    const res = await declare(
      parent,
      { dependentChildren: '2', documentType: 'CERTIFICATE' },
      PNG,
      'attestation.png',
      'image/png',
    ).expect(201);
    expect(res.body).toMatchObject({ dependentChildren: 2, document: { mime: 'image/png' } });
    const noReason = await review(manager, parent.familyId, res.body.id, { decision: 'REJECT' }).expect(400);
    expect(noReason.body.details.map((d: { field: string }) => d.field)).toEqual(['reason']);
    const reason = "L'attestation ne mentionne pas le deuxième enfant.";
    const rejected = await review(manager, parent.familyId, res.body.id, { decision: 'REJECT', reason }).expect(200);
    expect(rejected.body).toMatchObject({ status: 'REJECTED', rejectionReason: reason });
    const again = await review(admin, parent.familyId, res.body.id, { decision: 'VALIDATE' }).expect(409);
    expect(again.body).toMatchObject({ code: 'DECLARATION.ALREADY_REVIEWED', details: { status: 'REJECTED' } });
    expect(again.body.message).toContain('déjà été refusée');
    expect(
      (await t.http().get(`/families/${parent.familyId}`).set(parent.auth).expect(200)).body.dependentChildren,
    ).toBe(1);
    expect((await computations(contractId)).map((c: { reason: string }) => c.reason)).toEqual(['CONTRACT_CREATED']);
    await smtp.waitFor(() => smtp.to(parent.email).some((m) => m.subject.includes("n'a pas été validée")));
    expect(smtp.to(parent.email).find((m) => m.subject.includes("n'a pas été validée"))!.text).toContain(reason);
  });

  it('takes one pending declaration per household at a time (409), the next one once it is reviewed', async () => {
    const { parent } = await householdInCare();
    const first = await declare(parent, { monthlyResources: 'refused', documentType: 'OTHER' }).expect(201);
    const files = readdirSync(documentsDir).length;
    const second = await declare(parent, { aeehChildren: '0', documentType: 'OTHER' }).expect(409);
    expect(second.body.code).toBe('DECLARATION.PENDING_EXISTS');
    expect(readdirSync(documentsDir)).toHaveLength(files); // the refused one's file is gone
    await review(manager, parent.familyId, first.body.id, {
      decision: 'REJECT',
      reason: 'Justificatif illisible.',
    }).expect(200);
    await declare(parent, { monthlyResources: 'unknown', documentType: 'OTHER' }).expect(201);
  });

  it('lets a parent withdraw a pending declaration with its proof, then send another; never once it is reviewed', async () => {
    const { parent, contractId } = await householdInCare();
    const typo = await declare(parent, { monthlyResources: '24000.00', documentType: 'CAF_CDAP' }).expect(201);
    const [{ document_key: key }] = await t.dataSource.query(
      `SELECT document_key FROM fee_declarations WHERE id = $1`,
      [typo.body.id],
    );
    expect(existsSync(join(documentsDir, key))).toBe(true);
    const url = `/families/${parent.familyId}/declarations/${typo.body.id}`;
    // Neither the manager, an admin, nor another household may take it back; a bad id names its parameter.
    const stranger = await createParentWithChild(t, {}, { birthDate: '2028-03-10' });
    await t.http().delete(url).set(stranger.auth).expect(404);
    await t.http().delete(`/families/${stranger.familyId}/declarations/${typo.body.id}`).set(stranger.auth).expect(404);
    await t.http().delete(url).set(manager.auth).expect(403);
    await t.http().delete(url).set(admin.auth).expect(403);
    const bad = await t.http().delete(`/families/${parent.familyId}/declarations/nope`).set(parent.auth).expect(400);
    expect(bad.body.details[0].field).toBe('declarationId');

    // The household's second parent (joined as an accepted invitation leaves it) is told; the one who withdrew is not.
    const coParent = await createUser(t, 'PARENT', { firstName: 'Dominique' });
    await t.dataSource.query(`INSERT INTO family_members (family_id, user_id) VALUES ($1, $2)`, [
      parent.familyId,
      coParent.id,
    ]);
    await t.http().delete(url).set(parent.auth).expect(204);
    expect(existsSync(join(documentsDir, key))).toBe(false);
    const subject = 'Une déclaration de situation de votre foyer a été retirée';
    await smtp.waitFor(() => smtp.to(coParent.email).some((m) => m.subject === subject));
    const told = smtp.to(coParent.email).find((m) => m.subject === subject)!;
    expect(told.text).toContain('Bonjour Dominique,');
    expect(told.text).toContain('Camille a retiré la déclaration de situation du foyer envoyée le');
    expect(told.text).toContain('ressources mensuelles');
    expect(told.text).toContain('consultation CDAP de la Caf');
    expect(told.text).not.toMatch(/24[  ]?000/);
    expect(smtp.to(parent.email).some((m) => m.subject === subject)).toBe(false);
    expect((await t.http().get(`/families/${parent.familyId}/declarations`).set(parent.auth).expect(200)).body).toEqual(
      [],
    );
    await t.http().delete(url).set(parent.auth).expect(404);
    await review(manager, parent.familyId, typo.body.id, { decision: 'VALIDATE' }).expect(404);
    const [event] = await t.dataSource.query(
      `SELECT details FROM audit_events WHERE action = 'family.declaration_withdrawn' AND subject_id = $1`,
      [parent.familyId],
    );
    // Field names, never the amount.
    expect(event.details).toEqual({
      declarationId: typo.body.id,
      fields: ['monthlyResources'],
      documentType: 'CAF_CDAP',
    });
    expect(JSON.stringify(event.details)).not.toContain('24000');
    // Nothing of it applied: the household's resources and the contract's fee as they were.
    expect(
      (await t.http().get(`/families/${parent.familyId}`).set(parent.auth).expect(200)).body.monthlyResources,
    ).toBe('2400.00');
    expect((await computations(contractId)).map((c: { reason: string }) => c.reason)).toEqual(['CONTRACT_CREATED']);

    // The right one goes at once (one pending at a time), is billed once validated, and then stays.
    const right = await declare(parent, { monthlyResources: '2000.00', documentType: 'CAF_CDAP' }).expect(201);
    await review(manager, parent.familyId, right.body.id, { decision: 'VALIDATE' }).expect(200);
    await waitFor(async () => (await computations(contractId)).length === 2);
    // 2 000 € × 0.0619 % = 1.238 → 1.24 €/h from 1 February.
    expect((await computations(contractId))[1]).toEqual({
      reason: 'INPUTS_CHANGED',
      d: '2029-02-01',
      hourly_rate: '1.24',
    });
    const late = await t
      .http()
      .delete(`/families/${parent.familyId}/declarations/${right.body.id}`)
      .set(parent.auth)
      .expect(409);
    expect(late.body).toMatchObject({ code: 'DECLARATION.ALREADY_REVIEWED', details: { status: 'VALIDATED' } });
    expect(late.body.message).toContain('ne peut plus être retirée');
  });

  it('moves a pending declaration once when a parent withdraws it as a manager reviews it', async () => {
    for (const decision of ['REJECT', 'VALIDATE', 'REJECT', 'VALIDATE'] as const) {
      const { parent } = await householdInCare();
      const { body } = await declare(parent, { dependentChildren: '2', documentType: 'CERTIFICATE' }).expect(201);
      const [withdrawn, reviewed] = await Promise.all([
        t.http().delete(`/families/${parent.familyId}/declarations/${body.id}`).set(parent.auth),
        review(
          manager,
          parent.familyId,
          body.id,
          decision === 'REJECT' ? { decision, reason: 'Illisible.' } : { decision },
        ),
      ]);
      // One of them wins; the other is told why.
      expect([withdrawn.status, reviewed.status].sort()).toEqual(withdrawn.status === 204 ? [204, 404] : [200, 409]);
      const rows = await t.dataSource.query(`SELECT status FROM fee_declarations WHERE id = $1`, [body.id]);
      const status = decision === 'REJECT' ? 'REJECTED' : 'VALIDATED';
      expect(rows).toEqual(withdrawn.status === 204 ? [] : [{ status }]);
      // Withdrawn first: the household's children as they were; validated first: as declared.
      const { dependentChildren } = (await t.http().get(`/families/${parent.familyId}`).set(parent.auth).expect(200))
        .body;
      expect(dependentChildren).toBe(withdrawn.status !== 204 && decision === 'VALIDATE' ? 2 : 1);
    }
  });

  it('refuses a document whose bytes are not what it claims (400 naming document), keeping no file', async () => {
    const { parent } = await householdInCare();
    const before = readdirSync(documentsDir).length;
    const text = Buffer.from('Ceci est un simple fichier texte, pas une image.');
    const spoofed = await declare(
      parent,
      { monthlyResources: '900.00', documentType: 'OTHER' },
      text,
      'avis.png',
      'image/png',
    ).expect(400);
    expect(spoofed.body.details).toEqual([
      { field: 'document', errors: [expect.stringContaining('PDF, JPEG or PNG')] },
    ]);
    const mislabelled = await declare(
      parent,
      { monthlyResources: '900.00', documentType: 'OTHER' },
      PNG,
      'avis.pdf',
      'application/pdf',
    ).expect(400);
    expect(mislabelled.body.details).toEqual([{ field: 'document', errors: [expect.stringContaining('image/png')] }]);
    const missing = await t
      .http()
      .post(`/families/${parent.familyId}/declarations`)
      .set(parent.auth)
      .field('monthlyResources', '900.00')
      .field('documentType', 'OTHER')
      .expect(400);
    expect(missing.body.details[0].field).toBe('document');
    expect(readdirSync(documentsDir)).toHaveLength(before);
    expect((await t.http().get(`/families/${parent.familyId}/declarations`).set(parent.auth).expect(200)).body).toEqual(
      [],
    );
  });

  it('refuses a document over 5 MiB with a 413 naming document', async () => {
    const { parent } = await householdInCare();
    const big = Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024)]);
    const res = await declare(parent, { monthlyResources: '900.00', documentType: 'OTHER' }, big).expect(413);
    expect(res.body.details).toEqual([{ field: 'document', errors: [expect.stringContaining('5 MiB')] }]);
  });

  it('serves the proof to the household, its manager and admins as an attachment; anyone else gets 404', async () => {
    const { parent } = await householdInCare();
    const { body } = await declare(parent, { monthlyResources: '2000.00', documentType: 'CAF_CDAP' }).expect(201);
    const url = `/families/${parent.familyId}/declarations/${body.id}/document`;
    for (const reader of [parent, manager, admin]) {
      const res = await t
        .http()
        .get(url)
        .set(reader.auth)
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toBe(`attachment; filename="justificatif-${body.id}.pdf"`);
      expect(res.headers['cache-control']).toBe('private, no-store');
      expect(Buffer.compare(res.body as Buffer, PDF)).toBe(0);
    }
    const stranger = await createParentWithChild(t, {}, { birthDate: '2028-03-10' });
    const otherManager = await createUser(t, 'MANAGER');
    const territory = await createTerritory(t, admin);
    const otherCreche = await createCreche(t, admin, territory.id, { kind: 'COLLECTIVE', capacityBands: [] });
    await assignManagers(t, admin, otherCreche.id, otherManager);
    for (const outsider of [stranger, otherManager]) {
      await t.http().get(url).set(outsider.auth).expect(404);
      await t.http().get(`/families/${parent.familyId}/declarations`).set(outsider.auth).expect(404);
    }
    await review(otherManager, parent.familyId, body.id, { decision: 'VALIDATE' }).expect(404);
    await t
      .http()
      .get(`/families/${stranger.familyId}/declarations/${body.id}/document`)
      .set(stranger.auth)
      .expect(404);
  });

  it('deletes the proofs with the household (GDPR erasure)', async () => {
    const { parent } = await householdInCare();
    const { body } = await declare(parent, { monthlyResources: '2000.00', documentType: 'TAX_NOTICE_N2' }).expect(201);
    const [{ document_key: key }] = await t.dataSource.query(
      `SELECT document_key FROM fee_declarations WHERE id = $1`,
      [body.id],
    );
    expect(existsSync(join(documentsDir, key))).toBe(true);
    const exported = await t.http().get(`/families/${parent.familyId}/export`).set(parent.auth).expect(200);
    expect(exported.body['Déclarations de situation']).toEqual([
      expect.objectContaining({ Identifiant: body.id, Statut: 'En attente', Justificatif: 'Avis d’imposition N-2' }),
    ]);
    // In care (its contract runs): erased by an admin handling the request (its parent's own request waits).
    await t.http().post(`/families/${parent.familyId}/erase`).set(parent.auth).expect(409);
    await t.http().post(`/families/${parent.familyId}/erase`).set(admin.auth).expect(204);
    expect(existsSync(join(documentsDir, key))).toBe(false);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM fee_declarations WHERE family_id = $1`, [
      parent.familyId,
    ]);
    expect(n).toBe(0);
  });

  it('deletes the proofs of a household reached by retention', async () => {
    const parent = await createParentWithChild(t, {}, { birthDate: '2028-03-10' });
    const application = await t
      .http()
      .post('/applications')
      .set(parent.auth)
      .send({
        childId: parent.childId,
        desiredStartDate: '2029-09-03',
        schedule: fullWeek('08:00', '16:00'),
        preferences: [crecheId],
      })
      .expect(201);
    const { body } = await declare(parent, { dependentChildren: '2', documentType: 'CAF_CDAP' }).expect(201);
    const [{ document_key: key }] = await t.dataSource.query(
      `SELECT document_key FROM fee_declarations WHERE id = $1`,
      [body.id],
    );
    await t.dataSource.query(`UPDATE applications SET status = 'WITHDRAWN', updated_at = '2026-01-01' WHERE id = $1`, [
      application.body.id,
    ]);
    await t.app.get(PrivacyService).applyRetention();
    expect(existsSync(join(documentsDir, key))).toBe(false);
    expect(await t.dataSource.query(`SELECT 1 FROM fee_declarations WHERE id = $1`, [body.id])).toEqual([]);
  });

  it.each([
    ['monthlyResources', '1500.00'],
    ['dependentChildren', 2],
    ['aeehChildren', 0],
  ])('answers PATCH /families/:id {"%s": …} with a 400 pointing to the declarations', async (field, value) => {
    const { parent } = await householdInCare();
    const res = await t
      .http()
      .patch(`/families/${parent.familyId}`)
      .set(parent.auth)
      .send({ [field]: value })
      .expect(400);
    expect(res.body.details).toEqual([{ field, errors: [expect.stringContaining('POST /families/:id/declarations')] }]);
  });

  it('refuses a backdating effectiveFrom and still changes the facts that are not the fee situation', async () => {
    const { parent } = await householdInCare();
    const res = await t
      .http()
      .patch(`/families/${parent.familyId}`)
      .set(parent.auth)
      .send({ singleParent: true, effectiveFrom: '2029-01-08' })
      .expect(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(['effectiveFrom']);
    const ok = await t
      .http()
      .patch(`/families/${parent.familyId}`)
      .set(parent.auth)
      .send({ singleParent: true })
      .expect(200);
    expect(ok.body).toMatchObject({ singleParent: true, monthlyResources: '2400.00' });
  });

  it('keeps aeehChildren at least the children flagged with AEEH, and shifts the tier once it is validated', async () => {
    const { parent, contractId } = await householdInCare({ dependentChildren: 2 });
    const flag = () =>
      t.http().patch(`/families/${parent.familyId}/children/${parent.childId}`).set(parent.auth).send({ aeeh: true });
    expect((await flag().expect(400)).body.details[0].field).toBe('aeehChildren');
    const tooMany = await declare(parent, { aeehChildren: '3', documentType: 'AEEH_NOTIFICATION' }).expect(400);
    expect(tooMany.body.details).toEqual([
      { field: 'aeehChildren', errors: ['aeehChildren cannot exceed dependentChildren'] },
    ]);
    const { body } = await declare(parent, { aeehChildren: '1', documentType: 'AEEH_NOTIFICATION' }).expect(201);
    await review(manager, parent.familyId, body.id, { decision: 'VALIDATE' }).expect(200);
    expect((await flag().expect(200)).body.aeeh).toBe(true);
    // A sibling flagged too would need a second AEEH child; lowering the count below the flagged child is refused.
    const sibling = await t
      .http()
      .post(`/families/${parent.familyId}/children`)
      .set(parent.auth)
      .send({ firstName: 'Noé', birthDate: '2025-05-02', disability: true, aeeh: true })
      .expect(400);
    expect(sibling.body.details[0].field).toBe('aeehChildren');
    const lower = await declare(parent, { aeehChildren: '0', documentType: 'AEEH_NOTIFICATION' }).expect(400);
    expect(lower.body.details[0]).toEqual({
      field: 'aeehChildren',
      errors: [expect.stringContaining('flagged with AEEH')],
    });
    // 2 children + 1 AEEH → the 3-children tier: 2 400 € × 0.0413 % = 0.9912 → 0.99 €/h from 1 February.
    await waitFor(async () => (await computations(contractId)).length === 2);
    expect((await computations(contractId))[1]).toEqual({
      reason: 'INPUTS_CHANGED',
      d: '2029-02-01',
      hourly_rate: '0.99',
    });
  });

  it('bills typed, unchecked resources as unknown (the floor) until a manager validates their proof', async () => {
    const parent = await createParentWithChild(t, { monthlyResources: '0.00' }, { birthDate: '2028-03-10' });
    const contract = await signContract(parent.childId).expect(201);
    const [created] = await t.dataSource.query(
      `SELECT hourly_rate, trace FROM fee_computations WHERE contract_id = $1`,
      [contract.body.id],
    );
    // The 2026 floor (814.62 €) × 0.0619 % = 0.50 €/h, said so in the trace.
    expect(created.hourly_rate).toBe('0.50');
    expect(created.trace.find((s: { step: string }) => s.step === 'BOUND_RESOURCES').rule).toMatch(/not checked yet/);
    // Its proof of 3 000 € validated: billed on it from the 1st of next month.
    const declared = await declare(parent, { monthlyResources: '3000.00', documentType: 'CAF_CDAP' }).expect(201);
    await review(manager, parent.familyId, declared.body.id, { decision: 'VALIDATE' }).expect(200);
    await waitFor(async () => (await computations(contract.body.id)).length === 2);
    expect((await computations(contract.body.id))[1]).toEqual({
      reason: 'INPUTS_CHANGED',
      d: '2029-02-01',
      hourly_rate: '1.86',
    });
  });

  it('bills typed, unchecked children at the one-child rate until a declaration proving both counts is validated', async () => {
    // A household typing 3 dependent children, one receiving AEEH (the 4-children tier), its resources checked.
    const parent = await createParentWithChild(
      t,
      { monthlyResources: '3000.00', dependentChildren: 3, aeehChildren: 1 },
      { birthDate: '2028-03-10' },
    );
    await t.dataSource.query(`UPDATE families SET resources_checked_at = now() WHERE id = $1`, [parent.familyId]);
    const contract = await signContract(parent.childId).expect(201);
    const [created] = await t.dataSource.query(
      `SELECT hourly_rate, inputs, trace FROM fee_computations WHERE contract_id = $1`,
      [contract.body.id],
    );
    // Nobody has seen proof of the children: the one-child rate, 3 000 € × 0.0619 % = 1.86 €/h (the 4-children
    // tier would bill 0.93 €/h). The typed figures stay in the inputs and the trace says why.
    expect(created.hourly_rate).toBe('1.86');
    expect(created.inputs).toMatchObject({ dependentChildren: 3, aeehChildren: 1, childrenUnchecked: true });
    const tier = created.trace.find((s: { step: string }) => s.step === 'TIER');
    expect(tier.rule).toMatch(/children not checked yet/);
    expect(tier.value).toBe('1 -> tier 1');
    // A proof of the dependent children alone leaves the typed AEEH child unproven: nothing changes.
    const first = await declare(parent, { dependentChildren: '3', documentType: 'CAF_CDAP' }).expect(201);
    await review(manager, parent.familyId, first.body.id, { decision: 'VALIDATE' }).expect(200);
    // Both counts proven: the 4-children tier from the 1st of next month, 3 000 € × 0.0310 % = 0.93 €/h.
    const second = await declare(parent, {
      dependentChildren: '3',
      aeehChildren: '1',
      documentType: 'AEEH_NOTIFICATION',
    }).expect(201);
    await review(manager, parent.familyId, second.body.id, { decision: 'VALIDATE' }).expect(200);
    await waitFor(async () => (await computations(contract.body.id)).length === 2);
    expect(await computations(contract.body.id)).toEqual([
      expect.objectContaining({ hourly_rate: '1.86' }),
      { reason: 'INPUTS_CHANGED', d: '2029-02-01', hourly_rate: '0.93' },
    ]);
  });

  it('proves the children its reviewer was shown when it validates a declaration of new resources', async () => {
    const parent = await createParentWithChild(
      t,
      { monthlyResources: '3000.00', dependentChildren: 2 },
      { birthDate: '2028-03-10' },
    );
    const contract = await signContract(parent.childId).expect(201);
    // Nothing checked: the floor at the one-child rate, 814.62 € × 0.0619 % = 0.50 €/h.
    expect(contract.body.fee).toMatchObject({ hourlyRate: '0.50' });
    // Its tax notice validated, the review panel having asked to check the 2 children on it too: 3 000 € at the
    // two-children rate from 1 February, 3 000 € × 0.0516 % = 1.55 €/h.
    const declared = await declare(parent, { monthlyResources: '3000.00', documentType: 'TAX_NOTICE_N2' }).expect(201);
    await review(manager, parent.familyId, declared.body.id, { decision: 'VALIDATE' }).expect(200);
    await waitFor(async () => (await computations(contract.body.id)).length === 2);
    expect((await computations(contract.body.id))[1]).toEqual({
      reason: 'INPUTS_CHANGED',
      d: '2029-02-01',
      hourly_rate: '1.55',
    });
  });

  it('carries only the declared fields to the contract, and the fee trace cites the declaration', async () => {
    const parent = await createParentWithChild(t, { monthlyResources: '900.00' }, { birthDate: '2028-03-10' });
    // The manager signed the contract on the resources they checked: 5 000 €, not the household's typed 900 €.
    const contract = await signContract(parent.childId, {
      feeInputs: { monthlyResources: '5000.00', dependentChildren: 1 },
    }).expect(201);
    const declared = await declare(parent, { dependentChildren: '2', documentType: 'CERTIFICATE' }).expect(201);
    await review(manager, parent.familyId, declared.body.id, { decision: 'VALIDATE' }).expect(200);
    const rows = await waitFor(async () => {
      const r = await t.dataSource.query(
        `SELECT inputs, hourly_rate, trace FROM fee_computations WHERE contract_id = $1 AND reason = 'INPUTS_CHANGED'`,
        [contract.body.id],
      );
      return r.length ? r : null;
    });
    // 5 000 € × 0.0516 % (two children) = 2.58 €/h: the checked resources stay, only the children changed.
    expect(rows[0].inputs).toMatchObject({
      monthlyResources: '5000.00',
      dependentChildren: 2,
      declarationId: declared.body.id,
    });
    expect(rows[0].hourly_rate).toBe('2.58');
    const bound = rows[0].trace.find((s: { step: string }) => s.step === 'BOUND_RESOURCES');
    expect(bound.inputs.declarationId).toBe(declared.body.id);
  });

  it('validates a declaration applying from a month invoiced meanwhile only once the reviewer knows it (409, then 200)', async () => {
    // A crèche of its own: its February is invoiced here, which no other test of this file should meet.
    const territory = await createTerritory(t, admin);
    const own = (await createCreche(t, admin, territory.id, { kind: 'COLLECTIVE', places: 10, capacityBands: [] })).id;
    await assignManagers(t, admin, own, manager);
    const parent = await createParentWithChild(t, { monthlyResources: '3000.00' }, { birthDate: '2028-03-10' });
    await markChecked(parent.familyId);
    await t
      .http()
      .post(`/creches/${own}/contracts`)
      .set(manager.auth)
      .send({
        childId: parent.childId,
        startDate: '2029-01-08',
        endDate: '2029-07-27',
        schedule: fullWeek('08:00', '16:00'),
      })
      .expect(201);
    // Declared on 15 January (applies from 1 February), not reviewed before February is invoiced.
    const declared = await declare(parent, { monthlyResources: '1500.00', documentType: 'TAX_NOTICE_N2' }).expect(201);
    clock.at = new Date('2029-03-02T08:00:00Z');
    await t.http().post(`/creches/${own}/invoices/issue`).set(manager.auth).send({ month: '2029-02' }).expect(200);
    const unaware = await review(manager, parent.familyId, declared.body.id, { decision: 'VALIDATE' }).expect(409);
    expect(unaware.body).toMatchObject({ code: 'DECLARATION.MONTHS_INVOICED', details: { months: ['2029-02'] } });
    expect(unaware.body.message).toContain('février 2029');
    // Nothing changed: still pending; validated once the reviewer says they know (a credit note corrects February).
    const [pending] = await t.dataSource.query(`SELECT status FROM fee_declarations WHERE id = $1`, [declared.body.id]);
    expect(pending.status).toBe('PENDING');
    await review(manager, parent.familyId, declared.body.id, { decision: 'VALIDATE', invoicedMonthsAcknowledged: true })
      .expect(200)
      .expect((r) => expect(r.body.status).toBe('VALIDATED'));
    const [event] = await t.dataSource.query(
      `SELECT details FROM audit_events WHERE action = 'family.declaration_validated' AND subject_id = $1`,
      [parent.familyId],
    );
    expect(event.details).toMatchObject({ declarationId: declared.body.id, invoicedMonths: ['2029-02'] });
  });

  it('dates a declaration by the French day: at 00:30 in Paris on 1 February it applies from 1 March', async () => {
    const { parent } = await householdInCare();
    clock.at = new Date('2029-01-31T23:30:00Z');
    const res = await declare(parent, { monthlyResources: '2000.00', documentType: 'TAX_NOTICE_N2' }).expect(201);
    expect(res.body.appliesFrom).toBe('2029-03-01');
  });

  it('bills a child in alternating residence to both households, each on its share at its own rate, each seeing only its own', async () => {
    const mother = await createParentWithChild(
      t,
      { monthlyResources: '2700.00', dependentChildren: 1 },
      { birthDate: '2028-03-10' },
    );
    const father = await createParentWithChild(
      t,
      { monthlyResources: '4000.00', dependentChildren: 2 },
      { birthDate: '2027-05-02' },
    );
    // Both households' resources checked (their declarations validated); unchecked, both shares would bill the floor.
    await markChecked(mother.familyId);
    await markChecked(father.familyId);
    await shareWith(mother, father);
    const created = await signContract(mother.childId, {
      alternatingResidence: { otherFamilyId: father.familyId, otherHoursPercent: 60 },
    }).expect(201);
    // 145 weekdays − 5 public holidays = 140 days × 8 h = 1 120 h over 7 months = 160 h a month.
    // Mother: 40 % = 64 h × (2 700 × 0.0619 % = 1.67) = 106.88 €; father: 60 % = 96 h × (4 000 × 0.0516 % = 2.06) = 197.76 €.
    const byManager = await t.http().get(`/contracts/${created.body.id}`).set(manager.auth).expect(200);
    expect(byManager.body.fee).toBeNull();
    expect(
      byManager.body.feeShares.map(
        (s: {
          familyId: string;
          hoursPercent: number;
          fee: { monthlyHours: string; hourlyRate: string; monthlyFee: string };
        }) => [s.familyId, s.hoursPercent, s.fee.monthlyHours, s.fee.hourlyRate, s.fee.monthlyFee],
      ),
    ).toEqual([
      [mother.familyId, 40, '64.00', '1.67', '106.88'],
      [father.familyId, 60, '96.00', '2.06', '197.76'],
    ]);
    // The crèche's staff read who the child's household is (on the list too); a household is not told who lives in
    // the other one.
    const [{ name }] = await t.dataSource.query(
      `SELECT first_name || ' ' || last_name AS name FROM users WHERE id = $1`,
      [mother.id],
    );
    expect(byManager.body.parents).toEqual([name]);
    const listed = await t.http().get(`/creches/${crecheId}/contracts`).set(manager.auth).expect(200);
    const inList = listed.body.find((c: { id: string }) => c.id === created.body.id);
    expect(inList.parents).toEqual([name]);
    // The list gives each share's fee in force too, as the contract's page does (its Contrats page marks the
    // provisional ones).
    expect(inList.fee).toBeNull();
    expect(inList.feeShares).toEqual(
      byManager.body.feeShares.map((s: { upcomingFees?: unknown }) => {
        const { upcomingFees: _, ...share } = s;
        return share;
      }),
    );
    // Once the household is erased its accounts read "Effacé Effacé": no name is given.
    await t.dataSource.query(`UPDATE families SET erased_at = now() WHERE id = $1`, [mother.familyId]);
    expect((await t.http().get(`/contracts/${created.body.id}`).set(manager.auth).expect(200)).body.parents).toEqual(
      [],
    );
    await t.dataSource.query(`UPDATE families SET erased_at = NULL WHERE id = $1`, [mother.familyId]);
    const byMother = await t.http().get(`/contracts/${created.body.id}`).set(mother.auth).expect(200);
    expect(byMother.body).not.toHaveProperty('parents');
    expect(byMother.body.fee).toMatchObject({ monthlyFee: '106.88' });
    expect(byMother.body.feeShares).toHaveLength(1);
    expect(JSON.stringify(byMother.body)).not.toContain('197.76');
    const byFather = await t.http().get(`/contracts/${created.body.id}`).set(father.auth).expect(200);
    expect(byFather.body).not.toHaveProperty('parents');
    expect(JSON.stringify(byFather.body)).not.toContain(name);
    expect(byFather.body.fee).toMatchObject({ monthlyFee: '197.76' });
    expect(JSON.stringify(byFather.body)).not.toContain('106.88');
    const stranger = await createParentWithChild(t, {}, { birthDate: '2028-03-10' });
    await t.http().get(`/contracts/${created.body.id}`).set(stranger.auth).expect(404);

    // The father's household declares new resources: only its share moves, from the 1st of next month.
    const declared = await declare(father, { monthlyResources: '3000.00', documentType: 'TAX_NOTICE_N2' }).expect(201);
    // The contracts page lists it, under the child the father's household pays a share for.
    const toReview = await t.http().get(`/creches/${crecheId}/declarations-to-review`).set(manager.auth).expect(200);
    expect(toReview.body.find((d: { familyId: string }) => d.familyId === father.familyId)).toEqual({
      familyId: father.familyId,
      declarationId: declared.body.id,
      declaredAt: declared.body.declaredAt,
      children: [{ childId: mother.childId, firstName: expect.any(String) }],
      sharesOnly: true,
    });
    await review(manager, father.familyId, declared.body.id, { decision: 'VALIDATE' }).expect(200);
    const changed = await waitFor(async () => {
      const rows = await t.dataSource.query(
        `SELECT family_id, to_char(effective_from, 'YYYY-MM-DD') AS d, hourly_rate, monthly_fee
           FROM fee_computations WHERE contract_id = $1 AND reason = 'INPUTS_CHANGED' ORDER BY family_id`,
        [created.body.id],
      );
      return rows.length ? rows : null;
    });
    // 3 000 × 0.0516 % = 1.548 → 1.55 €/h × 96 h = 148.80 €; the mother's share is recomputed unchanged.
    const byFamily = Object.fromEntries(
      changed.map((r: { family_id: string; d: string; hourly_rate: string; monthly_fee: string }) => [
        r.family_id,
        [r.d, r.hourly_rate, r.monthly_fee],
      ]),
    );
    expect(byFamily).toEqual({
      [father.familyId]: ['2029-02-01', '1.55', '148.80'],
      [mother.familyId]: ['2029-02-01', '1.67', '106.88'],
    });
    // A manager cannot overwrite one household's situation on a shared contract.
    const patch = await t
      .http()
      .patch(`/contracts/${created.body.id}/fee-inputs`)
      .set(manager.auth)
      .send({ monthlyResources: '1000.00', dependentChildren: 1, effectiveFrom: '2029-03-01' })
      .expect(409);
    expect(patch.body.code).toBe('CONTRACT.SHARED_FEE');
    // The auditor's recheck recomputes both shares to the cent.
    const auditor = await createUser(t, 'CAF_AUDITOR');
    const recheck = await t.http().post('/audit/fees/recheck').query({ crecheId }).set(auditor.auth).expect(200);
    expect(recheck.body.deviations).toEqual([]);
    // The auditor's CSV has one line per household's share and period, with the exact monthly hours.
    const csv = await t
      .http()
      .get('/audit/fees/export.csv')
      .query({ crecheId, year: 2029 })
      .set(auditor.auth)
      .expect(200);
    const lines = csv.text.split('\r\n').filter((l: string) => l.startsWith(created.body.id));
    const byHousehold = (a: string[], b: string[]) =>
      Number(a[6] === father.familyId) - Number(b[6] === father.familyId) || a[0].localeCompare(b[0]);
    expect(
      lines.map((l: string) => l.split(';').slice(1, 3).concat(l.split(';').slice(9, 14))).sort(byHousehold),
    ).toEqual([
      ['2029-01-08', '2029-01-31', '64,00', '106,88', 'CONTRACT_CREATED', '64', mother.familyId],
      ['2029-02-01', '2029-07-27', '64,00', '106,88', 'INPUTS_CHANGED', '64', mother.familyId],
      ['2029-01-08', '2029-01-31', '96,00', '197,76', 'CONTRACT_CREATED', '96', father.familyId],
      ['2029-02-01', '2029-07-27', '96,00', '148,80', 'INPUTS_CHANGED', '96', father.familyId],
    ]);
  });

  it('bills each share of a contract in alternating residence signed between a validation and its appliesFrom on what it replaced, until that day', async () => {
    const mother = await createParentWithChild(
      t,
      { monthlyResources: '2700.00', dependentChildren: 1 },
      { birthDate: '2028-03-10' },
    );
    const father = await createParentWithChild(
      t,
      { monthlyResources: '4000.00', dependentChildren: 2 },
      { birthDate: '2027-05-02' },
    );
    await markChecked(mother.familyId);
    await markChecked(father.familyId);
    await shareWith(mother, father);
    // The father's household: 3 000 € from 1 February, validated on 15 January (an admin: no crèche sees it yet).
    const declared = await declare(father, { monthlyResources: '3000.00', documentType: 'TAX_NOTICE_N2' }).expect(201);
    await review(admin, father.familyId, declared.body.id, { decision: 'VALIDATE' }).expect(200);
    // The mother's too, from the same day: 2 000 €.
    const hers = await declare(mother, { monthlyResources: '2000.00', documentType: 'TAX_NOTICE_N2' }).expect(201);
    await review(admin, mother.familyId, hers.body.id, { decision: 'VALIDATE' }).expect(200);
    const created = await signContract(mother.childId, {
      alternatingResidence: { otherFamilyId: father.familyId, otherHoursPercent: 60 },
    }).expect(201);
    // Computed with the contract, no job to wait for; before, the father's share billed 2.06 €/h to July.
    expect(await t.app.get(ContractFeesService).applyPendingInputs(created.body.id)).toBeNull();
    const rows = await t.dataSource.query(
      `SELECT family_id, reason, to_char(effective_from, 'YYYY-MM-DD') AS d, hourly_rate, monthly_fee
         FROM fee_computations WHERE contract_id = $1 ORDER BY effective_from, family_id`,
      [created.body.id],
    );
    const of = (familyId: string) =>
      rows
        .filter((r: { family_id: string }) => r.family_id === familyId)
        .map((r: { reason: string; d: string; hourly_rate: string; monthly_fee: string }) => [
          r.reason,
          r.d,
          r.hourly_rate,
          r.monthly_fee,
        ]);
    // Father: 4 000 × 0.0516 % = 2.06 €/h × 96 h until 31 January, then 3 000 × 0.0516 % = 1.55 €/h × 96 h.
    expect(of(father.familyId)).toEqual([
      ['CONTRACT_CREATED', '2029-01-08', '2.06', '197.76'],
      ['INPUTS_CHANGED', '2029-02-01', '1.55', '148.80'],
    ]);
    // Mother: 2 700 × 0.0619 % = 1.67 €/h × 64 h, then 2 000 × 0.0619 % = 1.238 → 1.24 €/h × 64 h; one computation
    // of both shares on that day.
    expect(of(mother.familyId)).toEqual([
      ['CONTRACT_CREATED', '2029-01-08', '1.67', '106.88'],
      ['INPUTS_CHANGED', '2029-02-01', '1.24', '79.36'],
    ]);
  });

  it('gives each household of a shared contract its own data only: exports, January request', async () => {
    const mother = await createParentWithChild(t, { monthlyResources: '2700.00' }, { birthDate: '2028-03-10' });
    const father = await createParentWithChild(t, { monthlyResources: '4321.00' }, { birthDate: '2027-05-02' });
    await markChecked(mother.familyId);
    await shareWith(mother, father);
    const created = await signContract(mother.childId, {
      // The father's resources are not checked yet, but the manager saw his tax notice.
      alternatingResidence: {
        otherFamilyId: father.familyId,
        otherFeeInputs: { monthlyResources: '4321.00', dependentChildren: 1 },
      },
    }).expect(201);
    const shares = (await t.http().get(`/contracts/${created.body.id}`).set(manager.auth).expect(200)).body.feeShares;
    // 4 321 × 0.0619 % = 2.6747 → 2.67 €/h on the checked figure, not the floor.
    expect(shares[1]).toMatchObject({ familyId: father.familyId, fee: { hourlyRate: '2.67' } });
    const motherExport = await t.http().get(`/families/${mother.familyId}/export`).set(mother.auth).expect(200);
    expect(JSON.stringify(motherExport.body)).not.toContain('"4321.00"');
    const fatherExport = await t.http().get(`/families/${father.familyId}/export`).set(father.auth).expect(200);
    const contracts = fatherExport.body['Contrats'];
    expect(contracts.map((c: { Identifiant: string }) => c.Identifiant)).toEqual([created.body.id]);
    expect(contracts[0]['Part de votre foyer (résidence alternée)']).toEqual([
      expect.objectContaining({ 'Foyer (identifiant)': father.familyId, 'Part des heures (%)': 50 }),
    ]);
    const computations = fatherExport.body['Calculs de participation'] as { Identifiant: string }[];
    expect(computations.length).toBeGreaterThan(0);
    const owners: { family_id: string }[] = await t.dataSource.query(
      `SELECT family_id FROM fee_computations WHERE id = ANY($1::uuid[])`,
      [computations.map((f) => f.Identifiant)],
    );
    expect(owners).toHaveLength(computations.length);
    expect(owners.every((f) => f.family_id === father.familyId)).toBe(true);
    expect(JSON.stringify(fatherExport.body)).not.toContain('"2700.00"');
    const inCare = await t.app.get(HouseholdsInCareReadModel).withContractRunningOn(t.dataSource.manager, '2029-03-01');
    expect(inCare).toEqual(expect.arrayContaining([mother.familyId, father.familyId]));
    const malformed = await t
      .http()
      .post(`/creches/${crecheId}/contracts`)
      .set(manager.auth)
      .send({
        childId: mother.childId,
        startDate: '2029-09-03',
        endDate: '2029-12-21',
        schedule: fullWeek('08:00', '16:00'),
        alternatingResidence: [],
      })
      .expect(400);
    expect(malformed.body.details[0].field).toBe('alternatingResidence');
  });

  it('bills another household only once it has agreed, and only its own parents may agree', async () => {
    const mother = await createParentWithChild(t, {}, { birthDate: '2028-03-10' });
    const stranger = await createParentWithChild(t, {}, { birthDate: '2027-05-02' });
    const contract = () => signContract(mother.childId, { alternatingResidence: { otherFamilyId: stranger.familyId } });
    const refused = await contract().expect(400);
    expect(refused.body.details[0]).toEqual({
      field: 'alternatingResidence.otherFamilyId',
      errors: ["this household has not accepted to pay a share of this child's care"],
    });
    // The manager still cannot see the stranger's household.
    await t.http().get(`/families/${stranger.familyId}`).set(manager.auth).expect(404);
    const req = await t
      .http()
      .post(`/families/${mother.familyId}/children/${mother.childId}/co-households`)
      .set(mother.auth)
      .send({ otherFamilyId: stranger.familyId })
      .expect(201);
    await contract().expect(400);
    // Nobody but a parent of the named household accepts it.
    await t.http().post(`/co-household-requests/${req.body.id}/accept`).set(mother.auth).expect(404);
    await t.http().post(`/co-household-requests/${req.body.id}/accept`).set(stranger.auth).expect(204);
    await contract().expect(201);
  });

  it('refuses alternating residence with the child’s own household or one that does not exist', async () => {
    const parent = await createParentWithChild(t, {}, { birthDate: '2028-03-10' });
    // Its own id in capitals is its own id still.
    for (const otherFamilyId of [
      parent.familyId,
      parent.familyId.toUpperCase(),
      '00000000-0000-4000-8000-000000000000',
    ]) {
      const res = await signContract(parent.childId, { alternatingResidence: { otherFamilyId } }).expect(400);
      expect(res.body.details[0].field).toBe('alternatingResidence.otherFamilyId');
    }
    // Nor may a household ask itself to share the child, whatever case its id is written in.
    const id = parent.familyId;
    for (const [path, otherFamilyId] of [
      [id.toUpperCase(), id],
      [id, id.toUpperCase()],
    ]) {
      const res = await t
        .http()
        .post(`/families/${path}/children/${parent.childId}/co-households`)
        .set(parent.auth)
        .send({ otherFamilyId })
        .expect(400);
      expect(res.body.details[0].field).toBe('otherFamilyId');
    }
  });

  it('bills from its appliesFrom the children a declaration proved before a contract was signed', async () => {
    const parent = await createParentWithChild(
      t,
      { monthlyResources: '3000.00', dependentChildren: 3 },
      { birthDate: '2028-03-10' },
    );
    await t.dataSource.query(`UPDATE families SET resources_checked_at = now() WHERE id = $1`, [parent.familyId]);
    const declared = await declare(parent, { dependentChildren: '3', documentType: 'CAF_CDAP' }).expect(201);
    await review(admin, parent.familyId, declared.body.id, { decision: 'VALIDATE' }).expect(200);
    const contract = await t
      .http()
      .post(`/creches/${crecheId}/contracts`)
      .set(manager.auth)
      .send({
        childId: parent.childId,
        startDate: '2029-01-22',
        endDate: '2029-07-27',
        schedule: fullWeek('08:00', '16:00'),
      })
      .expect(201);
    // Until 31 January the children were not proven yet: the one-child rate, 3 000 € × 0.0619 % = 1.86 €/h; from
    // 1 February the three children, 3 000 € × 0.0413 % = 1.24 €/h (the contract's inputs no longer say unchecked).
    expect(await computations(contract.body.id)).toEqual([
      { reason: 'CONTRACT_CREATED', d: '2029-01-22', hourly_rate: '1.86' },
      { reason: 'INPUTS_CHANGED', d: '2029-02-01', hourly_rate: '1.24' },
    ]);
    const [row] = await t.dataSource.query(`SELECT fee_inputs, fee_pending_from FROM contracts WHERE id = $1`, [
      contract.body.id,
    ]);
    expect(row).toMatchObject({ fee_inputs: { dependentChildren: 3 }, fee_pending_from: null });
    expect(row.fee_inputs.childrenUnchecked ?? false).toBe(false);
  });

  it('proves the AEEH child of a household with one dependent child by its notification alone, for contract and bookings alike', async () => {
    const parent = await createParentWithChild(t, { monthlyResources: '3000.00' }, { birthDate: '2028-03-10' });
    await t.dataSource.query(`UPDATE families SET resources_checked_at = now() WHERE id = $1`, [parent.familyId]);
    const contract = await signContract(parent.childId).expect(201);
    const siblingId = await addChild(t, parent, { firstName: 'Noé', birthDate: '2027-05-02' });
    const declared = await declare(parent, { aeehChildren: '1', documentType: 'AEEH_NOTIFICATION' }).expect(201);
    await review(manager, parent.familyId, declared.body.id, { decision: 'VALIDATE' }).expect(200);
    // One dependent child needs no proof: its AEEH child moves it one tier down, 3 000 € × 0.0516 % = 1.55 €/h.
    await waitFor(async () => (await computations(contract.body.id)).length === 2);
    expect((await computations(contract.body.id))[1]).toEqual({
      reason: 'INPUTS_CHANGED',
      d: '2029-02-01',
      hourly_rate: '1.55',
    });
    const booked = await t
      .http()
      .post(`/creches/${crecheId}/bookings`)
      .set(manager.auth)
      .send({ childId: siblingId, date: '2029-02-05', from: '09:00', to: '10:00', kind: 'OCCASIONAL' })
      .expect(201);
    expect(booked.body.fee).toMatchObject({ hourlyRate: '1.55' });
  });

  it('bills, on a contract signed after two validated declarations, each from its own appliesFrom, touching no other contract', async () => {
    const parent = await createParentWithChild(t, { monthlyResources: '4000.00' }, { birthDate: '2028-03-10' });
    await markChecked(parent.familyId);
    // Another crèche's contract for the child, on resources its manager checked: never rewritten by this one.
    const territory = await createTerritory(t, admin);
    const other = (await createCreche(t, admin, territory.id, { kind: 'COLLECTIVE', places: 10, capacityBands: [] }))
      .id;
    await assignManagers(t, admin, other, manager);
    const elsewhere = await t
      .http()
      .post(`/creches/${other}/contracts`)
      .set(manager.auth)
      .send({
        childId: parent.childId,
        startDate: '2028-09-04',
        endDate: '2029-01-19',
        schedule: [{ weekday: 1, from: '08:00', to: '12:00' }],
        feeInputs: { monthlyResources: '5000.00', dependentChildren: 1 },
      })
      .expect(201);
    const [before] = await t.dataSource.query(`SELECT fee_inputs, fee_inputs_version FROM contracts WHERE id = $1`, [
      elsewhere.body.id,
    ]);
    // 3 000 € from 1 February (declared 15 January), 1 000 € from 1 March (declared 15 February).
    const first = await declare(parent, { monthlyResources: '3000.00', documentType: 'TAX_NOTICE_N2' }).expect(201);
    await review(admin, parent.familyId, first.body.id, { decision: 'VALIDATE' }).expect(200);
    clock.at = new Date('2029-02-15T10:00:00Z');
    const second = await declare(parent, { monthlyResources: '1000.00', documentType: 'TAX_NOTICE_N2' }).expect(201);
    await review(admin, parent.familyId, second.body.id, { decision: 'VALIDATE' }).expect(200);
    const contract = await t
      .http()
      .post(`/creches/${crecheId}/contracts`)
      .set(manager.auth)
      .send({
        childId: parent.childId,
        startDate: '2029-01-22',
        endDate: '2029-07-27',
        schedule: fullWeek('08:00', '16:00'),
      })
      .expect(201);
    // 4 000, 3 000 and 1 000 € × 0.0619 %: 2.48, 1.86 (was 0.62 from February) and 0.62 €/h.
    expect(await computations(contract.body.id)).toEqual([
      { reason: 'CONTRACT_CREATED', d: '2029-01-22', hourly_rate: '2.48' },
      { reason: 'INPUTS_CHANGED', d: '2029-02-01', hourly_rate: '1.86' },
      { reason: 'INPUTS_CHANGED', d: '2029-03-01', hourly_rate: '0.62' },
    ]);
    const [after] = await t.dataSource.query(
      `SELECT fee_inputs, fee_inputs_version, fee_pending_from FROM contracts WHERE id = $1`,
      [elsewhere.body.id],
    );
    expect(after).toEqual({ ...before, fee_pending_from: null });
  });

  it('proves no children by a declaration of resources unknown or refused', async () => {
    const parent = await createParentWithChild(
      t,
      { monthlyResources: '3000.00', dependentChildren: 8 },
      { birthDate: '2028-03-10' },
    );
    const declared = await declare(parent, { monthlyResources: 'unknown', documentType: 'OTHER' }).expect(201);
    await review(admin, parent.familyId, declared.body.id, { decision: 'VALIDATE' }).expect(200);
    const [family] = await t.dataSource.query(`SELECT children_checked_at FROM families WHERE id = $1`, [
      parent.familyId,
    ]);
    expect(family.children_checked_at).toBeNull();
  });

  it('takes the household before its declaration when reviewing, as an erasure does: neither deadlocks', async () => {
    const { parent } = await householdInCare();
    const declared = await declare(parent, { monthlyResources: '1500.00', documentType: 'TAX_NOTICE_N2' }).expect(201);
    const reviewed = await withHeldTransaction(t.dataSource, async (erasure) => {
      // An erasure under way: the household's row first, then its declarations.
      await erasure.query(`UPDATE families SET updated_at = now() WHERE id = $1`, [parent.familyId]);
      const validating = review(manager, parent.familyId, declared.body.id, { decision: 'VALIDATE' }).then((r) => r);
      await untilWaitingOnLocks(t.dataSource);
      await erasure.query(`DELETE FROM fee_declarations WHERE id = $1`, [declared.body.id]);
      await erasure.commitTransaction();
      return validating;
    });
    // The review waited for the household, then found its declaration gone.
    expect(reviewed.status).toBe(404);
  });

  it('waits, to validate, for an issue under way at a crèche billing the household', async () => {
    const { parent } = await householdInCare();
    const declared = await declare(parent, { monthlyResources: '1500.00', documentType: 'TAX_NOTICE_N2' }).expect(201);
    await t.dataSource.query(`INSERT INTO invoice_sequences (creche_id) VALUES ($1) ON CONFLICT DO NOTHING`, [
      crecheId,
    ]);
    const reviewed = await withHeldTransaction(t.dataSource, async (issue) => {
      // An issue of the crèche under way holds its invoice sequence, as BillingRepository.lockSequence does.
      await issue.query(`SELECT last_number FROM invoice_sequences WHERE creche_id = $1 FOR UPDATE`, [crecheId]);
      const validating = review(manager, parent.familyId, declared.body.id, { decision: 'VALIDATE' }).then((r) => r);
      await untilWaitingOnLocks(t.dataSource);
      await issue.rollbackTransaction();
      return validating;
    });
    expect(reviewed.status).toBe(200);
  });

  it('starts a validation again when a contract is signed at another crèche meanwhile: that crèche never bills the month at the old fee', async () => {
    const territory = await createTerritory(t, admin);
    const other = (await createCreche(t, admin, territory.id, { kind: 'COLLECTIVE', places: 10, capacityBands: [] }))
      .id;
    await assignManagers(t, admin, other, manager);
    const { parent } = await householdInCare({ monthlyResources: '4000.00', dependentChildren: 2 });
    const siblingId = await addChild(t, parent, { firstName: 'Noé', birthDate: '2028-05-02' });
    // Declared on 15 January: 1 000 € from 1 February. Reviewed on 2 March, February not invoiced anywhere yet.
    const declared = await declare(parent, { monthlyResources: '1000.00', documentType: 'TAX_NOTICE_N2' }).expect(201);
    clock.at = new Date('2029-03-02T08:00:00Z');
    await t.dataSource.query(`INSERT INTO invoice_sequences (creche_id) VALUES ($1), ($2) ON CONFLICT DO NOTHING`, [
      crecheId,
      other,
    ]);
    const outcome = await withHeldTransaction(t.dataSource, async (issueHere) => {
      // An issue under way at the household's crèche: the review waits for it, having read which crèches bill.
      await issueHere.query(`SELECT last_number FROM invoice_sequences WHERE creche_id = $1 FOR UPDATE`, [crecheId]);
      const validating = review(manager, parent.familyId, declared.body.id, { decision: 'VALIDATE' }).then((r) => r);
      await untilWaitingOnLocks(t.dataSource);
      // Meanwhile the other crèche signs the sibling's contract from February, at the household's old situation.
      const signed = await t
        .http()
        .post(`/creches/${other}/contracts`)
        .set(manager.auth)
        .send({
          childId: siblingId,
          startDate: '2029-02-01',
          endDate: '2029-07-27',
          schedule: fullWeek('08:00', '16:00'),
        })
        .expect(201);
      return withHeldTransaction(t.dataSource, async (contractRow) => {
        // The new contract's row held as an update holds it: the review stops there, past its check of invoiced
        // months (it rewrites the contract's inputs), and the other crèche issues February (its invoice lines' foreign
        // key to the contract does not wait for such a lock).
        await contractRow.query(`SELECT 1 FROM contracts WHERE id = $1 FOR NO KEY UPDATE`, [signed.body.id]);
        await issueHere.rollbackTransaction();
        await untilBlockedBy(t.dataSource, contractRow);
        const issuing = t
          .http()
          .post(`/creches/${other}/invoices/issue`)
          .set(manager.auth)
          .send({ month: '2029-02' })
          .then((r) => r);
        // The issue meets the review before the review commits: now at its invoice sequence, before reading any fee;
        // before the fix, at the household's row as it wrote the invoice, its lines already at the fee at signing.
        const first = await Promise.race([issuing.then(() => 'issued'), untilWaitingOnLocks(t.dataSource, 2)]);
        await contractRow.rollbackTransaction();
        return { first, reviewed: await validating, issued: await issuing, contractId: signed.body.id };
      });
    });
    expect(outcome.first).toBe(true);
    expect(outcome.reviewed.status).toBe(200);
    // The issue found the new fee still to compute (409, retried), or billed it: never the fee at signing.
    const [atSigning] = await computations(outcome.contractId);
    const billed = await t.dataSource.query(
      `SELECT hourly_rate FROM invoice_lines WHERE contract_id = $1 AND kind = 'INSTALMENT'`,
      [outcome.contractId],
    );
    if (outcome.issued.status === 409) expect(outcome.issued.body.code).toBe('INVOICE.FEES_PENDING');
    else for (const line of billed) expect(line.hourly_rate).not.toBe(atSigning.hourly_rate);
    expect(outcome.issued.status === 409 || billed.length > 0).toBe(true);
  });

  it('bills a contract and bookings made between a validation and its appliesFrom on what it replaced, until that day', async () => {
    const parent = await createParentWithChild(t, { monthlyResources: '4000.00' }, { birthDate: '2028-03-10' });
    await markChecked(parent.familyId);
    const declared = await declare(parent, { monthlyResources: '1000.00', documentType: 'TAX_NOTICE_N2' }).expect(201);
    // No crèche sees the household yet: an admin checks the proof (validated on 15 January, applies from 1 February).
    await review(admin, parent.familyId, declared.body.id, { decision: 'VALIDATE' }).expect(200);
    const contract = await t
      .http()
      .post(`/creches/${crecheId}/contracts`)
      .set(manager.auth)
      .send({
        childId: parent.childId,
        startDate: '2029-01-22',
        endDate: '2029-07-27',
        schedule: fullWeek('08:00', '16:00'),
      })
      .expect(201);
    // 4 000 × 0.0619 % = 2.476 → 2.48 €/h until 31 January; 1 000 × 0.0619 % = 0.619 → 0.62 €/h from 1 February.
    expect(contract.body.fee).toMatchObject({ effectiveFrom: '2029-01-22', hourlyRate: '2.48' });
    // Both computed with the contract, no job to wait for (a month's issue would otherwise meet the fee pending).
    expect(await t.app.get(ContractFeesService).applyPendingInputs(contract.body.id)).toBeNull();
    expect(await computations(contract.body.id)).toEqual([
      { reason: 'CONTRACT_CREATED', d: '2029-01-22', hourly_rate: '2.48' },
      { reason: 'INPUTS_CHANGED', d: '2029-02-01', hourly_rate: '0.62' },
    ]);
    const book = (date: string) =>
      t
        .http()
        .post(`/creches/${crecheId}/bookings`)
        .set(manager.auth)
        .send({ childId: parent.childId, date, from: '17:00', to: '18:00', kind: 'OCCASIONAL' })
        .expect(201);
    expect((await book('2029-01-25')).body.fee).toMatchObject({ hourlyRate: '2.48' });
    expect((await book('2029-02-05')).body.fee).toMatchObject({ hourlyRate: '0.62' });
  });
});
