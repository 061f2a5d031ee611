import type { Clock } from '../../src/common/time/clock';
import { assignManagers, createCreche, createTerritory } from '../support/factories';
import { createParentWithChild, TestParent } from '../support/families';
import { createUser, startTestApp, TestApp, TestUser } from '../support/test-app';

/** 2 423.26 € for one child in a collective crèche: 2 423.26 × 0.0619 % = 1.49999… → 1.50 €/h (as billing's tests). */
const FEE_INPUTS = { monthlyResources: '2423.26', dependentChildren: 1 };
const monThu = [1, 2, 3, 4].map((weekday) => ({ weekday, from: '08:00', to: '17:00' }));

/** The text a PDF shows (pdfkit, uncompressed: hex strings in TJ/Tj operators, WinAnsi), one string per operator. */
function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const parts: string[] = [];
  for (const m of raw.matchAll(/\[((?:<[0-9a-f]*>|\s|-?\d+(?:\.\d+)?)*)\]\s*TJ|<([0-9a-f]*)>\s*Tj/g)) {
    const hex = m[1] ? [...m[1].matchAll(/<([0-9a-f]*)>/g)].map((h) => h[1]).join('') : m[2];
    parts.push(Buffer.from(hex, 'hex').toString('latin1').replace(/\x80/g, '€'));
  }
  return parts.join('');
}

