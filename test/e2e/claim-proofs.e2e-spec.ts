import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClaimProofsController } from '../../src/modules/families/claim-proofs.controller';
import { assignManagers, createCreche, createTerritory, fullWeek } from '../support/factories';
import { addChild, createParentWithChild, TestParent } from '../support/families';
import { createUser, startTestApp, TestApp, TestUser } from '../support/test-app';

/** A minimal PDF and a 1×1 PNG: what file-type must recognise from their bytes. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * Issue #19 and DOMAIN.md §5: a household uploads the proof of a priority criterion it declared; the managers of a
 * crèche it applied to open it from the waitlist, then verify the criterion; the proof goes with the household.
 */
describe(ClaimProofsController.name, () => {
  const documentsDir = mkdtempSync(join(tmpdir(), 'berceau-claim-proofs-'));
  let t: TestApp;
  let admin: TestUser;
  let manager: TestUser;
  let otherManager: TestUser;
  let crecheId: string;
  let parent: TestParent;
  let stranger: TestParent;

  beforeAll(async () => {
    t = await startTestApp({ env: { DOCUMENTS_DIR: documentsDir } });
    admin = await createUser(t, 'ADMIN');
    manager = await createUser(t, 'MANAGER');
    otherManager = await createUser(t, 'MANAGER');
    const territory = await createTerritory(t, admin);
    crecheId = (await createCreche(t, admin, territory.id)).id;
    const otherCrecheId = (await createCreche(t, admin, territory.id)).id;
    await assignManagers(t, admin, crecheId, manager);
    await assignManagers(t, admin, otherCrecheId, otherManager);
    parent = await createParentWithChild(t, { singleParent: true }, { firstName: 'Lou', disability: true });
    stranger = await createParentWithChild(t, { singleParent: true }, { firstName: 'Noé' });
    for (const [who, creche] of [
      [parent, crecheId],
      [stranger, otherCrecheId],
    ] as const)
      await t
        .http()
        .post('/applications')
        .set(who.auth)
        .send({
          childId: who.childId,
          desiredStartDate: '2027-09-01',
          schedule: fullWeek('08:00', '17:00'),
          preferences: [creche],
        })
        .expect(201);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    rmSync(documentsDir, { recursive: true, force: true });
  });

  const upload = (
    who: TestUser,
    familyId: string,
    fields: Record<string, string>,
    file = PDF,
    name = 'attestation.pdf',
    type = 'application/pdf',
  ) => {
    const req = t.http().post(`/families/${familyId}/claim-proofs`).set(who.auth);
    for (const [k, v] of Object.entries(fields)) void req.field(k, v);
    return req.attach('document', file, { filename: name, contentType: type });
  };
  const download = (who: TestUser, familyId: string, proofId: string) =>
    t
      .http()
      .get(`/families/${familyId}/claim-proofs/${proofId}/document`)
      .set(who.auth)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
  const keyOf = async (proofId: string) =>
    (
      (await t.dataSource.query(`SELECT document_key FROM claim_proofs WHERE id = $1`, [proofId])) as {
        document_key: string;
      }[]
    )[0]?.document_key;
  const waitlistProofs = async () => {
    const res = await t.http().get(`/creches/${crecheId}/waitlist`).query({ families: 'true' }).set(manager.auth);
    expect(res.status).toBe(200);
    return (res.body.families as { familyId: string; claimProofs: unknown[] }[]).find(
      (f) => f.familyId === parent.familyId,
    )!.claimProofs;
  };

  it("stores a parent's proof, serves it to the crèche's manager, then shows it verified", async () => {
    const res = await upload(parent, parent.familyId, { claim: 'SINGLE_PARENT' }).expect(201);
    expect(res.body).toMatchObject({
      familyId: parent.familyId,
      claim: 'SINGLE_PARENT',
      childId: null,
      mime: 'application/pdf',
      size: PDF.length,
      uploadedBy: parent.id,
      verified: false,
      verifiedAt: null,
    });
    const proofId = res.body.id as string;
    const [audit] = await t.dataSource.query(
      `SELECT actor_user_id, details FROM audit_events WHERE action = 'family.claim_proof_uploaded' AND subject_id = $1`,
      [parent.familyId],
    );
    expect(audit.actor_user_id).toBe(parent.id);
    expect(audit.details).toEqual({ proofId, claim: 'SINGLE_PARENT', childId: null, replaced: false });

    // The waitlist lists it with the household, for the manager to open.
    expect(await waitlistProofs()).toEqual([
      { claim: 'SINGLE_PARENT', childId: null, proofId, uploadedAt: res.body.uploadedAt },
    ]);

    // The crèche's manager and an admin download it as uploaded; the staff read is audited.
    const got = await download(manager, parent.familyId, proofId).expect(200);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['content-disposition']).toBe(`attachment; filename="justificatif-${proofId}.pdf"`);
    expect(
      createHash('sha256')
        .update(got.body as Buffer)
        .digest('hex'),
    ).toBe(createHash('sha256').update(PDF).digest('hex'));
    await download(admin, parent.familyId, proofId).expect(200);
    await download(parent, parent.familyId, proofId).expect(200);
    const reads = await t.dataSource.query(
      `SELECT actor_user_id FROM audit_events WHERE action = 'family.claim_proof_read' AND subject_id = $1 ORDER BY id`,
      [parent.familyId],
    );
    expect(reads.map((r: { actor_user_id: string }) => r.actor_user_id)).toEqual([manager.id, admin.id]);

    // The manager of another crèche and another household's parent: as if it did not exist.
    await download(otherManager, parent.familyId, proofId).expect(404);
    await download(stranger, parent.familyId, proofId).expect(404);
    await download(stranger, stranger.familyId, proofId).expect(404);
    await t.http().get(`/families/${parent.familyId}/claim-proofs`).set(otherManager.auth).expect(404);

    // Verified through the claims route: "vu par la crèche" for the parent.
    await t
      .http()
      .post(`/families/${parent.familyId}/claims`)
      .set(manager.auth)
      .send({ claim: 'SINGLE_PARENT', value: true })
      .expect(204);
    const list = await t.http().get(`/families/${parent.familyId}/claim-proofs`).set(parent.auth).expect(200);
    expect(list.body).toEqual([
      expect.objectContaining({ id: proofId, claim: 'SINGLE_PARENT', verified: true, verifiedAt: expect.any(String) }),
    ]);
  });

  it("takes a child's proof with its child, and a new proof replaces the previous one and its file", async () => {
    await upload(parent, parent.familyId, { claim: 'CHILD_DISABILITY' })
      .expect(400)
      .expect((r) => expect(r.body.details).toEqual([expect.objectContaining({ field: 'childId' })]));
    await upload(parent, parent.familyId, { claim: 'CHILD_DISABILITY', childId: stranger.childId }).expect(404);
    await upload(parent, parent.familyId, { claim: 'SINGLE_PARENT', childId: parent.childId })
      .expect(400)
      .expect((r) => expect(r.body.details).toEqual([expect.objectContaining({ field: 'childId' })]));
    const first = await upload(parent, parent.familyId, { claim: 'CHILD_DISABILITY', childId: parent.childId }).expect(
      201,
    );
    expect(first.body).toMatchObject({ claim: 'CHILD_DISABILITY', childId: parent.childId, verified: false });
    const firstKey = await keyOf(first.body.id);
    expect(existsSync(join(documentsDir, firstKey))).toBe(true);
    const second = await upload(
      parent,
      parent.familyId,
      { claim: 'CHILD_DISABILITY', childId: parent.childId },
      PNG,
      'scan.png',
      'image/png',
    ).expect(201);
    expect(second.body).toMatchObject({ mime: 'image/png', size: PNG.length });
    expect(existsSync(join(documentsDir, firstKey))).toBe(false);
    await download(manager, parent.familyId, first.body.id).expect(404);
    await download(manager, parent.familyId, second.body.id).expect(200).expect('content-type', 'image/png');
    const proofs = (await waitlistProofs()) as { claim: string }[];
    expect(proofs.map((p) => p.claim).sort()).toEqual(['CHILD_DISABILITY', 'SINGLE_PARENT']);
  });

  it('refuses a bad file (400 naming document), an undeclared criterion (409), staff (403) and strangers (404)', async () => {
    await upload(parent, parent.familyId, { claim: 'SINGLE_PARENT' }, Buffer.from('not an image'), 'x.png', 'image/png')
      .expect(400)
      .expect((r) => expect(r.body.details).toEqual([expect.objectContaining({ field: 'document' })]));
    await t
      .http()
      .post(`/families/${parent.familyId}/claim-proofs`)
      .set(parent.auth)
      .field('claim', 'SINGLE_PARENT')
      .expect(400)
      .expect((r) => expect(r.body.details).toEqual([expect.objectContaining({ field: 'document' })]));
    await upload(parent, parent.familyId, { claim: 'PRETTY' })
      .expect(400)
      .expect((r) => expect(r.body.details).toEqual([expect.objectContaining({ field: 'claim' })]));
    await upload(parent, parent.familyId, { claim: 'SOCIAL_MINIMA_OR_INSERTION' })
      .expect(409)
      .expect((r) => expect(r.body.code).toBe('CLAIM.NOT_DECLARED'));
    await upload(manager, parent.familyId, { claim: 'SINGLE_PARENT' }).expect(403);
    await upload(stranger, parent.familyId, { claim: 'SINGLE_PARENT' }).expect(404);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM claim_proofs WHERE family_id = $1`, [
      parent.familyId,
    ]);
    expect(n).toBe(2); // what the earlier tests left, nothing more
  });

  it('keeps a crèche the household has left from the proofs and declarations it sent since (404)', async () => {
    // A crèche that cared for the child from January to February, its contract over: it reads the household's
    // history, not the child's disability proof nor the tax notice sent in the autumn.
    const former = await createUser(t, 'MANAGER');
    const territory = await createTerritory(t, admin);
    const formerCreche = (await createCreche(t, admin, territory.id)).id;
    await assignManagers(t, admin, formerCreche, former);
    const family = await createParentWithChild(t, { singleParent: true }, { firstName: 'Mia', disability: true });
    await t
      .http()
      .post(`/creches/${formerCreche}/contracts`)
      .set(former.auth)
      .send({
        childId: family.childId,
        startDate: '2026-01-05',
        endDate: '2026-02-27',
        schedule: fullWeek('08:00', '17:00'),
      })
      .expect(201);
    const during = await upload(family, family.familyId, { claim: 'SINGLE_PARENT' }).expect(201);
    // Sent in February, while the contract ran (the test dates it back: the application's clock is today's).
    await t.dataSource.query(`UPDATE claim_proofs SET uploaded_at = '2026-02-10T09:00:00Z' WHERE id = $1`, [
      during.body.id,
    ]);
    const since = await upload(family, family.familyId, { claim: 'CHILD_DISABILITY', childId: family.childId }).expect(
      201,
    );
    const declared = await t
      .http()
      .post(`/families/${family.familyId}/declarations`)
      .set(family.auth)
      .field('monthlyResources', '1234.00')
      .field('documentType', 'TAX_NOTICE_N2')
      .attach('document', PDF, { filename: 'avis.pdf', contentType: 'application/pdf' });
    expect(declared.status).toBe(201);

    await t.http().get(`/families/${family.familyId}`).set(former.auth).expect(200);
    expect((await download(former, family.familyId, since.body.id)).status).toBe(404);
    expect((await download(former, family.familyId, during.body.id)).status).toBe(200);
    const proofs = await t.http().get(`/families/${family.familyId}/claim-proofs`).set(former.auth).expect(200);
    expect(proofs.body.map((p: { id: string }) => p.id)).toEqual([during.body.id]);
    const declarations = await t.http().get(`/families/${family.familyId}/declarations`).set(former.auth).expect(200);
    expect(declarations.body).toEqual([]);
    await t
      .http()
      .get(`/families/${family.familyId}/declarations/${declared.body.id}/document`)
      .set(former.auth)
      .expect(404);
    // The household and an admin still open everything.
    for (const who of [family, admin]) expect((await download(who, family.familyId, since.body.id)).status).toBe(200);
  });

  it("deletes a removed child's proofs, and the household's with it (export, then GDPR erasure)", async () => {
    const twinId = await addChild(t, stranger, { firstName: 'Ada', birthDate: '2026-02-10', disability: true });
    const proof = await upload(stranger, stranger.familyId, {
      claim: 'CHILD_DISABILITY',
      childId: twinId,
    }).expect(201);
    const key = await keyOf(proof.body.id);
    await t.http().delete(`/families/${stranger.familyId}/children/${twinId}`).set(stranger.auth).expect(204);
    expect(existsSync(join(documentsDir, key))).toBe(false);
    expect(await keyOf(proof.body.id)).toBeUndefined();

    const kept = await upload(stranger, stranger.familyId, { claim: 'SINGLE_PARENT' }).expect(201);
    const keptKey = await keyOf(kept.body.id);
    const exported = await t.http().get(`/families/${stranger.familyId}/export`).set(stranger.auth).expect(200);
    expect(exported.body['Justificatifs des situations prioritaires']).toEqual([
      expect.objectContaining({ Identifiant: kept.body.id, Situation: 'Famille monoparentale', Enfant: null }),
    ]);
    await t.http().post(`/families/${stranger.familyId}/erase`).set(stranger.auth).expect(204);
    expect(existsSync(join(documentsDir, keptKey))).toBe(false);
    expect(await keyOf(kept.body.id)).toBeUndefined();
  });
});
