import { randomUUID } from 'node:crypto';
import type { Response } from 'superagent';
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

/** A binary answer (a PDF) read whole, for supertest's `parse`. */
const binary = (res: Response, done: (err: Error | null, body: Buffer) => void): void => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

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
  let occasionalFee: { hourlyRate: string; billedHours: string; amount: string };
  let emergencyFee: { hourlyRate: string; billedHours: string; amount: string };

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
    lou = await createParentWithChild(t, { cafNumber: '1234567', postalCode: '88700' });
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
    // Two Fridays (no contract hours): an occasional booking on 5 March 09:00–12:00 and an emergency one on 12 March
    // 14:00–16:00, each billed when booked at the rate of Lou's contract, which runs that month (R4.12, DOMAIN.md §4:
    // not the household's own, whose typed resources, unchecked, would count as unknown: the floor).
    const book = async (date: string, from: string, to: string, kind: 'OCCASIONAL' | 'EMERGENCY') =>
      (
        await t
          .http()
          .post(`/creches/${crecheId}/bookings`)
          .set(manager.auth)
          .send({ childId: lou.childId, date, from, to, kind })
          .expect(201)
      ).body.fee;
    occasionalFee = await book('2027-03-05', '09:00', '12:00', 'OCCASIONAL');
    emergencyFee = await book('2027-03-12', '14:00', '16:00', 'EMERGENCY');

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
    // Lou comes to both bookings: 09:00–12:00 on the 5th, 14:00–15:30 on the 12th (leaves half an hour early).
    for (const [date, from, to] of [
      ['2027-03-05', '09:00', '12:00'],
      ['2027-03-12', '14:00', '15:30'],
    ]) {
      const body = { childId: lou.childId, date };
      await t
        .http()
        .post(`/creches/${crecheId}/attendance/check-in`)
        .set(manager.auth)
        .send({ ...body, time: from })
        .expect(201);
      await t
        .http()
        .post(`/creches/${crecheId}/attendance/check-out`)
        .set(manager.auth)
        .send({ ...body, time: to })
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

  /** A child's line of the FILOUÉ file of 2027, as the auditor reads it. */
  const filoueLineOf = async (firstName: string) =>
    (
      await t.http().get(`/creches/${crecheId}/caf-reports/filoue`).query({ year: 2027 }).set(auditor.auth).expect(200)
    ).body.lines.find((l: { childFirstName: string }) => l.childFirstName === firstName);
  const activity = (who: TestUser, suffix = '', year: unknown = 2027) =>
    t.http().get(`/creches/${crecheId}/caf-reports/activity${suffix}`).query({ year }).set(who.auth);

  it('gives March 2027 to the hundredth: billing rate 116.54 % (alert), financial 40.71 %, real 34.93 %', async () => {
    expect([louRate, issuedCount]).toEqual(['1.50', 1]);
    // The contract's 1.50 €/h: 3 h occasional → 4.50 €, 2 h emergency → 3.00 €.
    expect(occasionalFee).toMatchObject({ hourlyRate: '1.50', billedHours: '3.00', amount: '4.50' });
    expect(emergencyFee).toMatchObject({ hourlyRate: '1.50', billedHours: '2.00', amount: '3.00' });
    const res = await activity(manager).expect(200);
    const march = res.body.months[2];
    // Regular: billed 126 h instalment (14 days × 9 h) + 0.5 h extra (20 min → a started half-hour) = 126.5 h,
    // 189.75 €; attended 11 × 9 h + 9 h 20 = 108 h 20 min. Occasional: 3 h billed and attended, 4.50 €. Emergency:
    // 2 h billed, 1 h 30 attended, 3.00 €. In all: billed 131.5 h, 197.25 €; attended 112 h 50 min.
    // Capacity: 17 open days × (1 h × 1 + 9 h × 2 places) = 323 h.
    // 131.5 ÷ 112.833… = 116.543… %; 131.5 ÷ 323 = 40.712… %; 112.833… ÷ 323 = 34.933… %.
    expect(march).toMatchObject({
      period: '2027-03',
      invoiced: true,
      hoursAttended: '112.83',
      hoursBilled: '131.50',
      feesBilled: '197.25',
      feesNet: '197.25',
      capacityHours: '323.00',
      billingRatePercent: 116.54,
      billingRateAlert: true,
      financialOccupancyPercent: 40.71,
      realOccupancyPercent: 34.93,
    });
    // The split by kind, from the SQL read model (booking lines and attendance inside bookings: docs/rules.md R9.1).
    expect(march.byKind).toEqual({
      REGULAR: { hoursAttended: '108.33', hoursBilled: '126.50', feesBilled: '189.75' },
      OCCASIONAL: { hoursAttended: '3.00', hoursBilled: '3.00', feesBilled: '4.50' },
      EMERGENCY: { hoursAttended: '1.50', hoursBilled: '2.00', feesBilled: '3.00' },
    });
    expect(res.body.total.byKind).toEqual(march.byKind);
    expect(march.byAgeBand.AGE_1.hoursBilled).toBe('131.50');
    expect(march.byAgeBand.UNDER_1.hoursBilled).toBe('0.00');
    // Berceau keeps the crèche from its first contract, 1 March: February (open, 20 weekdays × 19 h) counts no
    // capacity, so no occupancy, rather than a crèche empty before it came in; April, open with nothing billed nor
    // attended (22 weekdays × 19 h), is at 0 % over its one day gone by (1 April: 19 h; the report is read on the 2nd).
    expect(res.body.keptFrom).toBe('2027-03-01');
    expect(res.body.months[1]).toMatchObject({
      capacityHours: '0.00',
      billingRatePercent: null,
      billingRateAlert: false,
      realOccupancyPercent: null,
    });
    // April is under way (the clock stands on 2 April): no billing rate nor financial occupancy yet (0 % would read as
    // nothing billed), and the year's financial occupancy is over the months wholly invoiced, January to March (no
    // capacity before 1 March), rather than diluted by months still to bill.
    expect(res.body.months[3]).toMatchObject({
      invoiced: false,
      capacityHours: '418.00',
      capacityHoursElapsed: '19.00',
      billingRatePercent: null,
      financialOccupancyPercent: null,
      realOccupancyPercent: 0,
    });
    expect(res.body.total).toMatchObject({
      period: '2027',
      invoiced: false,
      hoursBilled: '131.50',
      billingRatePercent: 116.54,
      financialOccupancyPercent: 40.71,
    });
    expect(res.body.crecheName).toMatch(/^Micro-crèche Les Lucioles/);
  });

  it("keeps the capacity of the days before a change of the crèche's settings (R9.4): today's hours apply from today", async () => {
    const patch = (capacityBands: unknown[]) =>
      t.http().patch(`/creches/${crecheId}`).set(manager.auth).send({ capacityBands }).expect(200);
    // On 2 April the manager drops the 08:00–09:00 band of one place: from today a day is 10 h × 2 places = 20 h.
    await patch([]);
    const after = (await activity(manager).expect(200)).body;
    // March stays 17 days × 19 h (with today's settings it would read 340 h, and its occupancies would fall).
    expect(after.months[2]).toMatchObject({
      capacityHours: '323.00',
      financialOccupancyPercent: 40.71,
      realOccupancyPercent: 34.93,
    });
    // April: 1 April under the old settings (19 h), the 21 weekdays from today under the new ones (20 h each).
    expect(after.months[3]).toMatchObject({ capacityHours: '439.00', capacityHoursElapsed: '19.00' });
    // The Occupation page reads a past week as it was too: on Monday 22 March one place from 08:00 to 09:00.
    const occupancy = (
      await t
        .http()
        .get(`/creches/${crecheId}/occupancy`)
        .query({ from: '2027-03-22', to: '2027-04-02' })
        .set(manager.auth)
        .expect(200)
    ).body;
    expect(occupancy.days[0]).toMatchObject({ date: '2027-03-22' });
    expect(occupancy.days[0].segments.slice(0, 2)).toMatchObject([
      { from: '08:00', to: '09:00', present: 1, limit: 1 },
      { from: '09:00', to: '17:00', present: 1, limit: 2 },
    ]);
    // Easter Monday closed; 30 and 31 March and 1 April at 19 h, 2 April at 20 h.
    expect(occupancy.weeks).toMatchObject([
      { isoWeek: '2027-W12', capacityHours: 95 },
      { isoWeek: '2027-W13', capacityHours: 77 },
    ]);
    expect(occupancy.days.at(-1)).toMatchObject({ date: '2027-04-02' });
    expect(occupancy.days.at(-1).segments[0]).toMatchObject({ from: '08:00', limit: 2 });
    // Put back the same day: the day before keeps what was in force then, and today is as it was.
    await patch([1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '08:00', to: '09:00', places: 1 })));
    const back = (await activity(manager).expect(200)).body;
    expect(back.months[3]).toMatchObject({ capacityHours: '418.00', capacityHoursElapsed: '19.00' });
    expect(back.months[2].capacityHours).toBe('323.00');
  });

  it('exports the report as a French CSV and a printable PDF', async () => {
    const csv = await activity(auditor, '.csv').expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="rapport-activite-caf-2027.csv"');
    const text = csv.text;
    expect(text.startsWith('\uFEFFperiode;heures_realisees;heures_facturees;participations_familiales;')).toBe(true);
    // Every column named in French, kinds and age bands too.
    expect(text.split('\r\n')[0]).toContain(
      'accueil_regulier_heures_realisees;accueil_regulier_heures_facturees;accueil_regulier_participations;',
    );
    expect(text.split('\r\n')[0]).toContain('age_3_ans_et_plus_participations');
    expect(text.split('\r\n')[0]).not.toMatch(/regular|occasional|emergency|under_1|and_over/);
    const lines = text.split('\r\n');
    expect(lines[3]).toBe(
      '2027-03;112,83;131,50;197,25;0,00;197,25;323,00;116,54;oui;40,71;34,93;' +
        // regular, occasional, emergency: attended, billed, fees
        '108,33;126,50;189,75;3,00;3,00;4,50;1,50;2,00;3,00;' +
        '0,00;0,00;0,00;112,83;131,50;197,25;0,00;0,00;0,00;0,00;0,00;0,00;' +
        // the day capacity counts from; the month's invoices issued; no hour unbilled; March's days all gone by; no
        // hour taken off by a credit note
        '01/03/2027;oui;0,00;323,00;0,00',
    );
    // April, not invoiced: no rates, said in the last column; the year's rates are over the invoiced months.
    // The capacity of the days gone by ends each row: April's 1st (19 h); the year's March and 1 April (342 h).
    expect(lines[4]).toMatch(/^2027-04;0,00;0,00;0,00;0,00;0,00;418,00;;non;;0,00;.*;01\/03\/2027;non;;19,00;0,00$/);
    expect(lines[13]).toMatch(/^2027;112,83;131,50;.*;non;0,00;342,00;0,00$/);

    const pdf = await activity(manager, '.pdf').buffer(true).parse(binary).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toBe('attachment; filename="rapport-activite-caf-2027.pdf"');
    const body = pdf.body as Buffer;
    expect(body.subarray(0, 5).toString()).toBe('%PDF-');
    const shown = pdfText(body);
    expect(shown).toContain("Rapport d'activité Caf 2027");
    expect(shown).toContain('Taux de facturation : 116,54 %');
    expect(shown).toContain('dépasse 107 %');
    expect(shown).toContain('Activité tenue dans Berceau depuis le 01/03/2027');
    expect(shown).toContain('Taux de facturation calculé sur les mois dont les factures sont émises');
    expect(shown).toContain('pas encore facturé');
  });

  it('says the hours attended in an issued month by a child with no invoice that month, until it is issued again (R9.2)', async () => {
    // A crèche of its own (the hand-worked March above stays as it is). Mia has a contract in May 2027 and comes on
    // 3 May; May is issued on 1 June. Then Noé, of another household, is booked and comes on 21 May, after the issue:
    // May has hours attended and not billed until it is issued again.
    const territoryId = (await createTerritory(t, admin)).id;
    const own = (await createCreche(t, admin, territoryId, { kind: 'COLLECTIVE', places: 10, capacityBands: [] })).id;
    await assignManagers(t, admin, own, manager);
    const mia = await createParentWithChild(t, {}, { birthDate: '2026-01-10' });
    const noe = await createParentWithChild(t, {}, { birthDate: '2025-11-20' });
    await t
      .http()
      .post(`/creches/${own}/contracts`)
      .set(manager.auth)
      .send({
        childId: mia.childId,
        startDate: '2027-05-03',
        endDate: '2027-05-31',
        schedule: monThu,
        feeInputs: FEE_INPUTS,
      })
      .expect(201);
    at('2027-06-01T08:00:00Z');
    const may = async () =>
      (await t.http().get(`/creches/${own}/caf-reports/activity`).query({ year: 2027 }).set(manager.auth).expect(200))
        .body.months[4];
    // May is over and covered by Mia's contract, nothing attended yet and not issued: to come, not 0 % (the
    // contract's months are read from the database); April, before anything was kept here, has nothing to bill.
    expect(await may()).toMatchObject({
      invoiced: false,
      hoursAttended: '0.00',
      hoursAttendedUnbilled: null,
      billingRatePercent: null,
      financialOccupancyPercent: null,
    });
    const april = (
      await t.http().get(`/creches/${own}/caf-reports/activity`).query({ year: 2027 }).set(manager.auth).expect(200)
    ).body.months[3];
    expect(april).toMatchObject({ invoiced: true, capacityHours: '0.00', financialOccupancyPercent: null });
    const attends = async (childId: string, date: string, from: string, to: string) => {
      await t
        .http()
        .post(`/creches/${own}/attendance/check-in`)
        .set(manager.auth)
        .send({ childId, date, time: from })
        .expect(201);
      await t
        .http()
        .post(`/creches/${own}/attendance/check-out`)
        .set(manager.auth)
        .send({ childId, date, time: to })
        .expect(200);
    };
    await attends(mia.childId, '2027-05-03', '08:00', '17:00');
    const issue = () =>
      t.http().post(`/creches/${own}/invoices/issue`).set(manager.auth).send({ month: '2027-05' }).expect(200);
    expect((await issue()).body.issued).toHaveLength(1);
    await t
      .http()
      .post(`/creches/${own}/bookings`)
      .set(manager.auth)
      .send({ childId: noe.childId, date: '2027-05-21', from: '09:00', to: '12:00', kind: 'OCCASIONAL' })
      .expect(201);
    await attends(noe.childId, '2027-05-21', '09:00', '12:00');
    // Before: 12 h attended, Noé's 3 h of them unbilled, counted against what is billed as the Caf counts them.
    const before = await may();
    expect(before).toMatchObject({ invoiced: true, hoursAttended: '12.00', hoursAttendedUnbilled: '3.00' });
    expect(before.billingRatePercent).toBeCloseTo((Number(before.hoursBilled) / 12) * 100, 2);
    const csv = await t
      .http()
      .get(`/creches/${own}/caf-reports/activity.csv`)
      .query({ year: 2027 })
      .set(manager.auth)
      .expect(200);
    expect(csv.text.split('\r\n')[5]).toMatch(/^2027-05;12,00;.*;oui;3,00;[\d,]+;0,00$/);
    // Noé billed: nothing left unbilled, the rate over both children's hours billed.
    expect((await issue()).body).toMatchObject({ alreadyIssued: 1, issued: [expect.anything()] });
    const after = await may();
    expect(after).toMatchObject({ invoiced: true, hoursAttended: '12.00', hoursAttendedUnbilled: '0.00' });
    expect(Number(after.hoursBilled)).toBeCloseTo(Number(before.hoursBilled) + 3, 2);
    expect(after.billingRatePercent).toBeCloseTo((Number(after.hoursBilled) / 12) * 100, 2);
    expect(after.financialOccupancyPercent).toBeGreaterThan(0);
  });

  it("is the crèche's managers' and the Caf auditors': others get 404 or 403; the year is checked", async () => {
    await activity(otherManager).expect(404);
    await activity(auditor).expect(200);
    await activity(lou).expect(403);
    const bad = await activity(manager, '', 'x').expect(400);
    expect(bad.body.details[0].field).toBe('year');
    await t.http().get(`/creches/${crecheId}/caf-reports/activity`).set(manager.auth).expect(400);
    // A year is four digits: "0x7ea" was read as 2026, a repeated parameter refused as "greater than 2100".
    for (const query of ['year=0x7ea', 'year=2026&year=2027', 'year=2e3']) {
      const refused = await t
        .http()
        .get(`/creches/${crecheId}/caf-reports/activity?${query}`)
        .set(manager.auth)
        .expect(400);
      expect(refused.body.details).toEqual([
        { field: 'year', errors: expect.arrayContaining(['year must be an integer number']) },
      ]);
    }
  });
  describe('FILOUÉ 2027: an objecting family, families with no Caf number or no postal code, a child who left in June', () => {
    let noe: TestParent;
    let eli: TestParent;
    let ana: TestParent;
    let eliInvoices: { hours: string; total: string }[];

    beforeAll(async () => {
      const attend = (childId: string, date: string, from: number, to: number) =>
        t.dataSource.query(
          `INSERT INTO attendance_records (creche_id, child_id, date, arrived_minute, left_minute, checked_in_by, checked_out_by)
           VALUES ($1, $2, $3, $4, $5, $6, $6)`,
          [crecheId, childId, date, from, to, manager.id],
        );
      const jade = await createParentWithChild(t, { cafNumber: '2345678', postalCode: '88700' }, { firstName: 'Jade' });
      await t.http().put(`/families/${jade.familyId}/filoue-objection`).set(jade.auth).expect(200);
      await attend(jade.childId, '2027-02-01', 480, 1020);
      noe = await createParentWithChild(t, { postalCode: '88700' }, { firstName: 'Noé' });
      await attend(noe.childId, '2027-04-05', 480, 1020);
      // Ana's household gave its Caf number but no postal code: not written either.
      ana = await createParentWithChild(t, { cafNumber: '3456789' }, { firstName: 'Ana' });
      await attend(ana.childId, '2027-05-03', 480, 1020);
      // Eli's household is under the MSA, in Bru; Eli came in January and left on 30 June (and in 2026: not counted).
      eli = await createParentWithChild(
        t,
        { cafNumber: '7654321', benefitScheme: 'MSA', communeInseeCode: '88035', postalCode: '88700' },
        { firstName: 'Eli', birthDate: '2025-09-01' },
      );
      await attend(eli.childId, '2026-12-28', 480, 1020);
      await attend(eli.childId, '2027-01-04', 480, 720);
      await attend(eli.childId, '2027-06-30', 480, 1020);
      // Eli's contract, signed in December: Mondays 09:00–12:00 from 4 January to 30 June 2027, invoiced each month.
      at('2026-12-20T08:00:00Z');
      await t
        .http()
        .post(`/creches/${crecheId}/contracts`)
        .set(manager.auth)
        .send({
          childId: eli.childId,
          startDate: '2027-01-04',
          endDate: '2027-06-30',
          schedule: [{ weekday: 1, from: '09:00', to: '12:00' }],
          feeInputs: FEE_INPUTS,
        })
        .expect(201);
      at('2027-07-02T08:00:00Z');
      eliInvoices = [];
      for (const month of ['2027-01', '2027-02', '2027-03', '2027-04', '2027-05', '2027-06']) {
        const res = await t
          .http()
          .post(`/creches/${crecheId}/invoices/issue`)
          .set(manager.auth)
          .send({ month })
          .expect(200);
        // One invoice a month: Eli's household's (Lou's March one was issued before).
        eliInvoices.push(
          ...res.body.issued.map((i: { billedHours: string; total: string }) => ({
            hours: i.billedHours,
            total: i.total,
          })),
        );
      }
    });

    it('writes Lou and Eli, leaves Jade out, lists Ana and Noé as errors', async () => {
      const res = await t
        .http()
        .get(`/creches/${crecheId}/caf-reports/filoue`)
        .query({ year: 2027 })
        .set(auditor.auth)
        .expect(200);
      expect(res.body.objectionsLeftOut).toBe(1);
      expect(res.body.errors).toEqual([
        {
          code: 'POSTAL_CODE_MISSING',
          childId: ana.childId,
          childFirstName: 'Ana',
          message: 'Ana : le code postal du foyer n’est pas renseigné (la famille le saisit sur sa page Mon foyer).',
        },
        {
          code: 'CAF_NUMBER_MISSING',
          childId: noe.childId,
          childFirstName: 'Noé',
          message:
            'Noé : le numéro d’allocataire Caf du foyer n’est pas renseigné (la famille le saisit sur sa page Mon foyer, ou y indique ne pas être allocataire de la Caf).',
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
        postalCode: '88700',
        town: 'Rambervillers',
        // The March invoice: 126.5 h regular + 3 h occasional + 2 h emergency; 197.25 € ÷ 131.5 h = 1.50.
        hoursBilled: '131.50',
        hoursAttended: '112.83',
        totalBilled: '197.25',
        averageHourlyRate: '1.50',
        firstDay: '2027-03-01',
        lastDay: '2027-03-25',
      });
      expect(louLine.effortRatePercent).toMatch(/^0\.0619/);
      // Eli's six invoices, January–June: 23 Mondays of 3 h (26 less 15 March closed, Easter and Whit Mondays)
      // = 69 h ÷ 6 = 11.5 h a month, + 1 h extra on 4 January (08:00 for 09:00) + 9 h on Wednesday 30 June (no
      // contract hours): 79 h at 1.50 € = 118.50 €. December 2026's day is another year.
      expect(eliInvoices.map((i) => [i.hours, i.total])).toEqual([
        ['12.50', '18.75'],
        ['11.50', '17.25'],
        ['11.50', '17.25'],
        ['11.50', '17.25'],
        ['11.50', '17.25'],
        ['20.50', '30.75'],
      ]);
      expect(eliLine).toMatchObject({
        allocataire: '0',
        cafNumber: '7654321',
        regime: '2',
        birthDate: '2025-09-01',
        postalCode: '88700',
        town: 'Bru',
        hoursBilled: '79.00',
        hoursAttended: '13.00',
        totalBilled: '118.50',
        averageHourlyRate: '1.50',
        firstDay: '2027-01-04',
        lastDay: '2027-06-30',
      });
      expect(eliLine.effortRatePercent).toMatch(/^0\.0619/);
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
      expect(lines[0]).toContain(';date_naissance;code_postal;commune;');
      expect(lines[1]).toMatch(
        /^88123456;2027-00042;0;Eli;Nom;7654321;2;01\/09\/2025;88700;Bru;79,00;13,00;118,50;1,50;0,0619\d*;04\/01\/2027;30\/06\/2027$/,
      );
      expect(lines[2]).toMatch(
        /^88123456;2027-00042;1;Lou;Nom;1234567;1;10\/02\/2026;88700;Rambervillers;131,50;112,83;197,25;1,50;0,0619\d*;01\/03\/2027;25\/03\/2027$/,
      );
      expect(lines).toHaveLength(4);
      const errors = await t
        .http()
        .get(`/creches/${crecheId}/caf-reports/filoue-errors.csv`)
        .query({ year: 2027 })
        .set(auditor.auth)
        .expect(200);
      expect(errors.headers['content-disposition']).toBe('attachment; filename="filoue-2027-erreurs.csv"');
      expect(errors.text.split('\r\n').slice(1, 3)).toEqual([
        `POSTAL_CODE_MISSING;${ana.childId};Ana;Ana : le code postal du foyer n’est pas renseigné (la famille le saisit sur sa page Mon foyer).`,
        `CAF_NUMBER_MISSING;${noe.childId};Noé;Noé : le numéro d’allocataire Caf du foyer n’est pas renseigné (la famille le saisit sur sa page Mon foyer, ou y indique ne pas être allocataire de la Caf).`,
      ]);
      await t
        .http()
        .get(`/creches/${crecheId}/caf-reports/filoue.csv`)
        .query({ year: 2027 })
        .set(otherManager.auth)
        .expect(404);
      await t.http().get(`/creches/${crecheId}/caf-reports/filoue`).query({ year: 2027 }).set(eli.auth).expect(403);
    });

    it('writes Noé with flag 0 and no matricule once her household says it is not a Caf allocataire; a number takes it back', async () => {
      const filoue = async () =>
        (
          await t
            .http()
            .get(`/creches/${crecheId}/caf-reports/filoue`)
            .query({ year: 2027 })
            .set(auditor.auth)
            .expect(200)
        ).body;
      const patch = (body: object) => t.http().patch(`/families/${noe.familyId}`).set(noe.auth).send(body);
      // Both at once contradict each other: refused, naming the field.
      await patch({ cafNumber: '1112223', notCafAllocataire: true })
        .expect(400)
        .expect((r) => expect(r.body.details[0].field).toBe('notCafAllocataire'));
      const said = (await patch({ notCafAllocataire: true }).expect(200)).body;
      expect(said).toMatchObject({ cafNumber: null, notCafAllocataire: true });
      let file = await filoue();
      expect(file.errors.map((e: { code: string }) => e.code)).toEqual(['POSTAL_CODE_MISSING']);
      expect(file.lines.find((l: { childFirstName: string }) => l.childFirstName === 'Noé')).toMatchObject({
        allocataire: '0',
        cafNumber: '',
        regime: '1',
        postalCode: '88700',
      });
      // In the household's own data export too.
      const exported = (await t.http().get(`/families/${noe.familyId}/export`).set(noe.auth).expect(200)).text;
      expect(exported).toContain('Non allocataire de la Caf');
      // A number given later takes the statement back: Noé is written as an allocataire's child.
      expect((await patch({ cafNumber: '1112223' }).expect(200)).body).toMatchObject({
        cafNumber: '1112223',
        notCafAllocataire: false,
      });
      file = await filoue();
      expect(file.lines.find((l: { childFirstName: string }) => l.childFirstName === 'Noé')).toMatchObject({
        allocataire: '1',
        cafNumber: '1112223',
      });
      // Saying so again takes the number back (it was typed by mistake).
      expect((await patch({ notCafAllocataire: true }).expect(200)).body).toMatchObject({
        cafNumber: null,
        notCafAllocataire: true,
      });
      // It is the general scheme's: an MSA household cannot say it (its number is the MSA's), and a household moving
      // to the MSA no longer says it.
      await t
        .http()
        .patch(`/families/${eli.familyId}`)
        .set(eli.auth)
        .send({ notCafAllocataire: true })
        .expect(400)
        .expect((r) => expect(r.body.details[0].field).toBe('notCafAllocataire'));
      expect((await patch({ benefitScheme: 'MSA' }).expect(200)).body).toMatchObject({ notCafAllocataire: false });
      await patch({ benefitScheme: 'GENERAL', notCafAllocataire: true }).expect(200);
    });
  });
  it('lowers the fees, not the hours, by a credit note of the month', async () => {
    const before = await filoueLineOf('Lou');
    await t
      .http()
      .post(`/invoices/${invoiceId}/credit-notes`)
      .set(manager.auth)
      .send({ amount: '10.00', reason: 'Geste commercial' })
      .expect(201);
    const march = (await activity(manager).expect(200)).body.months[2];
    // March now also holds Eli's invoice (11.5 h, 17.25 €, nothing attended): 143 h, 214.50 €; 143 ÷ 112.833… = 126.74 %.
    expect(march).toMatchObject({
      hoursBilled: '143.00',
      feesBilled: '214.50',
      feesCredited: '-10.00',
      feesNet: '204.50',
      billingRatePercent: 126.74,
    });
    // FILOUÉ too: Lou's total billed is net of the credit note on the household's invoice, her hours are not.
    const after = await filoueLineOf('Lou');
    expect(after).toMatchObject({
      hoursBilled: before.hoursBilled,
      totalBilled: (Number(before.totalBilled) - 10).toFixed(2),
    });
  });

  it('takes hours off the hours billed by a credit note in hours: the activity report, its CSV and PDF, FILOUÉ (R8.16)', async () => {
    const before = await filoueLineOf('Lou');
    const invoice = (await t.http().get(`/invoices/${invoiceId}`).set(manager.auth).expect(200)).body;
    const instalment = invoice.lines.find((l: { kind: string }) => l.kind === 'INSTALMENT');
    expect(instalment).toMatchObject({ hours: '126.0000', hourlyRate: '1.50' });
    const credit = (body: object) => t.http().post(`/invoices/${invoiceId}/credit-notes`).set(manager.auth).send(body);
    const reason = 'Hospitalisation du 22 au 25 mars signalée après la facture';
    // What is wrong is named: both forms at once, a line the invoice has not, more hours than the line billed, none.
    for (const [body, field] of [
      [{ amount: '21.00', hours: [{ position: instalment.position, hours: '14' }], reason }, 'hours'],
      [{ hours: [{ position: 99, hours: '14' }], reason }, 'hours[0].position'],
      [{ hours: [{ position: instalment.position, hours: '126.01' }], reason }, 'hours[0].hours'],
      [{ hours: [{ position: instalment.position, hours: '0' }], reason }, 'hours[0].hours'],
      [{ hours: [], reason }, 'hours'],
      [{ reason }, 'amount'],
    ] as const)
      await credit(body)
        .expect(400)
        .expect((r) => expect(r.body.details.map((d: { field: string }) => d.field)).toContain(field));

    const note = (await credit({ hours: [{ position: instalment.position, hours: '14' }], reason }).expect(201)).body;
    // 14 h × 1.50 € = 21.00 €, and the hours the credit note takes off.
    expect(note).toMatchObject({ kind: 'CREDIT_NOTE', total: '-21.00', billedHours: '-14.00' });
    const lines = (await t.http().get(`/invoices/${note.id}`).set(manager.auth).expect(200)).body.lines;
    expect(lines).toEqual([
      expect.objectContaining({
        kind: 'CREDIT',
        childId: lou.childId,
        creditedPosition: instalment.position,
        hours: '-14.0000',
        hourlyRate: '1.50',
        amount: '-21.00',
      }),
    ]);
    // The invoice's line says what was taken off it, and has 112 h left to take off, not 126.
    const corrected = (await t.http().get(`/invoices/${invoiceId}`).set(manager.auth).expect(200)).body.lines;
    expect(corrected.find((l: { position: number }) => l.position === instalment.position)).toMatchObject({
      hours: '126.0000',
      hoursCredited: '14.0000',
    });
    expect(instalment.hoursCredited).toBe('0');
    await credit({ hours: [{ position: instalment.position, hours: '112.01' }], reason })
      .expect(400)
      .expect((r) => expect(r.body.details[0].errors[0]).toBe('at most 112.00 hours are left to take off line 1'));
    const pdf = await t.http().get(`/invoices/${note.id}/pdf`).set(lou.auth).buffer(true).parse(binary).expect(200);
    const shown = pdfText(pdf.body as Buffer);
    expect(shown).toContain('Heures retirées des heures facturées : 14,00 h');
    expect(shown).toContain('-14,00 h');

    // March: 143 − 14 = 129 h billed, 31 € credited in all; 129 ÷ 112.833… = 114.33 %.
    const march = (await activity(manager).expect(200)).body.months[2];
    expect(march).toMatchObject({
      hoursBilled: '129.00',
      hoursCredited: '-14.00',
      feesBilled: '214.50',
      feesCredited: '-31.00',
      feesNet: '183.50',
      billingRatePercent: 114.33,
    });
    // Regular: Lou's 126.5 h and Eli's 11.5 h, less the 14 h; 189.75 € + 17.25 €, less the 21 € (net, as the hours).
    expect(march.byKind.REGULAR).toMatchObject({ hoursBilled: '124.00', feesBilled: '186.00' });
    const csv = (await activity(auditor, '.csv').expect(200)).text.split('\r\n');
    expect(csv[0].endsWith(';heures_retirees_par_avoirs')).toBe(true);
    expect(csv[3]).toMatch(/^2027-03;112,83;129,00;214,50;-31,00;183,50;.*;-14,00$/);
    const report = pdfText((await activity(manager, '.pdf').buffer(true).parse(binary).expect(200)).body as Buffer);
    expect(report).toContain('(après 14,00 h retirées par avoir)');
    // FILOUÉ: Lou's hours and total both net of the credit note in hours, her own 21 € exactly.
    const after = await filoueLineOf('Lou');
    expect(after).toMatchObject({
      hoursBilled: (Number(before.hoursBilled) - 14).toFixed(2),
      totalBilled: (Number(before.totalBilled) - 21).toFixed(2),
    });
  });

  it('gives hours billed against hours attended child by child, for the auditor to check the attendance sheets (R9.7)', async () => {
    const children = (query: object, who = auditor) =>
      t.http().get(`/creches/${crecheId}/caf-reports/children`).query(query).set(who.auth);
    const march = (await children({ year: 2027, month: 3 }).expect(200)).body;
    expect(march).toMatchObject({ crecheId, year: 2027, month: 3, issuedMonths: ['2027-03'] });
    // Eli was billed 11.5 h in March and never came: said first. Lou: 131.5 h billed less the 14 h credited, for
    // 112 h 50 attended: 117.5 ÷ 112.833… = 104.14 %, under the alert once the credit note took the hours off. Her fees:
    // 197.25 € less the 21 € of the credit note in hours (the 10 € one names no child).
    expect(march.children).toEqual([
      expect.objectContaining({
        firstName: 'Eli',
        hoursAttended: '0.00',
        hoursBilled: '11.50',
        billingRatePercent: null,
        billedWithoutAttendance: true,
      }),
      {
        childId: lou.childId,
        firstName: 'Lou',
        lastName: 'Nom',
        birthDate: '2026-02-10',
        hoursAttended: '112.83',
        hoursBilled: '117.50',
        hoursCredited: '-14.00',
        feesBilled: '176.25',
        billingRatePercent: 104.14,
        billingRateAlert: false,
        billedWithoutAttendance: false,
        attendedWithoutBilling: false,
        erased: false,
      },
    ]);
    // The total row is the activity report's month: exact hours summed, rounded once.
    const activity = (
      await t
        .http()
        .get(`/creches/${crecheId}/caf-reports/activity`)
        .query({ year: 2027 })
        .set(auditor.auth)
        .expect(200)
    ).body.months.find((m: { period: string }) => m.period === '2027-03');
    expect(march.total).toEqual({
      hoursAttended: activity.hoursAttended,
      hoursBilled: activity.hoursBilled,
      hoursCredited: '-14.00',
      // Euros are cents: the rows add up exactly.
      feesBilled: (
        march.children.reduce((c: number, r: { feesBilled: string }) => c + Math.round(Number(r.feesBilled) * 100), 0) /
        100
      ).toFixed(2),
    });
    // The year: every issued month, Lou billed in March only.
    const year = (await children({ year: 2027 }).expect(200)).body;
    expect(year).toMatchObject({
      month: null,
      issuedMonths: ['2027-01', '2027-02', '2027-03', '2027-04', '2027-05', '2027-06'],
    });
    expect(year.children.find((c: { firstName: string }) => c.firstName === 'Lou')).toMatchObject({
      hoursBilled: '117.50',
      hoursAttended: '112.83',
    });
    const csv = await t
      .http()
      .get(`/creches/${crecheId}/caf-reports/children.csv`)
      .query({ year: 2027, month: 3 })
      .set(manager.auth)
      .expect(200);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="heures-par-enfant-2027-03.csv"');
    const rows = csv.text.split('\r\n');
    expect(rows[0]).toBe(
      '\uFEFFidentifiant_enfant;prenom;nom;date_naissance;heures_realisees;heures_facturees;heures_retirees_par_avoirs;participations;taux_facturation;alerte_taux_superieur_107;facture_sans_presence;present_sans_facture',
    );
    expect(rows[2]).toBe(`${lou.childId};Lou;Nom;10/02/2026;112,83;117,50;-14,00;176,25;104,14;non;non;non`);
    // The month is checked; other crèches' managers and parents read nothing.
    await children({ year: 2027, month: 13 })
      .expect(400)
      .expect((r) => expect(r.body.details[0].field).toBe('month'));
    await children({ year: 2027, month: 3 }, otherManager).expect(404);
    await t.http().get(`/creches/${crecheId}/caf-reports/children`).query({ year: 2027 }).set(lou.auth).expect(403);

    // Lou's March day by day: the detail adds up to her row, each day attended with its hours, her lines as printed
    // (the credit note's 14 h naming the line they come off).
    const detail = (childId: string, query: object, who = auditor) =>
      t.http().get(`/creches/${crecheId}/caf-reports/children/${childId}`).query(query).set(who.auth);
    const louMarch = (await detail(lou.childId, { year: 2027, month: 3 }).expect(200)).body;
    const { erased: _erased, ...louRow } = march.children[1];
    expect(louMarch).toMatchObject({ crecheId, year: 2027, month: 3, issued: true, ...louRow, erased: false });
    const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
    const days = louMarch.days as {
      date: string;
      reserved: { from: string; to: string }[];
      reservedMinutes: number;
      records: { arrivedAt: string; leftAt: string; minutes: number }[];
      minutes: number;
      bookings: { kind: string; from: string; to: string }[];
      extraMinutes: number;
      overtimeMinutes: number;
      deducted: string | null;
      openArrival: boolean;
    }[];
    // Her 14 contract days (the 30th and 31st reserved, not attended) and the two Fridays she was booked.
    expect(days.map((d) => Number(d.date.slice(8)))).toEqual([1, 2, 3, 4, 5, 8, 9, 10, 11, 12, 22, 23, 24, 25, 30, 31]);
    const records = days.flatMap((d) => d.records);
    expect((records.reduce((sum, r) => sum + minutes(r.leftAt) - minutes(r.arrivedAt), 0) / 60).toFixed(2)).toBe(
      '112.83',
    );
    expect(days.reduce((sum, d) => sum + d.minutes, 0)).toBe(112 * 60 + 50);
    // 9 h a contract day (the instalment's 126 h), none on the closure or on Easter Monday.
    expect(days.reduce((sum, d) => sum + d.reservedMinutes, 0)).toBe(126 * 60);
    // The 30th: reserved, not attended, nothing deductible (no absence recorded).
    expect(days.find((d) => d.date === '2027-03-30')).toMatchObject({
      reserved: [{ from: '08:00', to: '17:00' }],
      deducted: null,
      records: [],
      minutes: 0,
      openArrival: false,
    });
    // The 25th's 20 minutes past 17:00 are the invoice's extra half-hour; the 12th's booking, left early, none.
    expect(days.filter((d) => d.extraMinutes + d.overtimeMinutes > 0).map((d) => [d.date, d.extraMinutes])).toEqual([
      ['2027-03-25', 30],
    ]);
    expect(louMarch).toMatchObject({ extraHoursNow: '0.50', extraHoursBilled: '0.50', unbillable: [] });
    expect(days.find((d) => d.date === '2027-03-12')).toMatchObject({
      reserved: [],
      bookings: [{ kind: 'EMERGENCY', from: '14:00', to: '16:00' }],
      records: [{ arrivedAt: '14:00', leftAt: '15:30', minutes: 90 }],
    });
    const lines = louMarch.lines as { documentKind: string; hours: string | null; creditedPosition: number | null }[];
    expect(lines.filter((l) => l.documentKind === 'CREDIT_NOTE')).toEqual([
      expect.objectContaining({ hours: '-14.0000', creditedPosition: expect.any(Number) }),
    ]);
    const net = lines.reduce((sum, l) => sum + Number(l.hours ?? 0), 0);
    expect(net.toFixed(2)).toBe('117.50');
    // A month not issued (July): its days, nothing billed. The month is required; a child of no business of the
    // crèche is not found; other crèches' managers and parents read nothing.
    const july = (await detail(lou.childId, { year: 2027, month: 7 }).expect(200)).body;
    expect(july).toMatchObject({ issued: false, hoursBilled: '0.00', lines: [] });
    await detail(lou.childId, { year: 2027 })
      .expect(400)
      .expect((r) => expect(r.body.details[0].field).toBe('month'));
    await detail(randomUUID(), { year: 2027, month: 3 }).expect(404);
    await detail(lou.childId, { year: 2027, month: 3 }, otherManager).expect(404);
    await detail(lou.childId, { year: 2027, month: 3 }, lou).expect(403);
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