/** Issue #17: the Caf activity report and the FILOUÉ file, hand-worked. */
describe('Caf reports', () => {
  const clock: Clock & { at: Date } = {
    at: new Date('2026-12-15T10:00:00Z'),
    now() {
      return this.at;
    },
  };
  const at = (iso: string) => (clock.at = new Date(iso));
  let t: TestApp;
  let admin: TestUser;
  let manager: TestUser;
  let otherManager: TestUser;
  let auditor: TestUser;
  let crecheId: string;
  let lou: TestParent;
  let louRate: string;
  let issuedCount: number;
  let invoiceId: string;

  beforeAll(async () => {
    t = await startTestApp({ clock });
    admin = await createUser(t, 'ADMIN');
    manager = await createUser(t, 'MANAGER');
    otherManager = await createUser(t, 'MANAGER');
    auditor = await createUser(t, 'CAF_AUDITOR');
    const territoryId = (await createTerritory(t, admin)).id;
    // 2 places Monday–Friday 08:00–18:00, 1 place 08:00–09:00; closed 15–19 March 2027 (Easter Monday: 29 March).
    crecheId = (
      await createCreche(t, admin, territoryId, {
        kind: 'COLLECTIVE',
        places: 2,
        openingHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '08:00', closes: '18:00' })),
        capacityBands: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '08:00', to: '09:00', places: 1 })),
        closures: [{ from: '2027-03-15', to: '2027-03-19', label: 'Printemps' }],
        cafNumber: '88123456',
        afcFileNumber: '2027-00042',
      })
    ).id;
    await assignManagers(t, admin, crecheId, manager);

    // Lou (born 10 February 2026: 1 year old in March 2027), Monday–Thursday 08:00–17:00 for March 2027.
    lou = await createParentWithChild(t, { cafNumber: '1234567' });
    const contract = await t
      .http()
      .post(`/creches/${crecheId}/contracts`)
      .set(manager.auth)
      .send({
        childId: lou.childId,
        startDate: '2027-03-01',
        endDate: '2027-03-31',
        schedule: monThu,
        feeInputs: FEE_INPUTS,
      })
      .expect(201);
    louRate = contract.body.fee.hourlyRate;

    // 14 contract days (1–4, 8–11, 22–25, 30–31; 15–18 closed, 29 Easter Monday): Lou comes on 12 of them
    // (not on 30 and 31, not deducted), 08:00–17:00, and leaves at 17:20 on the 25th.
    at('2027-04-02T08:00:00Z');
    const days = [1, 2, 3, 4, 8, 9, 10, 11, 22, 23, 24, 25].map((d) => `2027-03-${String(d).padStart(2, '0')}`);
    for (const date of days) {
      const body = { childId: lou.childId, date };
      await t
        .http()
        .post(`/creches/${crecheId}/attendance/check-in`)
        .set(manager.auth)
        .send({ ...body, time: '08:00' })
        .expect(201);
      await t
        .http()
        .post(`/creches/${crecheId}/attendance/check-out`)
        .set(manager.auth)
        .send({ ...body, time: date === '2027-03-25' ? '17:20' : '17:00' })
        .expect(200);
    }
    const issued = await t
      .http()
      .post(`/creches/${crecheId}/invoices/issue`)
      .set(manager.auth)
      .send({ month: '2027-03' })
      .expect(200);
    issuedCount = issued.body.issued.length;
    invoiceId = issued.body.issued[0].id;
  });
  afterAll(() => t.close());

  const activity = (who: TestUser, suffix = '', year: unknown = 2027) =>
    t.http().get(`/creches/${crecheId}/caf-reports/activity${suffix}`).query({ year }).set(who.auth);

  it('gives March 2027 to the hundredth: billing rate 116.77 % (alert), financial 39.16 %, real 33.54 %', async () => {
    expect([louRate, issuedCount]).toEqual(['1.50', 1]);
    const res = await activity(manager).expect(200);
    const march = res.body.months[2];
    // Billed: 126 h instalment (14 days × 9 h) + 0.5 h extra (20 min → a started half-hour) = 126.5 h, 189.75 €.
    // Attended: 11 × 9 h + 9 h 20 = 108 h 20 min. Capacity: 17 open days × (1 h × 1 + 9 h × 2 places) = 323 h.
    // 126.5 ÷ 108.333… = 116.769… %; 126.5 ÷ 323 = 39.164… %; 108.333… ÷ 323 = 33.539… %.
    expect(march).toMatchObject({
      period: '2027-03',
      hoursAttended: '108.33',
      hoursBilled: '126.50',
      feesBilled: '189.75',
      feesNet: '189.75',
      capacityHours: '323.00',
      billingRatePercent: 116.77,
      billingRateAlert: true,
      financialOccupancyPercent: 39.16,
      realOccupancyPercent: 33.54,
    });
    expect(march.byKind.REGULAR).toEqual({ hoursAttended: '108.33', hoursBilled: '126.50', feesBilled: '189.75' });
    expect(march.byKind.OCCASIONAL.hoursBilled).toBe('0.00');
    expect(march.byAgeBand.AGE_1.hoursBilled).toBe('126.50');
    expect(march.byAgeBand.UNDER_1.hoursBilled).toBe('0.00');
    // February: open, nothing billed nor attended (20 weekdays × 19 h).
    expect(res.body.months[1]).toMatchObject({
      capacityHours: '380.00',
      billingRatePercent: null,
      billingRateAlert: false,
      realOccupancyPercent: 0,
    });
    expect(res.body.total).toMatchObject({ period: '2027', hoursBilled: '126.50', billingRatePercent: 116.77 });
    expect(res.body.crecheName).toMatch(/^Micro-crèche Les Lucioles/);
  });

  it('exports the report as a French CSV and a printable PDF', async () => {
    const csv = await activity(auditor, '.csv').expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="rapport-activite-caf-2027.csv"');
    const text = csv.text;
    expect(text.startsWith('\uFEFFperiode;heures_realisees;heures_facturees;participations_familiales;')).toBe(true);
    const lines = text.split('\r\n');
    expect(lines[3]).toMatch(/^2027-03;108,33;126,50;189,75;0,00;189,75;323,00;116,77;oui;39,16;33,54;/);
    expect(lines[13]).toMatch(/^2027;108,33;126,50;/);

    const pdf = await activity(manager, '.pdf')
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toBe('attachment; filename="rapport-activite-caf-2027.pdf"');
    const body = pdf.body as Buffer;
    expect(body.subarray(0, 5).toString()).toBe('%PDF-');
    const shown = pdfText(body);
    expect(shown).toContain("Rapport d'activité Caf 2027");
    expect(shown).toContain('Taux de facturation : 116,77 %');
    expect(shown).toContain('dépasse 107 %');
  });

  it("is the crèche's managers' and the Caf auditors': others get 404 or 403; the year is checked", async () => {
    await activity(otherManager).expect(404);
    await activity(auditor).expect(200);
    await activity(lou).expect(403);
    const bad = await activity(manager, '', 'x').expect(400);
    expect(bad.body.details[0].field).toBe('year');
    await t.http().get(`/creches/${crecheId}/caf-reports/activity`).set(manager.auth).expect(400);
  });
  describe('FILOUÉ 2027: an objecting family, a family with no Caf number, a child who left in June', () => {
    let noe: TestParent;
    let eli: TestParent;

    beforeAll(async () => {
      const attend = (childId: string, date: string, from: number, to: number) =>
        t.dataSource.query(
          `INSERT INTO attendance_records (creche_id, child_id, date, arrived_minute, left_minute, checked_in_by, checked_out_by)
           VALUES ($1, $2, $3, $4, $5, $6, $6)`,
          [crecheId, childId, date, from, to, manager.id],
        );
      const jade = await createParentWithChild(t, { cafNumber: '2345678' }, { firstName: 'Jade' });
      await t.http().put(`/families/${jade.familyId}/filoue-objection`).set(jade.auth).expect(200);
      await attend(jade.childId, '2027-02-01', 480, 1020);
      noe = await createParentWithChild(t, {}, { firstName: 'Noé' });
      await attend(noe.childId, '2027-04-05', 480, 1020);
      // Eli's household is under the MSA, in Bru; Eli came in January and left on 30 June (and in 2026: not counted).
      eli = await createParentWithChild(
        t,
        { cafNumber: '7654321', benefitScheme: 'MSA', communeInseeCode: '88035' },
        { firstName: 'Eli', birthDate: '2025-09-01' },
      );
      await attend(eli.childId, '2026-12-28', 480, 1020);
      await attend(eli.childId, '2027-01-04', 480, 720);
      await attend(eli.childId, '2027-06-30', 480, 1020);
    });

    it('writes Lou and Eli, leaves Jade out, lists Noé as an error', async () => {
      const res = await t
        .http()
        .get(`/creches/${crecheId}/caf-reports/filoue`)
        .query({ year: 2027 })
        .set(auditor.auth)
        .expect(200);
      expect(res.body.objectionsLeftOut).toBe(1);
      expect(res.body.errors).toEqual([
        {
          code: 'CAF_NUMBER_MISSING',
          childId: noe.childId,
          childFirstName: 'Noé',
          message: 'Noé : le numéro d’allocataire Caf du foyer n’est pas renseigné.',
        },
      ]);
      expect(res.body.lines.map((l: { childFirstName: string }) => l.childFirstName)).toEqual(['Eli', 'Lou']);
      const [eliLine, louLine] = res.body.lines;
      expect(louLine).toMatchObject({
        crecheCafNumber: '88123456',
        afcFileNumber: '2027-00042',
        allocataire: '1',
        childLastName: 'Nom',
        cafNumber: '1234567',
        regime: '1',
        birthDate: '2026-02-10',
        communeInseeCode: '88372',
        town: 'Rambervillers',
        hoursBilled: '126.50',
        hoursAttended: '108.33',
        totalBilled: '189.75',
        averageHourlyRate: '1.50',
        firstDay: '2027-03-01',
        lastDay: '2027-03-25',
      });
      expect(louLine.effortRatePercent).toMatch(/^0\.0619/);
      expect(eliLine).toMatchObject({
        allocataire: '0',
        cafNumber: '7654321',
        regime: '2',
        birthDate: '2025-09-01',
        town: 'Bru',
        hoursBilled: '0.00',
        hoursAttended: '13.00',
        totalBilled: '0.00',
        averageHourlyRate: '',
        effortRatePercent: '',
        firstDay: '2027-01-04',
        lastDay: '2027-06-30',
      });
    });

    it('exports the file and its errors as French CSVs, for the managers and auditors only', async () => {
      const csv = await t
        .http()
        .get(`/creches/${crecheId}/caf-reports/filoue.csv`)
        .query({ year: 2027 })
        .set(manager.auth)
        .expect(200);
      expect(csv.headers['content-disposition']).toBe('attachment; filename="filoue-2027.csv"');
      const lines = csv.text.split('\r\n');
      expect(lines[0].startsWith('\uFEFFnumero_caf_structure;')).toBe(true);
      expect(lines[1]).toBe(
        '88123456;2027-00042;0;Eli;Nom;7654321;2;01/09/2025;88035;Bru;0,00;13,00;0,00;;;04/01/2027;30/06/2027',
      );
      expect(lines[2]).toMatch(
        /^88123456;2027-00042;1;Lou;Nom;1234567;1;10\/02\/2026;88372;Rambervillers;126,50;108,33;189,75;1,50;0,0619\d*;01\/03\/2027;25\/03\/2027$/,
      );
      expect(lines).toHaveLength(4);
      const errors = await t
        .http()
        .get(`/creches/${crecheId}/caf-reports/filoue-errors.csv`)
        .query({ year: 2027 })
        .set(auditor.auth)
        .expect(200);
      expect(errors.headers['content-disposition']).toBe('attachment; filename="filoue-2027-erreurs.csv"');
      expect(errors.text.split('\r\n')[1]).toBe(
        `CAF_NUMBER_MISSING;${noe.childId};Noé;Noé : le numéro d’allocataire Caf du foyer n’est pas renseigné.`,
      );
      await t
        .http()
        .get(`/creches/${crecheId}/caf-reports/filoue.csv`)
        .query({ year: 2027 })
        .set(otherManager.auth)
        .expect(404);
      await t.http().get(`/creches/${crecheId}/caf-reports/filoue`).query({ year: 2027 }).set(eli.auth).expect(403);
    });
  });
  it('lowers the fees, not the hours, by a credit note of the month', async () => {
    await t
      .http()
      .post(`/invoices/${invoiceId}/credit-notes`)
      .set(manager.auth)
      .send({ amount: '10.00', reason: 'Geste commercial' })
      .expect(201);
    const march = (await activity(manager).expect(200)).body.months[2];
    expect(march).toMatchObject({
      hoursBilled: '126.50',
      feesBilled: '189.75',
      feesCredited: '-10.00',
      feesNet: '179.75',
      billingRatePercent: 116.77,
    });
  });

  it("lists a crèche's missing Caf and AFC numbers until its admin enters them (checked)", async () => {
    const territoryId = (await createTerritory(t, admin)).id;
    const bare = await createCreche(t, admin, territoryId);
    const filoue = () =>
      t.http().get(`/creches/${bare.id}/caf-reports/filoue`).query({ year: 2027 }).set(auditor.auth).expect(200);
    expect((await filoue()).body.errors.map((e: { code: string }) => e.code)).toEqual([
      'CRECHE_CAF_NUMBER_MISSING',
      'CRECHE_AFC_FILE_NUMBER_MISSING',
    ]);
    const bad = await t.http().patch(`/creches/${bare.id}`).set(admin.auth).send({ cafNumber: '88 123' }).expect(400);
    expect(bad.body.details[0].field).toBe('cafNumber');
    const set = await t
      .http()
      .patch(`/creches/${bare.id}`)
      .set(admin.auth)
      .send({ cafNumber: '88123457', afcFileNumber: 'AFC-1' })
      .expect(200);
    expect(set.body).toMatchObject({ cafNumber: '88123457', afcFileNumber: 'AFC-1' });
    expect((await filoue()).body).toMatchObject({ errors: [], lines: [], objectionsLeftOut: 0 });
  });
});
