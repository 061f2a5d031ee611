import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PrivacyService } from '../../src/modules/privacy/privacy.service';
import type { Clock } from '../../src/common/time/clock';
import { assignManagers, createCreche, createTerritory, fullWeek } from '../support/factories';
import { createParentWithChild } from '../support/families';
import { untilWaitingOnLocks, withHeldTransaction } from '../support/held-transaction';
import { ownDatabaseUrl } from '../support/own-database';
import { createUser, startTestApp, TestApp, PASSWORD } from '../support/test-app';
import { atPlaceFr } from '../../src/common/text/french-places';

/** A week of the same hours, as the export names it. */
const frenchWeek = (from: string, to: string) =>
  ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi'].map((Jour) => ({ Jour, De: from, À: to }));

/** A minimal PDF: what the API recognises from its bytes. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');

describe(PrivacyService.name, () => {
  const clock: Clock & { at: Date } = {
    at: new Date('2026-11-26T10:00:00Z'),
    now() {
      return this.at;
    },
  };
  const documentsDir = mkdtempSync(join(tmpdir(), 'berceau-documents-'));
  let t: TestApp;

  beforeAll(async () => {
    // Its own database: its retention run in 2028 lapses and erases by age across the whole database it is given.
    t = await startTestApp({
      clock,
      env: { DOCUMENTS_DIR: documentsDir, DATABASE_URL: await ownDatabaseUrl('privacy') },
    });
  });
  afterAll(async () => {
    await t.close();
    rmSync(documentsDir, { recursive: true, force: true });
  });

  it('exports everything about the household to its parent, and only to them', async () => {
    const parent = await createParentWithChild(t, { cafNumber: '1234567' });
    const res = await t.http().get(`/families/${parent.familyId}/export`).set(parent.auth).expect(200);
    expect(res.body.Foyer).toMatchObject({
      'Identifiant du foyer': parent.familyId,
      "Numéro d'allocataire": '1234567',
    });
    expect(res.body.Parents[0]).toMatchObject({ 'Adresse e-mail': parent.email });
    expect(res.body.Enfants).toHaveLength(1);
    await t
      .http()
      .get(`/families/${parent.familyId}/export`)
      .set((await createParentWithChild(t)).auth)
      .expect(404);
  });

  it('exports each listed crèche with the schedule asked of it (#15)', async () => {
    const admin = await createUser(t, 'ADMIN');
    const territory = await createTerritory(t, admin);
    const early = await createCreche(t, admin, territory.id);
    const standard = await createCreche(t, admin, territory.id, {
      kind: 'COLLECTIVE',
      capacityBands: [],
      openingHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '07:30', closes: '18:30' })),
    });
    const parent = await createParentWithChild(t);
    await t
      .http()
      .post('/applications')
      .set(parent.auth)
      .send({
        childId: parent.childId,
        desiredStartDate: '2027-09-01',
        schedule: fullWeek('05:30', '13:30'),
        preferences: [early.id, { crecheId: standard.id, schedule: fullWeek('08:00', '15:00') }],
      })
      .expect(201);
    const res = await t.http().get(`/families/${parent.familyId}/export`).set(parent.auth).expect(200);
    expect(res.body['Demandes de place'][0]['Crèches demandées']).toEqual([
      { Rang: 1, Crèche: early.name, 'Horaires demandés': frenchWeek('05:30', '13:30') },
      { Rang: 2, Crèche: standard.name, 'Horaires demandés': frenchWeek('08:00', '15:00') },
    ]);
  });

  describe('the export of a household in alternating residence that objected to FILOUÉ', () => {
    /** Every key and value of the export, with its path. */
    function* leaves(value: unknown, path = ''): Generator<{ path: string; key: string | null; value: unknown }> {
      if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* leaves(v, `${path}[${i}]`);
      else if (value !== null && typeof value === 'object')
        for (const [k, v] of Object.entries(value)) {
          yield { path: `${path}.${k}`, key: k, value: undefined };
          yield* leaves(v, `${path}.${k}`);
        }
      else yield { path, key: null, value };
    }
    /**
     * What is not readable French: a value that is an internal code ("GENERAL", "CONTRACT_CREATED"), a key that is not a
     * French field name (the export's all start with a capital: "aeehChildren", "from" or "step" do not).
     */
    const unreadable = (body: unknown): string[] =>
      [...leaves(body)].flatMap(({ path, key, value }) => [
        ...(typeof value === 'string' && /^[A-Z][A-Z0-9_]{2,}$/.test(value) ? [`${path} = ${value}`] : []),
        ...(key !== null && /^[a-z]/.test(key) ? [`key ${path}`] : []),
      ]);

    let mother: Awaited<ReturnType<typeof createParentWithChild>>;
    let father: Awaited<ReturnType<typeof createParentWithChild>>;
    let accepted: string;
    let pending: string;

    beforeAll(async () => {
      const admin = await createUser(t, 'ADMIN');
      const manager = await createUser(t, 'MANAGER');
      const territory = await createTerritory(t, admin);
      const creche = await createCreche(t, admin, territory.id, { kind: 'COLLECTIVE', places: 5, capacityBands: [] });
      await assignManagers(t, admin, creche.id, manager);
      mother = await createParentWithChild(t, {
        monthlyResources: '2700.00',
        cafNumber: '1112223',
        singleParent: true,
      });
      father = await createParentWithChild(
        t,
        { monthlyResources: '4321.00', postalCode: '88100', parentsActivity: 'ONE_WORKING_ONE_JOBSEEKING' },
        { firstName: 'Noé', birthDate: '2025-06-02' },
      );
      await t.dataSource.query(
        `UPDATE families SET resources_checked_at = now(), children_checked_at = now() WHERE id = ANY($1::uuid[])`,
        [[mother.familyId, father.familyId]],
      );
      // The mother's household names the father's for Lou; he accepts. The father's names the mother's for Noé; not yet.
      accepted = (
        await t
          .http()
          .post(`/families/${mother.familyId}/children/${mother.childId}/co-households`)
          .set(mother.auth)
          .send({ otherFamilyId: father.familyId })
          .expect(201)
      ).body.id;
      await t.http().post(`/co-household-requests/${accepted}/accept`).set(father.auth).expect(204);
      pending = (
        await t
          .http()
          .post(`/families/${father.familyId}/children/${father.childId}/co-households`)
          .set(father.auth)
          .send({ otherFamilyId: mother.familyId })
          .expect(201)
      ).body.id;
      await t.http().put(`/families/${mother.familyId}/filoue-objection`).set(mother.auth).expect(200);
      // Lou's contract: the father's household pays half (it accepted).
      await t
        .http()
        .post(`/creches/${creche.id}/contracts`)
        .set(manager.auth)
        .send({
          childId: mother.childId,
          startDate: '2027-01-04',
          endDate: '2027-07-30',
          schedule: fullWeek('08:00', '16:00'),
          alternatingResidence: { otherFamilyId: father.familyId },
        })
        .expect(201);
      await t
        .http()
        .post(`/creches/${creche.id}/bookings`)
        .set(manager.auth)
        .send({ childId: mother.childId, date: '2027-01-05', from: '16:30', to: '18:00', kind: 'OCCASIONAL' })
        .expect(201);
      await t
        .http()
        .post('/applications')
        .set(mother.auth)
        .send({
          childId: mother.childId,
          desiredStartDate: '2027-09-01',
          schedule: fullWeek(),
          preferences: [creche.id],
        })
        .expect(201);
      await t
        .http()
        .post(`/families/${mother.familyId}/declarations`)
        .set(mother.auth)
        .field('monthlyResources', '2500.00')
        .field('documentType', 'TAX_NOTICE_N2')
        .attach('document', PDF, { filename: 'avis.pdf', contentType: 'application/pdf' })
        .expect(201);
      await t
        .http()
        .post(`/families/${mother.familyId}/claim-proofs`)
        .set(mother.auth)
        .field('claim', 'SINGLE_PARENT')
        .attach('document', PDF, { filename: 'attestation.pdf', contentType: 'application/pdf' })
        .expect(201);
      await t
        .http()
        .post(`/families/${mother.familyId}/claims`)
        .set(manager.auth)
        .send({ claim: 'PARENTS_ACTIVITY', value: 'BOTH_WORKING' })
        .expect(204);
    });

    const exportOf = async (who: { familyId: string; auth: Record<string, string> }) =>
      (await t.http().get(`/families/${who.familyId}/export`).set(who.auth).expect(200)).body;

    it('shows a household that objected to FILOUÉ its objection and its date, and one that did not, none', async () => {
      expect((await exportOf(mother)).Foyer).toMatchObject({
        'Opposition au fichier FILOUÉ de la Caf': true,
        'Opposition au fichier FILOUÉ enregistrée le': '2026-11-26T10:00:00Z',
      });
      expect((await exportOf(father)).Foyer).toMatchObject({
        'Opposition au fichier FILOUÉ de la Caf': false,
        'Opposition au fichier FILOUÉ enregistrée le': null,
      });
    });

    it('shows each household the alternating-residence links it is part of, with only what the app shows it of the other', async () => {
      const m = await exportOf(mother);
      // Stamped by the database (its own clock), in UTC to the second.
      const INSTANT = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      const f = await exportOf(father);
      // Each side as the app shows it: the naming household typed the other's id and learns whether it accepted; the
      // household named sees the request and the child's id (GET /me/co-household-requests).
      expect(m['Résidence alternée : foyers que vous avez nommés']).toEqual([
        {
          'Identifiant de la demande': accepted,
          Enfant: 'Lou',
          'Autre foyer (identifiant)': father.familyId,
          'Demandée le': INSTANT,
          'Demandée par': 'Camille Nom',
          "Acceptée par l'autre foyer": true,
        },
      ]);
      expect(m['Résidence alternée : demandes qui nomment votre foyer']).toEqual([
        {
          'Identifiant de la demande': pending,
          'Enfant (identifiant)': father.childId,
          'Demandée le': INSTANT,
          'Acceptée le': null,
          'Acceptée par': null,
        },
      ]);
      expect(f['Résidence alternée : foyers que vous avez nommés']).toEqual([
        expect.objectContaining({
          'Identifiant de la demande': pending,
          Enfant: 'Noé',
          'Autre foyer (identifiant)': mother.familyId,
          "Acceptée par l'autre foyer": false,
        }),
      ]);
      expect(f['Résidence alternée : demandes qui nomment votre foyer']).toEqual([
        {
          'Identifiant de la demande': accepted,
          'Enfant (identifiant)': mother.childId,
          'Demandée le': INSTANT,
          'Acceptée le': INSTANT,
          'Acceptée par': 'Camille Nom',
        },
      ]);
      // Nothing of the other household: its parents' addresses, its income, its postal code and Caf number, the
      // first name of a child it only named (a contract the other pays a share of names its child, as before).
      const mText = JSON.stringify(m);
      for (const other of [father.email, '"4321.00"', '88100', 'Noé']) expect(mText).not.toContain(other);
      const fText = JSON.stringify(f);
      for (const other of [mother.email, '"2700.00"', '1112223']) expect(fText).not.toContain(other);
    });

    it('gives every code in French and every key as a French field name', async () => {
      const m = await exportOf(mother);
      expect(unreadable(m)).toEqual([]);
      expect(unreadable(await exportOf(father))).toEqual([]);
      expect(m.Foyer).toMatchObject({
        'Régime (Caf, MSA…)': 'Régime général (Caf)',
        'Activité des parents': 'Les deux parents (ou le parent seul) travaillent',
      });
      expect(m.Foyer['Situations vérifiées par la crèche']).toEqual({
        'Activité des parents': {
          'Valeur vérifiée': 'Les deux parents (ou le parent seul) travaillent',
          'Vérifiée par (identifiant du compte)': expect.any(String),
          'Vérifiée le': '2026-11-26T10:00:00Z',
        },
      });
      expect(m['Calculs de participation'][0]).toMatchObject({
        Motif: 'signature du contrat',
        "Type d'accueil": 'collectif',
      });
      expect(m.Contrats[0]['Situation retenue pour la participation']).toMatchObject({
        'Ressources mensuelles (euros)': '2700.00',
        'Enfants à charge': 1,
        "Enfants bénéficiaires de l'AEEH": 0,
        "Enfant confié à l'aide sociale à l'enfance": false,
      });
      expect(m.Contrats[0].Horaires[0]).toEqual({ Jour: 'lundi', De: '08:00', À: '16:00' });
      expect(m['Changements de situation des contrats'][0]).toMatchObject({
        Contrat: m.Contrats[0].Identifiant,
        Nature: 'situation complète',
        'Situation retenue pour la participation': { 'Ressources mensuelles (euros)': '2700.00' },
      });
      expect(m['Déclarations de situation'][0]).toMatchObject({
        Statut: 'En attente',
        Justificatif: 'Avis d’imposition N-2',
      });
      expect(m['Justificatifs des situations prioritaires'][0]).toMatchObject({ Situation: 'Famille monoparentale' });
      expect(m['Messages envoyés'][0]).toMatchObject({
        Type: 'Demande de place reçue',
        Statut: expect.stringMatching(/^(à envoyer|envoyé)$/),
      });
    });
  });

  it('erases the household when both its parents ask at the same moment: the second to go is the last (#13)', async () => {
    const parent = await createParentWithChild(t);
    const other = await createUser(t, 'PARENT');
    await t.dataSource.query(`INSERT INTO family_members (family_id, user_id) VALUES ($1, $2)`, [
      parent.familyId,
      other.id,
    ]);
    // Both requests arrive while the household's row is held, and both wait on it.
    const answers = await withHeldTransaction(t.dataSource, async (tx) => {
      await tx.query(`SELECT 1 FROM families WHERE id = $1 FOR UPDATE`, [parent.familyId]);
      const sent = [parent.auth, other.auth].map((auth) =>
        t
          .http()
          .post(`/families/${parent.familyId}/erase`)
          .set(auth)
          .then((r) => r.status),
      );
      await untilWaitingOnLocks(t.dataSource, 2);
      await tx.commitTransaction();
      return Promise.all(sent);
    });
    expect(answers).toEqual([204, 204]);
    // Before, each counted two parents and only left: the household kept its data with no parent left to ask.
    const [family] = await t.dataSource.query(`SELECT erased_at IS NOT NULL AS erased FROM families WHERE id = $1`, [
      parent.familyId,
    ]);
    expect(family.erased).toBe(true);
    for (const who of [parent, other])
      await t.http().post('/auth/login').send({ email: who.email, password: PASSWORD }).expect(401);
  });

  it('erases personal data but keeps contracts and fee computations reproducible for the Caf audit', async () => {
    const admin = await createUser(t, 'ADMIN');
    const manager = await createUser(t, 'MANAGER');
    const territory = await createTerritory(t, admin);
    const creche = await createCreche(t, admin, territory.id, { kind: 'COLLECTIVE', places: 5, capacityBands: [] });
    await assignManagers(t, admin, creche.id, manager);
    const parent = await createParentWithChild(
      t,
      {
        monthlyResources: '3000.00',
        dependentChildren: 2,
        cafNumber: '7654321',
        postalCode: '88700',
        singleParent: true,
        parentsActivity: 'ONE_WORKING_ONE_JOBSEEKING',
        otherHouseholdDisability: true,
      },
      { disability: true, multipleBirth: true },
    );
    // Its resources checked by the crèche (as after a validated declaration): billed on 3 000 €.
    await t.dataSource.query(
      `UPDATE families SET resources_checked_at = now(), children_checked_at = now() WHERE id = $1`,
      [parent.familyId],
    );
    const contract = await t
      .http()
      .post(`/creches/${creche.id}/contracts`)
      .set(manager.auth)
      .send({
        childId: parent.childId,
        startDate: '2026-09-01',
        endDate: '2027-08-31',
        schedule: fullWeek('08:00', '16:00'),
      })
      .expect(201);
    // The crèche saw the proofs of its priority claims (health and situation, verified values kept with them).
    for (const [claim, value] of [
      ['SINGLE_PARENT', true],
      ['OTHER_HOUSEHOLD_DISABILITY', true],
      ['PARENTS_ACTIVITY', 'ONE_WORKING_ONE_JOBSEEKING'],
    ] as const)
      await t.http().post(`/families/${parent.familyId}/claims`).set(manager.auth).send({ claim, value }).expect(204);
    for (const claim of ['CHILD_DISABILITY', 'MULTIPLE_BIRTH'])
      await t
        .http()
        .post(`/families/${parent.familyId}/claims`)
        .set(manager.auth)
        .send({ claim, value: true, childId: parent.childId })
        .expect(204);
    // An occasional evening after the contract's hours: the export lists it with its fee and how it was computed.
    const booking = await t
      .http()
      .post(`/creches/${creche.id}/bookings`)
      .set(manager.auth)
      .send({ childId: parent.childId, date: '2026-12-01', from: '16:30', to: '18:00', kind: 'OCCASIONAL' })
      .expect(201);
    const exported = await t.http().get(`/families/${parent.familyId}/export`).set(parent.auth).expect(200);
    expect(exported.body['Réservations']).toEqual([
      expect.objectContaining({
        Identifiant: booking.body.id,
        Jour: '2026-12-01',
        De: '16:30',
        À: '18:00',
        Accueil: 'occasionnel',
        'Montant (euros)': booking.body.fee.amount,
        'Annulée le': null,
      }),
    ]);
    // Under contract that day: at the contract's rate, which its steps name.
    expect(exported.body['Réservations'][0]['Étapes du calcul'][0]).toMatchObject({
      Étape: 'Tarif du contrat',
      Données: { 'Contrat (identifiant)': contract.body.id },
    });
    // Under contract until 31 August 2027, with the booking's December not invoiced yet: its parent's request is
    // refused, saying what is left (an erased household would be billed with nobody to ask); nothing is erased.
    const refused = await t.http().post(`/families/${parent.familyId}/erase`).set(parent.auth).expect(409);
    expect(refused.body.code).toBe('PRIVACY.ERASURE_BLOCKED');
    expect(refused.body.message).toContain(`un contrat ${atPlaceFr(creche.name)} court jusqu’au 31 août 2027`);
    expect(refused.body.message).toContain(
      `${creche.name} n’a pas encore facturé l’accueil jusqu’au 1er décembre 2026`,
    );
    await t.http().get('/me').set(parent.auth).expect(200);
    // An admin handling the request with the crèche erases all the same; the audit event keeps what was outstanding.
    await t.http().post(`/families/${parent.familyId}/erase`).set(admin.auth).expect(204);
    const [user] = await t.dataSource.query(`SELECT email, first_name, disabled_at FROM users WHERE id = $1`, [
      parent.id,
    ]);
    expect(user.email).toBe(`erased-${parent.id}@erased.invalid`);
    expect(user.first_name).toBe('Effacé');
    expect(user.disabled_at).not.toBeNull();
    await t.http().get('/me').set(parent.auth).expect(401);
    await t.http().post('/auth/login').send({ email: parent.email, password: PASSWORD }).expect(401);
    const [family] = await t.dataSource.query(
      `SELECT monthly_resources, caf_number, commune_insee_code, postal_code, single_parent, parents_activity,
              other_household_disability, verified_claims FROM families WHERE id = $1`,
      [parent.familyId],
    );
    expect(family).toEqual({
      monthly_resources: null,
      caf_number: null,
      commune_insee_code: null,
      postal_code: null,
      single_parent: false,
      parents_activity: 'BOTH_WORKING',
      other_household_disability: false,
      verified_claims: {},
    });
    const [child] = await t.dataSource.query(
      `SELECT first_name, to_char(birth_date, 'YYYY-MM-DD') AS birth, disability, multiple_birth, verified_claims
         FROM children WHERE id = $1`,
      [parent.childId],
    );
    expect(child).toEqual({
      first_name: 'Effacé',
      birth: '2026-02-01',
      disability: false,
      multiple_birth: false,
      verified_claims: {},
    });
    const auditor = await createUser(t, 'CAF_AUDITOR');
    const recheck = await t
      .http()
      .post('/audit/fees/recheck')
      .query({ crecheId: creche.id })
      .set(auditor.auth)
      .expect(200);
    expect(recheck.body).toEqual({ checked: 1, deviations: [] });
    const view = await t.http().get(`/contracts/${contract.body.id}`).set(manager.auth).expect(200);
    expect(view.body.fee.hourlyRate).toBe('1.55');
    const [event] = await t.dataSource.query(
      `SELECT actor_user_id, details FROM audit_events WHERE action = 'family.erased' AND subject_id = $1`,
      [parent.familyId],
    );
    expect(event.actor_user_id).toBe(admin.id);
    expect(event.details.outstanding.map((o: { kind: string }) => o.kind).sort()).toEqual([
      'CONTRACT_RUNNING',
      'NOT_INVOICED',
    ]);
  });

  it('lapses applications untouched for 24 months and anonymises households with nothing running', async () => {
    const admin = await createUser(t, 'ADMIN');
    const territory = await createTerritory(t, admin);
    const creche = await createCreche(t, admin, territory.id);
    const parent = await createParentWithChild(t);
    const app = await t
      .http()
      .post('/applications')
      .set(parent.auth)
      .send({
        childId: parent.childId,
        desiredStartDate: '2027-09-01',
        schedule: fullWeek('05:30', '13:30'),
        preferences: [creche.id],
      })
      .expect(201);
    const privacy = t.app.get(PrivacyService);
    clock.at = new Date('2028-06-01T10:00:00Z');
    await t.dataSource.query(`UPDATE applications SET updated_at = '2026-05-01' WHERE id = $1`, [app.body.id]);
    await privacy.applyRetention();
    const [row] = await t.dataSource.query(`SELECT status FROM applications WHERE id = $1`, [app.body.id]);
    expect(row.status).toBe('LAPSED');
    await t.dataSource.query(`UPDATE applications SET updated_at = '2026-05-01' WHERE id = $1`, [app.body.id]);
    await privacy.applyRetention();
    const [user] = await t.dataSource.query(`SELECT first_name FROM users WHERE id = $1`, [parent.id]);
    expect(user.first_name).toBe('Effacé');
    clock.at = new Date('2026-11-26T10:00:00Z');
  });

  /** A household applying to a new crèche, offered a place there by a confirmed round. */
  async function householdOffered(household: Record<string, unknown> = {}) {
    const admin = await createUser(t, 'ADMIN');
    const manager = await createUser(t, 'MANAGER');
    const territory = await createTerritory(t, admin);
    const creche = await createCreche(t, admin, territory.id, { kind: 'COLLECTIVE', places: 5, capacityBands: [] });
    await assignManagers(t, admin, creche.id, manager);
    const parent = await createParentWithChild(t, household);
    // Resources checked on proof: the offer's estimate is computed on them (typed and unchecked, on the floor).
    await t.dataSource.query(`UPDATE families SET resources_checked_at = now() WHERE id = $1`, [parent.familyId]);
    await t
      .http()
      .post('/applications')
      .set(parent.auth)
      .send({
        childId: parent.childId,
        desiredStartDate: '2027-09-01',
        schedule: fullWeek('08:00', '16:00'),
        preferences: [creche.id],
      })
      .expect(201);
    const round = await t
      .http()
      .post('/allocation-rounds')
      .set(manager.auth)
      .send({ crecheIds: [creche.id], startDate: '2027-09-01' })
      .expect(201);
    await t.http().post(`/allocation-rounds/${round.body.id}/confirm`).set(manager.auth).send({}).expect(200);
    return { parent, creche, manager };
  }

  it("clears the income from the household's offers on erasure (#13.13)", async () => {
    const { parent } = await householdOffered({ monthlyResources: '3000.00' });
    const [before] = await t.dataSource.query(`SELECT fee_trace::text AS trace FROM offers WHERE family_id = $1`, [
      parent.familyId,
    ]);
    expect(before.trace).toContain('3000');
    await t.http().post(`/families/${parent.familyId}/erase`).set(parent.auth).expect(204);
    const [after] = await t.dataSource.query(`SELECT status, fee_trace FROM offers WHERE family_id = $1`, [
      parent.familyId,
    ]);
    expect(after).toEqual({ status: 'DECLINED', fee_trace: null });
  });

  it('forgets the reason a household gave for declining an offer when it is erased', async () => {
    const { parent, creche, manager } = await householdOffered();
    const [offer] = await t.dataSource.query(`SELECT id FROM offers WHERE family_id = $1`, [parent.familyId]);
    const reason = 'Nous déménageons chez ma mère, séparation en cours.';
    await t.http().post(`/offers/${offer.id}/decline`).set(parent.auth).send({ reason }).expect(200);
    await t.http().post(`/families/${parent.familyId}/erase`).set(parent.auth).expect(204);
    const [after] = await t.dataSource.query(`SELECT status, decline_reason FROM offers WHERE id = $1`, [offer.id]);
    expect(after).toEqual({ status: 'DECLINED', decline_reason: null });
    const listed = await t.http().get(`/creches/${creche.id}/offers`).set(manager.auth).expect(200);
    expect(JSON.stringify(listed.body)).not.toContain('déménageons');
  });

  it('reaches a household that never declared its commune with the retention job (#13.13)', async () => {
    const admin = await createUser(t, 'ADMIN');
    const territory = await createTerritory(t, admin);
    const creche = await createCreche(t, admin, territory.id);
    const parent = await createParentWithChild(t);
    const app = await t
      .http()
      .post('/applications')
      .set(parent.auth)
      .send({
        childId: parent.childId,
        desiredStartDate: '2027-09-01',
        schedule: fullWeek('05:30', '13:30'),
        preferences: [creche.id],
      })
      .expect(201);
    await t.dataSource.query(`UPDATE families SET commune_insee_code = NULL WHERE id = $1`, [parent.familyId]);
    await t.dataSource.query(`UPDATE applications SET status = 'WITHDRAWN', updated_at = '2024-01-01' WHERE id = $1`, [
      app.body.id,
    ]);
    await t.app.get(PrivacyService).applyRetention();
    const [family] = await t.dataSource.query(`SELECT erased_at IS NOT NULL AS erased FROM families WHERE id = $1`, [
      parent.familyId,
    ]);
    expect(family.erased).toBe(true);
    const [user] = await t.dataSource.query(`SELECT first_name FROM users WHERE id = $1`, [parent.id]);
    expect(user.first_name).toBe('Effacé');
  });

  it('erases with the retention job a household that never applied: one admitted by a contract, one that only signed up', async () => {
    const admin = await createUser(t, 'ADMIN');
    const manager = await createUser(t, 'MANAGER');
    const territory = await createTerritory(t, admin);
    const creche = await createCreche(t, admin, territory.id, { kind: 'COLLECTIVE', places: 5, capacityBands: [] });
    await assignManagers(t, admin, creche.id, manager);
    const admitted = await createParentWithChild(t, { cafNumber: '1234567' });
    const signedUp = await createParentWithChild(t, { cafNumber: '7654321' });
    await t
      .http()
      .post(`/creches/${creche.id}/contracts`)
      .set(manager.auth)
      .send({
        childId: admitted.childId,
        startDate: '2027-01-04',
        endDate: '2027-06-30',
        schedule: fullWeek('08:00', '16:00'),
      })
      .expect(201);
    const erased = async () =>
      (
        await t.dataSource.query(
          `SELECT id FROM families WHERE id = ANY($1::uuid[]) AND erased_at IS NOT NULL AND caf_number IS NULL`,
          [[admitted.familyId, signedUp.familyId]],
        )
      ).map((r: { id: string }) => r.id);
    try {
      // A year after the contract's end, neither is erased yet: the contract ended within the 24 months.
      clock.at = new Date('2028-07-01T10:00:00Z');
      await t.dataSource.query(`UPDATE families SET updated_at = '2026-01-01' WHERE id = ANY($1::uuid[])`, [
        [admitted.familyId, signedUp.familyId],
      ]);
      await t.app.get(PrivacyService).applyRetention();
      expect(await erased()).toEqual([signedUp.familyId]);
      // Two years after it, the admitted household goes too.
      clock.at = new Date('2029-07-01T10:00:00Z');
      await t.app.get(PrivacyService).applyRetention();
      expect((await erased()).sort()).toEqual([admitted.familyId, signedUp.familyId].sort());
    } finally {
      clock.at = new Date('2026-11-26T10:00:00Z');
    }
  });

  it('keeps a household admitted from the waitlist for 24 months after its contract ends, then erases it', async () => {
    const { parent, manager } = await householdOffered();
    const [offer] = await t.dataSource.query(`SELECT id FROM offers WHERE family_id = $1`, [parent.familyId]);
    const accepted = await t.http().post(`/offers/${offer.id}/accept`).set(parent.auth).send({}).expect(200);
    await t
      .http()
      .post(`/contracts/${accepted.body.contractId}/end`)
      .set(manager.auth)
      .send({ endDate: '2027-12-31' })
      .expect(200);
    // Its application was accepted long ago; its contract ended two weeks ago: its last invoices are still to come.
    await t.dataSource.query(`UPDATE applications SET updated_at = '2025-01-01' WHERE family_id = $1`, [
      parent.familyId,
    ]);
    const erased = async () =>
      (
        await t.dataSource.query(`SELECT erased_at IS NOT NULL AS erased FROM families WHERE id = $1`, [
          parent.familyId,
        ])
      )[0].erased;
    try {
      clock.at = new Date('2028-01-15T10:00:00Z');
      await t.app.get(PrivacyService).applyRetention();
      expect(await erased()).toBe(false);
      clock.at = new Date('2030-01-15T10:00:00Z');
      await t.app.get(PrivacyService).applyRetention();
      expect(await erased()).toBe(true);
    } finally {
      clock.at = new Date('2026-11-26T10:00:00Z');
    }
  });

  it("deletes the children's absence certificates with the retention job, keeping the absence as a billing input (#16)", async () => {
    const admin = await createUser(t, 'ADMIN');
    const manager = await createUser(t, 'MANAGER');
    const territory = await createTerritory(t, admin);
    const creche = await createCreche(t, admin, territory.id, { kind: 'COLLECTIVE', places: 5, capacityBands: [] });
    await assignManagers(t, admin, creche.id, manager);
    const parent = await createParentWithChild(t);
    const app = await t
      .http()
      .post('/applications')
      .set(parent.auth)
      .send({
        childId: parent.childId,
        desiredStartDate: '2027-09-01',
        schedule: fullWeek('08:00', '16:00'),
        preferences: [creche.id],
      })
      .expect(201);
    // A contract over, with an illness certified by a medical certificate.
    await t
      .http()
      .post(`/creches/${creche.id}/contracts`)
      .set(manager.auth)
      .send({
        childId: parent.childId,
        startDate: '2026-09-01',
        endDate: '2026-10-30',
        schedule: fullWeek('08:00', '16:00'),
      })
      .expect(201);
    const absence = await t
      .http()
      .post(`/creches/${creche.id}/absences`)
      .set(manager.auth)
      .send({ childId: parent.childId, reason: 'ILLNESS', from: '2026-10-05', to: '2026-10-07' })
      .expect(201);
    await t
      .http()
      .post(`/absences/${absence.body.id}/document`)
      .set(manager.auth)
      .attach('document', PDF, { filename: 'certificat.pdf', contentType: 'application/pdf' })
      .expect(200);
    const [{ document_key: key }] = await t.dataSource.query(`SELECT document_key FROM absences WHERE id = $1`, [
      absence.body.id,
    ]);
    expect(existsSync(join(documentsDir, key))).toBe(true);

    await t.dataSource.query(`UPDATE applications SET status = 'WITHDRAWN', updated_at = '2024-01-01' WHERE id = $1`, [
      app.body.id,
    ]);
    // Past retention: 24 months after the contract's end.
    clock.at = new Date('2028-11-15T10:00:00Z');
    try {
      await t.app.get(PrivacyService).applyRetention();
    } finally {
      clock.at = new Date('2026-11-26T10:00:00Z');
    }

    const [family] = await t.dataSource.query(`SELECT erased_at IS NOT NULL AS erased FROM families WHERE id = $1`, [
      parent.familyId,
    ]);
    expect(family.erased).toBe(true);
    expect(existsSync(join(documentsDir, key))).toBe(false);
    const [row] = await t.dataSource.query(
      `SELECT reason, certified, document_key, document_mime, document_size, document_sha256 FROM absences WHERE id = $1`,
      [absence.body.id],
    );
    expect(row).toEqual({
      reason: 'ILLNESS',
      certified: true,
      document_key: null,
      document_mime: null,
      document_size: null,
      document_sha256: null,
    });
    await t.http().get(`/absences/${absence.body.id}/document`).set(manager.auth).expect(404);
  });
});
