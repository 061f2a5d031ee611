import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Job } from 'bullmq';
import { JOB_CATALOGUE } from '../../src/common/queue/job-catalogue';
import { JobRouter } from '../../src/common/queue/job-router';
import { QueueProducer } from '../../src/common/queue/queue.producer';
import type { Clock } from '../../src/common/time/clock';
import { frenchDate } from '../../src/common/text/french-dates';
import { CertificatesService } from '../../src/modules/billing/certificates.service';
import { InvoicingService } from '../../src/modules/billing/invoicing.service';
import { CrechesService } from '../../src/modules/creches/creches.service';
import { ContractFeesService } from '../../src/modules/contracts/contract-fees.service';
import { Dec } from '../../src/modules/fees/domain/decimal';
import { assignManagers, createCreche, createTerritory } from '../support/factories';
import { addChild, createParentWithChild, TestParent } from '../support/families';
import { untilBlockedBy, untilWaitingOnLocks, withHeldTransaction } from '../support/held-transaction';
import { SmtpSink } from '../support/smtp-sink';
import { createUser, startTestApp, TestApp, TestUser } from '../support/test-app';
import { atPlaceFr } from '../../src/common/text/french-places';

const monThu = [1, 2, 3, 4].map((weekday) => ({ weekday, from: '07:00', to: '17:00' }));
/** 2 423.26 € for one child in a collective crèche: 2 423.26 × 0.0619 % = 1.49999… → 1.50 €/h. */
const FEE_INPUTS = { monthlyResources: '2423.26', dependentChildren: 1 };
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');

/** The text a PDF shows (pdfkit, uncompressed: hex strings in TJ/Tj operators, WinAnsi), one string per operator. */
function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const parts: string[] = [];
  for (const m of raw.matchAll(/\[((?:<[0-9a-f]*>|\s|-?\d+(?:\.\d+)?)*)\]\s*TJ|<([0-9a-f]*)>\s*Tj/g)) {
    const hex = m[1] ? [...m[1].matchAll(/<([0-9a-f]*)>/g)].map((h) => h[1]).join('') : m[2];
    parts.push(Buffer.from(hex, 'hex').toString('latin1').replace(/\x80/g, '€'));
  }
  return parts.join('\n');
}

/** Issue #16: monthly invoices under the PSU, through the API. */
describe('Monthly invoices', () => {
  const clock: Clock & { at: Date } = {
    at: new Date('2026-12-15T10:00:00Z'),
    now() {
      return this.at;
    },
  };
  const at = (iso: string) => (clock.at = new Date(iso));
  const smtp = new SmtpSink();
  const documentsDir = mkdtempSync(join(tmpdir(), 'berceau-documents-'));
  let t: TestApp;
  let t2: TestApp;
  let admin: TestUser;
  let manager: TestUser;
  let otherManager: TestUser;
  let territoryId: string;

  beforeAll(async () => {
    await smtp.start();
    t = await startTestApp({
      clock,
      runWorkers: true,
      env: { SMTP_URL: smtp.url, NOTICE_SWEEP_MIN_AGE_MS: '0', DOCUMENTS_DIR: documentsDir },
    });
    // A second API instance on the same database: two managers' "issue now" at once.
    t2 = await startTestApp({ clock });
    admin = await createUser(t, 'ADMIN');
    manager = await createUser(t, 'MANAGER');
    otherManager = await createUser(t, 'MANAGER');
    territoryId = (await createTerritory(t, admin)).id;
  });
  afterAll(async () => {
    await t2.close();
    await t.close();
    await smtp.stop();
    rmSync(documentsDir, { recursive: true, force: true });
  });

  async function crecheOf(over: Record<string, unknown> = {}) {
    const creche = await createCreche(t, admin, territoryId, {
      kind: 'COLLECTIVE',
      places: 30,
      capacityBands: [],
      closures: [],
      ...over,
    });
    await assignManagers(t, admin, creche.id, manager);
    return creche.id;
  }
  async function contractFor(crecheId: string, childId: string, body: Record<string, unknown>) {
    at('2026-12-15T10:00:00Z');
    const res = await t
      .http()
      .post(`/creches/${crecheId}/contracts`)
      .set(manager.auth)
      .send({ childId, schedule: monThu, feeInputs: FEE_INPUTS, ...body });
    expect(res.status).toBe(201);
    return res.body;
  }
  /** The child checked in and out on `date` (the clock set to that evening) at these times. */
  async function attendsToday(crecheId: string, childId: string, date: string, [arrives, leaves]: [string, string]) {
    at(`${date}T21:00:00Z`);
    for (const [path, time] of [
      ['check-in', arrives],
      ['check-out', leaves],
    ])
      await t
        .http()
        .post(`/creches/${crecheId}/attendance/${path}`)
        .set(manager.auth)
        .send({ childId, time })
        .expect((r) => expect(r.status).toBeLessThan(300));
  }
  /** The monthly job goes over every crèche of the database, which the run's other files share: here, these only. */
  function jobSeesOnly(...crecheIds: string[]) {
    const creches = t.app.get(CrechesService);
    const all = creches.list.bind(creches);
    const mine = new Set(crecheIds);
    return jest
      .spyOn(creches, 'list')
      .mockImplementation(async (...args) => (await all(...args)).filter((c) => mine.has(c.id)));
  }
  const issue = (app: TestApp, crecheId: string, month: string, who = manager) =>
    app.http().post(`/creches/${crecheId}/invoices/issue`).set(who.auth).send({ month });
  /** A document's PDF, as the text it shows. */
  async function pdfTextOf(path: string, who: TestUser, query: Record<string, string> = {}): Promise<string> {
    const res = await t
      .http()
      .get(path)
      .query(query)
      .set(who.auth)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect((res.body as Buffer).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    return pdfText(res.body as Buffer);
  }

  describe("the issue's worked example (March 2027)", () => {
    let crecheId: string;
    let parent: TestParent;
    let invoiceId: string;
    let contractFee: Record<string, string>;

    beforeAll(async () => {
      // Closed 12–23 April and three days of leave: 240 h reserved over March and April, 120 h a month.
      crecheId = await crecheOf({ closures: [{ from: '2027-04-12', to: '2027-04-23', label: 'Printemps' }] });
      parent = await createParentWithChild(t);
      contractFee = (
        await contractFor(crecheId, parent.childId, {
          startDate: '2027-03-01',
          endDate: '2027-04-30',
          leavePeriods: [{ from: '2027-04-05', to: '2027-04-07' }],
        })
      ).fee;

      at('2027-04-02T08:00:00Z');
      const absent = ['2027-03-08', '2027-03-09', '2027-03-10', '2027-03-11', '2027-03-17', '2027-03-29'];
      for (let day = 1; day <= 31; day += 1) {
        const date = `2027-03-${String(day).padStart(2, '0')}`;
        const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
        if (weekday === 0 || weekday > 4 || absent.includes(date)) continue;
        const body = { childId: parent.childId, date };
        await t
          .http()
          .post(`/creches/${crecheId}/attendance/check-in`)
          .set(manager.auth)
          .send({ ...body, time: '07:00' })
          .expect(201);
        const leaves = date === '2027-03-22' || date === '2027-03-23' ? '17:20' : '17:00';
        await t
          .http()
          .post(`/creches/${crecheId}/attendance/check-out`)
          .set(manager.auth)
          .send({ ...body, time: leaves })
          .expect(200);
      }
      for (const absence of [
        { reason: 'ILLNESS', from: '2027-03-08', to: '2027-03-12', certified: true },
        { reason: 'HOSPITALISATION', from: '2027-03-17', to: '2027-03-17' },
      ])
        await t
          .http()
          .post(`/creches/${crecheId}/absences`)
          .set(manager.auth)
          .send({ childId: parent.childId, ...absence })
          .expect(201);
    });

    it('invoices 151.50 €: 101 h billed, 130 h 40 min attended', async () => {
      expect(contractFee).toMatchObject({ hourlyRate: '1.50', monthlyHours: '120.00', monthlyFee: '180.00' });
      const res = await issue(t, crecheId, '2027-03').expect(200);
      expect(res.body.issued).toHaveLength(1);
      const inv = res.body.issued[0];
      invoiceId = inv.id;
      expect(inv).toMatchObject({
        familyId: parent.familyId,
        kind: 'INVOICE',
        number: 1,
        month: '2027-03',
        total: '151.50',
        contractHours: '120.00',
        deductedHours: '20.00',
        extraHours: '1.00',
        billedHours: '101.00',
        attendedMinutes: 130 * 60 + 40,
      });
      const detail = await t.http().get(`/invoices/${invoiceId}`).set(parent.auth).expect(200);
      expect(detail.body.lines.map((l: Record<string, string>) => [l.kind, l.from, l.reason, l.amount])).toEqual([
        ['INSTALMENT', null, null, '180.00'],
        ['DEDUCTION', '2027-03-11', 'ILLNESS', '-15.00'],
        ['DEDUCTION', '2027-03-17', 'HOSPITALISATION', '-15.00'],
        ['EXTRA_HOURS', null, null, '1.50'],
      ]);
      expect(detail.body.scaleVersions).toHaveLength(1);
    });

    it('issues the month once: a second call finds it done', async () => {
      const again = await issue(t, crecheId, '2027-03').expect(200);
      expect(again.body).toMatchObject({ issued: [], alreadyIssued: 1 });
      const rows = await t.dataSource.query(`SELECT count(*)::int AS n FROM invoices WHERE creche_id = $1`, [crecheId]);
      expect(rows[0].n).toBe(1);
    });

    it('e-mails the family "Votre facture de mars 2027 est disponible"', async () => {
      const subject = 'Votre facture de mars 2027 est disponible';
      await smtp.waitFor(() => smtp.to(parent.email).some((m) => m.subject === subject));
      const mails = smtp.to(parent.email).filter((m) => m.subject === subject);
      expect(mails).toHaveLength(1);
      expect(mails[0].text).toContain('151,50 €');
    });

    it('serves the PDF in French to the family and the crèche’s managers, with its number and total', async () => {
      for (const who of [parent, manager]) {
        const res = await t
          .http()
          .get(`/invoices/${invoiceId}/pdf`)
          .set(who.auth)
          .buffer(true)
          .parse((r, done) => {
            const chunks: Buffer[] = [];
            r.on('data', (c: Buffer) => chunks.push(c));
            r.on('end', () => done(null, Buffer.concat(chunks)));
          })
          .expect(200);
        expect(res.headers['content-type']).toBe('application/pdf');
        const pdf = res.body as Buffer;
        expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
        expect(pdf.length).toBeGreaterThan(1500);
        const text = pdfText(pdf);
        expect(text).toContain('Facture n° 000001');
        expect(text).toContain('Total : 151,50 €');
        expect(text).toContain('Heures de présence : 130 h 40 min');
        expect(text).toContain('Déduction, maladie : le 11 mars 2027');
      }
    });

    it("hides the invoice from another family and another crèche's manager (404), and issuing from a parent (403)", async () => {
      const stranger = await createParentWithChild(t);
      for (const who of [stranger, otherManager]) {
        await t.http().get(`/invoices/${invoiceId}`).set(who.auth).expect(404);
        await t.http().get(`/invoices/${invoiceId}/pdf`).set(who.auth).expect(404);
      }
      await t.http().get(`/families/${parent.familyId}/invoices`).set(stranger.auth).expect(404);
      const own = await t.http().get(`/families/${parent.familyId}/invoices`).set(parent.auth).expect(200);
      expect(own.body.map((i: { id: string }) => i.id)).toEqual([invoiceId]);
      // A household another crèche's manager has nothing to do with: the same 404 as one that does not exist.
      for (const path of ['invoices', 'balance', 'payments']) {
        const theirs = await t.http().get(`/families/${parent.familyId}/${path}`).set(otherManager.auth).expect(404);
        expect(theirs.body.code).toBe('FAMILY.NOT_FOUND');
        await t.http().get(`/families/${randomUUID()}/${path}`).set(admin.auth).expect(404);
      }
      await issue(t, crecheId, '2027-03', parent).expect(403);
      await issue(t, crecheId, '2027-03', otherManager).expect(404);
    });

    it('refuses a month that is not over, naming the field', async () => {
      const res = await issue(t, crecheId, '2027-04').expect(400);
      expect(res.body.details[0].field).toBe('month');
      await issue(t, crecheId, '2027-13').expect(400);
    });

    it('refuses any change of an issued invoice in the database (trigger)', async () => {
      await expect(t.dataSource.query(`UPDATE invoices SET total = 0 WHERE id = $1`, [invoiceId])).rejects.toThrow(
        /an issued invoice cannot be changed/,
      );
      await expect(
        t.dataSource.query(`UPDATE invoice_lines SET amount = 0 WHERE invoice_id = $1`, [invoiceId]),
      ).rejects.toThrow(/an issued invoice cannot be changed/);
      await expect(t.dataSource.query(`DELETE FROM invoices WHERE id = $1`, [invoiceId])).rejects.toThrow(
        /an issued invoice cannot be changed/,
      );
      await expect(
        t.dataSource.query(
          `INSERT INTO invoice_lines (invoice_id, position, kind, label, hours, amount)
           VALUES ($1, 99, 'EXTRA_HOURS', 'ajout', 1, 1.50)`,
          [invoiceId],
        ),
      ).rejects.toThrow(/no line may be added/);
      const [row] = await t.dataSource.query(`SELECT total::text FROM invoices WHERE id = $1`, [invoiceId]);
      expect(row.total).toBe('151.50');
    });

    it('corrects with a credit note that references the invoice, numbered next, never more than the invoice', async () => {
      const res = await t
        .http()
        .post(`/invoices/${invoiceId}/credit-notes`)
        .set(manager.auth)
        .send({ amount: '15.00', reason: 'Absence du 10 mars justifiée après coup' })
        .expect(201);
      expect(res.body).toMatchObject({ kind: 'CREDIT_NOTE', number: 2, creditedInvoiceId: invoiceId, total: '-15.00' });
      const tooMuch = await t
        .http()
        .post(`/invoices/${invoiceId}/credit-notes`)
        .set(manager.auth)
        .send({ amount: '136.51', reason: 'trop' })
        .expect(400);
      expect(tooMuch.body.details[0].field).toBe('amount');
      // The reason is printed on the credit note and e-mailed: one line of text, not blanks, and no web address a
      // mail client would make a link of (a stolen manager's account sending families to pay elsewhere).
      for (const reason of [
        '   ',
        'Absence\njustifiée',
        'Réglez le solde sur https://paiement.exemple.net',
        'Réglez le solde sur www.paiement-creche.com',
        'Voir paiement-creche.fr',
      ])
        await t
          .http()
          .post(`/invoices/${invoiceId}/credit-notes`)
          .set(manager.auth)
          .send({ amount: '1.00', reason })
          .expect(400)
          .expect((r) => expect(r.body.details[0].field).toBe('reason'));
      await t
        .http()
        .post(`/invoices/${invoiceId}/credit-notes`)
        .set(otherManager.auth)
        .send({ amount: '1.00', reason: 'autre crèche' })
        .expect(404);
      // The household is told, once, what it owes changed and why (the refused attempts told it nothing).
      const subject = 'Un avoir de 15,00 € sur votre facture de mars 2027';
      await smtp.waitFor(() => smtp.to(parent.email).some((m) => m.subject === subject));
      const mails = smtp.to(parent.email).filter((m) => m.subject.startsWith('Un avoir'));
      expect(mails.map((m) => m.subject)).toEqual([subject]);
      expect(mails[0].text).toContain('Motif donné par la crèche : Absence du 10 mars justifiée après coup');
      expect(mails[0].text).toMatch(/Avoir n°\s*:?\s*000002/);
      expect(mails[0].text).toMatch(/Facture corrigée\s*:?\s*n° 000001, 151,50 €/);
      expect(mails[0].text).toContain('/factures');
      // Its PDF, read back: an "Avoir" with its own number, its total and the invoice it corrects.
      for (const who of [parent, manager]) {
        const text = await pdfTextOf(`/invoices/${res.body.id}/pdf`, who);
        expect(text).toContain('Avoir n° 000002');
        expect(text).toContain('Total : -15,00 €');
        expect(text).toContain('Avoir sur la facture n° 000001');
        expect(text).toContain('Mois de la facture : mars 2027');
        expect(text).not.toContain('Facture n°');
      }
    });

    it('records payments and keeps the household’s balance', async () => {
      // Not ahead of the day it is recorded: it would count in a year's certificate before it is paid.
      const ahead = await t
        .http()
        .post(`/creches/${crecheId}/payments`)
        .set(manager.auth)
        .send({ familyId: parent.familyId, amount: '100.00', paidOn: '2027-04-10', method: 'TRANSFER' })
        .expect(400);
      expect(ahead.body.details).toEqual([
        { field: 'paidOn', errors: ['paidOn must not be in the future (today is 2027-04-02)'] },
      ]);
      // Nor years back (a typo): it would reopen the certificate of a year long closed.
      const typo = await t
        .http()
        .post(`/creches/${crecheId}/payments`)
        .set(manager.auth)
        .send({ familyId: parent.familyId, amount: '100.00', paidOn: '2000-04-01', method: 'TRANSFER' })
        .expect(400);
      expect(typo.body.details).toEqual([
        { field: 'paidOn', errors: ['paidOn must not be before 2026-01-01 (the start of the previous year)'] },
      ]);
      at('2027-04-10T09:00:00Z');
      const pay = await t
        .http()
        .post(`/creches/${crecheId}/payments`)
        .set(manager.auth)
        .send({ familyId: parent.familyId, amount: '100.00', paidOn: '2027-04-10', method: 'TRANSFER' })
        .expect(201);
      expect(pay.body).toMatchObject({ amount: '100.00', method: 'TRANSFER' });
      const res = await t.http().get(`/families/${parent.familyId}/balance`).set(parent.auth).expect(200);
      expect(res.body).toEqual([
        // The crèche had set no delay to pay: nothing is late, whatever is owed.
        {
          crecheId,
          invoiced: '151.50',
          credited: '-15.00',
          paid: '100.00',
          balance: '36.50',
          overdue: '0.00',
          overdueSince: null,
        },
      ]);
      // The household reads its payments; the crèche's manager too; nobody else.
      const payments = [
        {
          id: pay.body.id,
          crecheId,
          familyId: parent.familyId,
          amount: '100.00',
          paidOn: '2027-04-10',
          method: 'TRANSFER',
          cancelledAt: null,
          cancelReason: null,
        },
      ];
      for (const who of [parent, manager])
        expect((await t.http().get(`/families/${parent.familyId}/payments`).set(who.auth).expect(200)).body).toEqual(
          payments,
        );
      await t.http().get(`/families/${parent.familyId}/payments`).set(otherManager.auth).expect(404);
      const stranger = await createParentWithChild(t);
      await t.http().get(`/families/${parent.familyId}/payments`).set(stranger.auth).expect(404);
      const bad = await t
        .http()
        .post(`/creches/${crecheId}/payments`)
        .set(manager.auth)
        .send({ familyId: parent.familyId, amount: '0', paidOn: '2027-04-10', method: 'BITCOIN' })
        .expect(400);
      expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['amount', 'method']);
    });

    it("lists each household's balance with the crèche, with its parents and children, for its managers only", async () => {
      const res = await t.http().get(`/creches/${crecheId}/balances`).set(manager.auth).expect(200);
      expect(res.body).toEqual([
        {
          familyId: parent.familyId,
          parents: ['Camille Nom'],
          children: ['Lou'],
          invoiced: '151.50',
          credited: '-15.00',
          paid: '100.00',
          balance: '36.50',
          overdue: '0.00',
          overdueSince: null,
        },
      ]);
      await t.http().get(`/creches/${crecheId}/balances`).set(otherManager.auth).expect(404);
      await t.http().get(`/creches/${crecheId}/balances`).set(parent.auth).expect(403);
      // A crèche that billed nobody has no balance to show.
      const empty = await crecheOf();
      await expect(
        t
          .http()
          .get(`/creches/${empty}/balances`)
          .set(manager.auth)
          .then((r) => r.body),
      ).resolves.toEqual([]);
    });

    it('gives the family its yearly certificate of childcare costs paid, as a PDF', async () => {
      at('2028-01-10T09:00:00Z');
      const path = `/families/${parent.familyId}/childcare-certificates/2027`;
      const res = await t
        .http()
        .get(path)
        .query({ crecheId })
        .set(parent.auth)
        .buffer(true)
        .parse((r, done) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      const text = pdfText(res.body as Buffer);
      expect(text).toContain('Attestation de frais de garde 2027');
      expect(text).toContain('Lou, né(e) le 10/02/2026 : 100,00 €');
      // The total paid in 2027, as the tax credit form asks it.
      expect(text).toContain('Total : 100,00 €');
      expect(await pdfTextOf(path, manager, { crecheId })).toContain('Total : 100,00 €');
      await t.http().get(path).query({ crecheId }).set(otherManager.auth).expect(404);
      const stranger = await createParentWithChild(t);
      await t.http().get(path).query({ crecheId }).set(stranger.auth).expect(404);
      const notOver = await t
        .http()
        .get(`/families/${parent.familyId}/childcare-certificates/2028`)
        .query({ crecheId })
        .set(parent.auth)
        .expect(400);
      expect(notOver.body.details[0].field).toBe('year');
    });

    it('tells each household that paid in 2027, once, in January, that its certificate is available', async () => {
      at('2028-01-15T07:00:00Z');
      const certificates = t.app.get(CertificatesService);
      // Only this household paid a crèche in 2027 (the others of this file were invoiced, never paid).
      expect(await certificates.announcePreviousYear()).toEqual({ households: 1, notices: 1 });
      expect(await certificates.announcePreviousYear()).toEqual({ households: 1, notices: 0 });
      const subject = 'Votre attestation de frais de garde 2027 est disponible';
      await smtp.waitFor(() => smtp.to(parent.email).some((m) => m.subject === subject));
      const [{ name }] = await t.dataSource.query(`SELECT name FROM creches WHERE id = $1`, [crecheId]);
      const notices = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM notices WHERE type = 'CHILDCARE_CERTIFICATE_AVAILABLE'`,
      );
      expect(notices[0].n).toBe(1);
      const mails = smtp.to(parent.email).filter((m) => m.subject === subject);
      expect(mails).toHaveLength(1);
      expect(mails[0].text).toContain(`payés en 2027`);
      expect(mails[0].text).toContain(name);
      expect(mails[0].text).toContain('/factures');
      // Nothing was paid in 2028 yet: next January's run for 2027 is over, and 2028's finds no one.
      at('2029-01-15T07:00:00Z');
      expect(await certificates.announcePreviousYear()).toEqual({ households: 0, notices: 0 });
    });

    it("exports the household's invoices, credit notes, payments, attendance and absences (GDPR)", async () => {
      at('2028-01-20T09:00:00Z');
      const [{ name }] = await t.dataSource.query(`SELECT name FROM creches WHERE id = $1`, [crecheId]);
      const res = await t.http().get(`/families/${parent.familyId}/export`).set(parent.auth).expect(200);
      expect(res.body.Factures).toHaveLength(1);
      const invoice = res.body.Factures[0];
      expect(invoice).toMatchObject({
        Numéro: '000001',
        'Mois facturé': '2027-03',
        Crèche: name,
        'Total (euros)': '151.50',
        'Heures du contrat': '120.00',
        'Heures déduites': '20.00',
        'Heures facturées': '101.00',
        'Minutes de présence': 7840,
        // The crèche had set no delay to pay nor terms: none is invented.
        'À régler au plus tard le': null,
        'Modalités de paiement': null,
      });
      expect(invoice['Émise le']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(invoice.Lignes[0]).toMatchObject({ Libellé: 'Mensualité', Enfant: 'Lou', 'Montant (euros)': '180.00' });
      expect(invoice.Lignes).toContainEqual(
        expect.objectContaining({
          Libellé: 'Déduction, maladie : le 11 mars 2027',
          'Montant (euros)': '-15.00',
          Du: '2027-03-11',
          Au: '2027-03-11',
        }),
      );
      expect(res.body.Avoirs).toEqual([
        expect.objectContaining({
          Numéro: '000002',
          'Facture corrigée': '000001',
          'Mois de la facture': '2027-03',
          'Total (euros)': '-15.00',
          Motif: 'Absence du 10 mars justifiée après coup',
        }),
      ]);
      expect(res.body.Paiements).toEqual([
        expect.objectContaining({
          Crèche: name,
          'Montant (euros)': '100.00',
          'Payé le': '2027-04-10',
          'Moyen de paiement': 'virement',
        }),
      ]);
      expect(res.body.Présences).toHaveLength(13);
      expect(res.body.Présences[0]).toEqual({
        Enfant: 'Lou',
        Crèche: name,
        Jour: '2027-03-01',
        Arrivée: '07:00',
        Départ: '17:00',
      });
      expect(res.body.Présences.find((p: { Jour: string }) => p.Jour === '2027-03-22')).toMatchObject({
        Départ: '17:20',
      });
      expect(res.body.Absences).toEqual([
        expect.objectContaining({ Motif: 'maladie', Du: '2027-03-08', Au: '2027-03-12', 'Justificatif remis': true }),
        expect.objectContaining({ Motif: 'hospitalisation', Du: '2027-03-17', Au: '2027-03-17' }),
      ]);
    });

    it('erasure deletes the absence certificates (files and references) and keeps the invoices, pseudonymised', async () => {
      const [{ id: absenceId }] = await t.dataSource.query(
        `SELECT id FROM absences WHERE child_id = $1 AND reason = 'ILLNESS'`,
        [parent.childId],
      );
      await t
        .http()
        .post(`/absences/${absenceId}/document`)
        .set(manager.auth)
        .attach('document', PDF, { filename: 'certificat.pdf', contentType: 'application/pdf' })
        .expect(200);
      const [{ document_key: key }] = await t.dataSource.query(`SELECT document_key FROM absences WHERE id = $1`, [
        absenceId,
      ]);
      expect(existsSync(join(documentsDir, key))).toBe(true);
      const before = await t.http().get(`/families/${parent.familyId}/export`).set(parent.auth).expect(200);
      expect(before.body.Absences[0]['Justificatif conservé par la crèche']).toBe(true);

      await t.http().post(`/families/${parent.familyId}/erase`).set(admin.auth).expect(204);

      expect(existsSync(join(documentsDir, key))).toBe(false);
      const absences = await t.dataSource.query(
        `SELECT reason, to_char(from_date, 'YYYY-MM-DD') AS from_date, certified, document_key, document_mime,
                document_size, document_sha256
           FROM absences WHERE child_id = $1 ORDER BY from_date`,
        [parent.childId],
      );
      // The reason, dates and "a proof was given" stay: the invoices' deductions rest on them.
      expect(absences).toEqual([
        {
          reason: 'ILLNESS',
          from_date: '2027-03-08',
          certified: true,
          document_key: null,
          document_mime: null,
          document_size: null,
          document_sha256: null,
        },
        expect.objectContaining({ reason: 'HOSPITALISATION', document_key: null }),
      ]);
      await t.http().get(`/absences/${absenceId}/document`).set(manager.auth).expect(404);
      // Invoices and credit notes are accounting records: unchanged, and naming nobody.
      const docs = await t.dataSource.query(
        `SELECT number, total::text AS total FROM invoices WHERE family_id = $1 ORDER BY number`,
        [parent.familyId],
      );
      expect(docs).toEqual([
        { number: 1, total: '151.50' },
        { number: 2, total: '-15.00' },
      ]);
      const pdf = await t
        .http()
        .get(`/invoices/${invoiceId}/pdf`)
        .set(manager.auth)
        .buffer(true)
        .parse((r, done) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      const text = pdfText(pdf.body as Buffer);
      expect(text).toContain('Total : 151,50 €');
      expect(text).toContain('Enfant : Effacé');
      expect(text).not.toContain('Lou');
    });
  });

  it('regularises the last invoice of a child who leaves early: reserved hours × rate − instalments billed', async () => {
    const crecheId = await crecheOf();
    const parent = await createParentWithChild(t);
    const contract = await contractFor(crecheId, parent.childId, { startDate: '2027-01-01', endDate: '2027-12-31' });
    // 2027: 208 Mondays–Thursdays − 6 public holidays = 202 days = 2 020 h over 12 months; × 1.50 ÷ 12 = 252.50 €.
    expect(contract.fee).toMatchObject({ monthlyFee: '252.50' });
    at('2027-03-10T10:00:00Z');
    await t.http().post(`/contracts/${contract.id}/end`).set(manager.auth).send({ endDate: '2027-03-17' }).expect(200);
    at('2027-04-02T08:00:00Z');
    for (const month of ['2027-01', '2027-02']) {
      const res = await issue(t, crecheId, month).expect(200);
      expect(res.body.issued[0].total).toBe('252.50');
    }
    const march = await issue(t, crecheId, '2027-03').expect(200);
    const detail = await t.http().get(`/invoices/${march.body.issued[0].id}`).set(parent.auth).expect(200);
    // 1 January → 17 March: 43 days × 10 h = 430 h × 1.50 = 645.00 − 3 × 252.50 = −112.50; 430 − 3 × 168.33 h = −75 h.
    const reg = detail.body.lines.find((l: { kind: string }) => l.kind === 'REGULARISATION');
    expect(reg).toMatchObject({ amount: '-112.50', hours: '-75.0000', from: '2027-01-01', to: '2027-03-17' });
    expect(detail.body.total).toBe('140.00');
    expect(detail.body.billedHours).toBe('93.33');
    at('2027-05-02T08:00:00Z');
    const april = await issue(t, crecheId, '2027-04').expect(200);
    expect(april.body.issued).toEqual([]);
  });

  it('holds a child leaving early to its share of the leave bound: leave put first is not all refunded', async () => {
    const crecheId = await crecheOf();
    const parent = await createParentWithChild(t);
    // A year's leave put first: Monday 4 January to Monday 8 March, 37 Mondays–Thursdays, 370 h (the bound: 10 weeks ×
    // 40 h × 365 ÷ 365 = 400 h). 202 days − 37 = 165 days, 1 650 h: 137.50 h and 206.25 € a month.
    const contract = await contractFor(crecheId, parent.childId, {
      startDate: '2027-01-01',
      endDate: '2027-12-31',
      leavePeriods: [{ from: '2027-01-04', to: '2027-03-08' }],
    });
    expect(contract.fee).toMatchObject({ monthlyFee: '206.25' });
    at('2027-03-10T10:00:00Z');
    await t.http().post(`/contracts/${contract.id}/end`).set(manager.auth).send({ endDate: '2027-03-31' }).expect(200);
    at('2027-04-02T08:00:00Z');
    for (const month of ['2027-01', '2027-02']) await issue(t, crecheId, month).expect(200);
    const march = await issue(t, crecheId, '2027-03').expect(200);
    const detail = await t.http().get(`/invoices/${march.body.issued[0].id}`).set(parent.auth).expect(200);
    // Up to 31 March (90 days): 50 days (Easter Monday out), 37 on leave, 13 reserved: 7 800 min. The share of the
    // bound: 10 × 2 400 min × 90 ÷ 365 = 5 917.8 min; 22 200 − 5 917.8 = 16 282 min beyond it, billed. 24 082 min
    // against 3 × 8 250: −668 min, −11.13 h × 1.50 = −16.70 € (without the bound: −282.50 h, −423.75 €).
    const reg = detail.body.lines.find((l: { kind: string }) => l.kind === 'REGULARISATION');
    expect(reg).toMatchObject({ amount: '-16.70', hours: '-11.1333', from: '2027-01-01', to: '2027-03-31' });
    expect(reg.label).toBe(
      'Régularisation de départ : 401,37 h réservées du 1er janvier 2027 au 31 mars 2027 (dont 271,37 h de congés au-delà des 10 semaines par an que la crèche accorde, au prorata du contrat), moins 3 mensualités',
    );
    expect(detail.body.total).toBe('189.55');
  });

  it("regularises at the leaving month's rate without re-pricing the months before, whatever order they are issued in", async () => {
    const crecheId = await crecheOf();
    const parent = await createParentWithChild(t);
    // 6 000 € a month: 3.71 €/h; from 1 April the floor (814.62 €): 0.50 €/h.
    const contract = await contractFor(crecheId, parent.childId, {
      startDate: '2027-01-01',
      endDate: '2027-12-31',
      feeInputs: { monthlyResources: '6000.00', dependentChildren: 1 },
    });
    expect(contract.fee).toMatchObject({ hourlyRate: '3.71', monthlyFee: '624.52' });
    at('2027-03-20T10:00:00Z');
    await t
      .http()
      .patch(`/contracts/${contract.id}/fee-inputs`)
      .set(manager.auth)
      .send({ monthlyResources: '814.62', dependentChildren: 1, effectiveFrom: '2027-04-01' })
      .expect(200);
    await t.app.get(ContractFeesService).applyPendingInputs(contract.id);
    at('2027-04-10T10:00:00Z');
    await t.http().post(`/contracts/${contract.id}/end`).set(manager.auth).send({ endDate: '2027-04-20' }).expect(200);
    // January, then the leaving month (April), then February and March: the months may be issued in any order.
    at('2027-05-02T08:00:00Z');
    const totals: Record<string, string> = {};
    for (const month of ['2027-01', '2027-04', '2027-02', '2027-03'])
      totals[month] = (await issue(t, crecheId, month).expect(200)).body.issued[0].total;
    // January to March stand as billed, at 3.71 €/h.
    expect([totals['2027-01'], totals['2027-02'], totals['2027-03']]).toEqual(['624.52', '624.52', '624.52']);
    const april = await t
      .http()
      .get(`/creches/${crecheId}/invoices`)
      .query({ month: '2027-04' })
      .set(manager.auth)
      .expect(200);
    const detail = await t.http().get(`/invoices/${april.body[0].id}`).set(parent.auth).expect(200);
    const reg = detail.body.lines.find((l: { kind: string }) => l.kind === 'REGULARISATION');
    // 610 h reserved up to 20 April, against 4 instalments of 168.33 h: −63.33 h at April's 0.50 €/h = −31.67 (priced
    // at 0.50 from January, it was −1 652.73).
    expect(reg).toMatchObject({ amount: '-31.67', hours: '-63.3333', from: '2027-01-01', to: '2027-04-20' });
    expect(totals['2027-04']).toBe('52.50');
  });

  it("refuses what an issued month would never bill: an end, a sibling's contract or a booking in a month already invoiced (409)", async () => {
    const crecheId = await crecheOf();
    const parent = await createParentWithChild(t);
    const siblingId = await addChild(t, parent, { firstName: 'Noa', birthDate: '2026-01-10' });
    const contract = await contractFor(crecheId, parent.childId, { startDate: '2027-01-04', endDate: '2027-12-17' });
    at('2027-04-02T08:00:00Z');
    for (const month of ['2027-01', '2027-02', '2027-03']) await issue(t, crecheId, month).expect(200);

    // Ended on 31 March, after March's invoice: its regularisation would never be billed.
    const end = await t
      .http()
      .post(`/contracts/${contract.id}/end`)
      .set(manager.auth)
      .send({ endDate: '2027-03-31' })
      .expect(409);
    expect(end.body).toMatchObject({ code: 'CONTRACT.MONTH_INVOICED', details: { months: ['2027-03'] } });
    expect(end.body.message).toContain('mars 2027');
    // The sibling's contract from 1 February, and a booking on 12 March: the household's February and March are
    // invoiced, they would never bill them.
    const late = await t
      .http()
      .post(`/creches/${crecheId}/contracts`)
      .set(manager.auth)
      .send({
        childId: siblingId,
        schedule: monThu,
        feeInputs: FEE_INPUTS,
        startDate: '2027-02-01',
        endDate: '2027-06-30',
      })
      .expect(409);
    expect(late.body).toMatchObject({ code: 'CONTRACT.MONTH_INVOICED', details: { months: ['2027-02', '2027-03'] } });
    const booking = await t
      .http()
      .post(`/creches/${crecheId}/bookings`)
      .set(manager.auth)
      .send({ childId: siblingId, date: '2027-03-12', from: '09:00', to: '12:00', kind: 'OCCASIONAL' })
      .expect(409);
    expect(booking.body.code).toBe('BOOKING.MONTH_INVOICED');
    const counts = await t.dataSource.query(
      `SELECT (SELECT count(*)::int FROM contracts WHERE child_id = $1) AS contracts,
              (SELECT count(*)::int FROM bookings WHERE child_id = $1) AS bookings`,
      [siblingId],
    );
    expect(counts).toEqual([{ contracts: 0, bookings: 0 }]);

    // From April, a month not yet invoiced, all three are taken, and April bills them.
    await t.http().post(`/contracts/${contract.id}/end`).set(manager.auth).send({ endDate: '2027-04-30' }).expect(200);
    await t
      .http()
      .post(`/creches/${crecheId}/contracts`)
      .set(manager.auth)
      .send({
        childId: siblingId,
        schedule: monThu,
        feeInputs: FEE_INPUTS,
        startDate: '2027-04-01',
        endDate: '2027-06-30',
      })
      .expect(201);
    await t
      .http()
      .post(`/creches/${crecheId}/bookings`)
      .set(manager.auth)
      .send({ childId: siblingId, date: '2027-04-16', from: '09:00', to: '12:00', kind: 'OCCASIONAL' })
      .expect(201);
    at('2027-05-02T08:00:00Z');
    const april = (await issue(t, crecheId, '2027-04').expect(200)).body.issued[0];
    const detail = await t.http().get(`/invoices/${april.id}`).set(parent.auth).expect(200);
    expect(detail.body.lines.map((l: { kind: string }) => l.kind).sort()).toEqual(
      ['INSTALMENT', 'INSTALMENT', 'OCCASIONAL', 'REGULARISATION'].sort(),
    );
  });

  it("holds a household's invoice while one of its children's contracts cannot be billed, then bills both children", async () => {
    const crecheId = await crecheOf();
    const parent = await createParentWithChild(t);
    const other = await createParentWithChild(t);
    const siblingId = await addChild(t, parent, { firstName: 'Noa', birthDate: '2026-01-10' });
    await contractFor(crecheId, parent.childId, { startDate: '2027-01-04', endDate: '2027-06-30' });
    const noa = await contractFor(crecheId, siblingId, { startDate: '2027-01-04', endDate: '2027-06-30' });
    await contractFor(crecheId, other.childId, { startDate: '2027-01-04', endDate: '2027-06-30' });
    // A contract signed before reserved hours were stored (#14 §1): January cannot bill it yet.
    await t.dataSource.query(`UPDATE contracts SET mensualisation = NULL WHERE id = $1`, [noa.id]);
    const invoicesOf = (familyId: string) =>
      t.dataSource.query(`SELECT id FROM invoices WHERE creche_id = $1 AND family_id = $2`, [crecheId, familyId]);

    at('2027-02-01T08:00:00Z');
    const first = await issue(t, crecheId, '2027-01').expect(200);
    // The other household is invoiced; this one waits, rather than being billed for Lou alone and never for Noa.
    expect(first.body.issued.map((i: { familyId: string }) => i.familyId)).toEqual([other.familyId]);
    expect(first.body.skipped).toEqual([
      {
        contractId: noa.id,
        familyId: parent.familyId,
        childId: siblingId,
        childFirstName: 'Noa',
        reason: 'NO_MENSUALISATION',
        householdInvoiced: false,
      },
    ]);
    expect(await invoicesOf(parent.familyId)).toEqual([]);
    // Facturation reads the same, whoever issued the month (the monthly job tells no one); a parent may not.
    const unbillable = () =>
      t.http().get(`/creches/${crecheId}/invoices/unbillable`).query({ month: '2027-01' }).set(manager.auth);
    expect((await unbillable().expect(200)).body).toEqual(first.body.skipped);
    await t
      .http()
      .get(`/creches/${crecheId}/invoices/unbillable`)
      .query({ month: '2027-01' })
      .set(parent.auth)
      .expect(403);
    await t
      .http()
      .get(`/creches/${crecheId}/invoices/unbillable`)
      .query({ month: 'janvier' })
      .set(manager.auth)
      .expect(400);

    // Once the contract has its reserved hours (the nightly fee job gives them), issuing again bills both children.
    expect(await t.app.get(ContractFeesService).mensualiseLegacyContracts()).toBeGreaterThanOrEqual(1);
    const second = await issue(t, crecheId, '2027-01').expect(200);
    expect(second.body).toMatchObject({ alreadyIssued: 1, skipped: [] });
    expect((await unbillable().expect(200)).body).toEqual([]);
    // A contract found unbillable once its household is invoiced (as households were before they waited): said so.
    await t.dataSource.query(`UPDATE contracts SET mensualisation = NULL WHERE id = $1`, [noa.id]);
    expect((await unbillable().expect(200)).body).toEqual([
      expect.objectContaining({ contractId: noa.id, householdInvoiced: true }),
    ]);
    expect(second.body.issued.map((i: { familyId: string }) => i.familyId)).toEqual([parent.familyId]);
    const detail = await t.http().get(`/invoices/${second.body.issued[0].id}`).set(parent.auth).expect(200);
    const instalments = detail.body.lines.filter((l: { kind: string }) => l.kind === 'INSTALMENT');
    expect(instalments.map((l: { childId: string }) => l.childId).sort()).toEqual([parent.childId, siblingId].sort());
  });
  it("lets a crèche's manager read a household it billed only for an occasional booking (no contract, no live application)", async () => {
    const crecheId = await crecheOf();
    const parent = await createParentWithChild(t);
    await t
      .http()
      .post(`/creches/${crecheId}/bookings`)
      .set(manager.auth)
      .send({ childId: parent.childId, date: '2028-03-10', from: '09:00', to: '12:00', kind: 'OCCASIONAL' })
      .expect(201);
    at('2028-04-04T08:00:00Z');
    const [issued] = (await issue(t, crecheId, '2028-03').expect(200)).body.issued;
    const seen = await t.http().get(`/families/${parent.familyId}/invoices`).set(manager.auth).expect(200);
    expect(seen.body.map((i: { id: string }) => i.id)).toEqual([issued.id]);
    await t.http().get(`/families/${parent.familyId}/balance`).set(manager.auth).expect(200);
    await t.http().get(`/families/${parent.familyId}/invoices`).set(otherManager.auth).expect(404);
  });

  it("refuses its parent's erasure while the household owes a balance, and erases it once paid", async () => {
    // 2034: no other test bills or pays that year (the January announcement counts the households that paid).
    const crecheId = await crecheOf();
    const parent = await createParentWithChild(t);
    at('2034-06-01T08:00:00Z');
    await t
      .http()
      .post(`/creches/${crecheId}/contracts`)
      .set(manager.auth)
      .send({
        childId: parent.childId,
        schedule: monThu,
        feeInputs: FEE_INPUTS,
        startDate: '2034-09-04',
        endDate: '2034-09-29',
      })
      .expect(201);
    at('2034-10-02T08:00:00Z');
    const [september] = (await issue(t, crecheId, '2034-09').expect(200)).body.issued;
    const owed = await t.http().post(`/families/${parent.familyId}/erase`).set(parent.auth).expect(409);
    expect(owed.body.code).toBe('PRIVACY.ERASURE_BLOCKED');
    expect(owed.body.message).toContain(`il reste ${september.total.replace('.', ',')} € à régler à`);
    expect(owed.body.details.blockers).toEqual([
      expect.objectContaining({ kind: 'BALANCE_OWED', crecheId, amount: september.total }),
    ]);
    // Nor does the payer vanish behind a second parent's account of their own making: each parent's own erasure
    // waits as the household's would, and the household keeps both.
    const other = await createUser(t, 'PARENT');
    await t.dataSource.query(`INSERT INTO family_members (family_id, user_id) VALUES ($1, $2)`, [
      parent.familyId,
      other.id,
    ]);
    for (const who of [parent, other]) {
      const leaving = await t.http().post(`/families/${parent.familyId}/erase`).set(who.auth).expect(409);
      expect(leaving.body.code).toBe('PRIVACY.ERASURE_BLOCKED');
      expect(leaving.body.message).toContain('Votre compte ne peut pas encore être effacé');
      expect(leaving.body.message).toContain(`il reste ${september.total.replace('.', ',')} € à régler à`);
    }
    const members = await t.dataSource.query(`SELECT 1 FROM family_members WHERE family_id = $1`, [parent.familyId]);
    expect(members).toHaveLength(2);
    await t
      .http()
      .post(`/creches/${crecheId}/payments`)
      .set(manager.auth)
      .send({ familyId: parent.familyId, amount: september.total, paidOn: '2034-10-02', method: 'TRANSFER' })
      .expect(201);
    // The payment cancelled while the erasure is checking the balance: the cancellation waits for the erasure's
    // lock on the household (then finds it erased), never commits a debt the erasure did not see.
    const [{ id: paymentId }] = await t.dataSource.query(`SELECT id FROM payments WHERE family_id = $1`, [
      parent.familyId,
    ]);
    const cancelled = await withHeldTransaction(t.dataSource, async (tx) => {
      await tx.query(`SELECT 1 FROM families WHERE id = $1 FOR UPDATE`, [parent.familyId]);
      const answer = t
        .http()
        .post(`/payments/${paymentId}/cancel`)
        .set(manager.auth)
        .send({ reason: 'Chèque rejeté' })
        .then((r) => r);
      await untilBlockedBy(t.dataSource, tx);
      await tx.commitTransaction();
      return answer;
    });
    expect(cancelled.status).toBe(200);
    await t.http().post(`/families/${parent.familyId}/erase`).set(parent.auth).expect(409);
    await t
      .http()
      .post(`/creches/${crecheId}/payments`)
      .set(manager.auth)
      .send({ familyId: parent.familyId, amount: september.total, paidOn: '2034-10-02', method: 'TRANSFER' })
      .expect(201);
    // Settled: each parent may go; the second one's request erases the household.
    await t.http().post(`/families/${parent.familyId}/erase`).set(parent.auth).expect(204);
    await t.http().post(`/families/${parent.familyId}/erase`).set(other.auth).expect(204);
    const [family] = await t.dataSource.query(`SELECT erased_at IS NOT NULL AS erased FROM families WHERE id = $1`, [
      parent.familyId,
    ]);
    expect(family.erased).toBe(true);
  });

  it('cancels a payment recorded by mistake: kept in the history with its reason, counted in no balance nor certificate', async () => {
    // 2031: a year no other test pays in (the certificates count the households that paid in a year).
    const crecheId = await crecheOf();
    const parent = await createParentWithChild(t);
    await contractFor(crecheId, parent.childId, { startDate: '2031-01-06', endDate: '2031-06-27' });
    at('2031-02-03T08:00:00Z');
    await issue(t, crecheId, '2031-01').expect(200);
    const pay = (amount: string) =>
      t
        .http()
        .post(`/creches/${crecheId}/payments`)
        .set(manager.auth)
        .send({ familyId: parent.familyId, amount, paidOn: '2031-02-03', method: 'CHEQUE' })
        .expect(201);
    const kept = (await pay('60.00')).body;
    const mistaken = (await pay('600.00')).body;
    const cancel = (id: string, who: TestUser, body: Record<string, unknown>) =>
      t.http().post(`/payments/${id}/cancel`).set(who.auth).send(body);
    // A reason is one line the household reads: not blank, no line break nor control character.
    for (const body of [{}, { reason: '   ' }, { reason: 'ligne 1\nligne 2' }, { reason: 'bip\u0007' }])
      expect((await cancel(mistaken.id, manager, body).expect(400)).body.details[0].field).toBe('reason');
    await cancel(mistaken.id, otherManager, { reason: 'Montant mal saisi' }).expect(404);
    await cancel(mistaken.id, parent, { reason: 'Montant mal saisi' }).expect(403);
    const cancelled = await cancel(mistaken.id, manager, { reason: '  Montant mal saisi : 60 €  ' }).expect(200);
    expect(cancelled.body).toMatchObject({
      id: mistaken.id,
      amount: '600.00',
      cancelledAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      cancelReason: 'Montant mal saisi : 60 €',
    });
    const again = await cancel(mistaken.id, manager, { reason: 'encore' }).expect(409);
    expect(again.body.code).toBe('PAYMENT.ALREADY_CANCELLED');
    // The household still reads it, cancelled; its balance counts the 60 € only.
    const listed = await t.http().get(`/families/${parent.familyId}/payments`).set(parent.auth).expect(200);
    expect(listed.body.map((p: { id: string; cancelReason: string | null }) => [p.id, p.cancelReason])).toEqual(
      expect.arrayContaining([
        [kept.id, null],
        [mistaken.id, 'Montant mal saisi : 60 €'],
      ]),
    );
    const balance = await t.http().get(`/families/${parent.familyId}/balance`).set(parent.auth).expect(200);
    expect(balance.body[0]).toMatchObject({ paid: '60.00' });
    const [event] = await t.dataSource.query(
      `SELECT actor_user_id, details FROM audit_events WHERE action = 'payment.cancelled' AND subject_id = $1`,
      [mistaken.id],
    );
    expect(event).toMatchObject({ actor_user_id: manager.id, details: { amount: '600.00', crecheId } });
    // A payment never changes otherwise, nor goes (database trigger).
    await expect(t.dataSource.query(`UPDATE payments SET amount = 1 WHERE id = $1`, [kept.id])).rejects.toThrow(
      /cannot be changed/,
    );
    await expect(t.dataSource.query(`DELETE FROM payments WHERE id = $1`, [mistaken.id])).rejects.toThrow(
      /cannot be changed/,
    );
    // The yearly certificate gives what was paid: 60 € (the cheque below not yet known to bounce).
    at('2031-12-20T09:00:00Z');
    const cheque = (
      await t
        .http()
        .post(`/creches/${crecheId}/payments`)
        .set(manager.auth)
        .send({ familyId: parent.familyId, amount: '100.00', paidOn: '2031-12-20', method: 'CHEQUE' })
        .expect(201)
    ).body;
    at('2032-01-15T09:00:00Z');
    const certificate = () =>
      pdfTextOf(`/families/${parent.familyId}/childcare-certificates/2031`, parent, { crecheId });
    const first = await certificate();
    expect(first).toContain('Total : 160,00 €');
    // A cancellation made within the year (the 600 €) corrects nothing a certificate said.
    expect(first).not.toContain('rectificative');
    // The December cheque bounces, found on 2 February: cancelled, it leaves the year's total, and the certificate says
    // it corrects any made before, so that the family corrects its tax return.
    at('2032-02-02T09:00:00Z');
    await cancel(cheque.id, manager, { reason: 'Chèque sans provision' }).expect(200);
    const corrected = (await certificate()).replace(/\s+/g, ' ');
    expect(corrected).toContain('Total : 60,00 €');
    expect(corrected).toMatch(
      /Attestation rectificative : elle remplace toute attestation 2031 de .+? établie jusqu'au 02\/02\/2032 inclus\./,
    );
    expect(corrected).toContain(
      "Le paiement du 20/12/2031 (100,00 €) a été annulé le 02/02/2032 : il n'est plus compté.",
    );
    // The household is told by e-mail (it may have declared its income with the certificate before); the in-year
    // cancellation told it nothing of the kind.
    const subject = 'Votre attestation de frais de garde 2031 a été rectifiée';
    await smtp.waitFor(() => smtp.to(parent.email).some((m) => m.subject === subject));
    const mails = smtp
      .to(parent.email)
      .filter((m) => m.subject.startsWith('Votre attestation de frais de garde 2031 a'));
    expect(mails).toHaveLength(1);
    expect(mails[0].text).toContain('a annulé un paiement de 2031 (100,00 €, du 20/12/2031)');
    expect(mails[0].text).toContain('Chèque sans provision');
  });

  it('says on each invoice when and how to pay, as the crèche set it on the day of issue (R8.13)', async () => {
    const crecheId = await crecheOf();
    const parent = await createParentWithChild(t);
    await contractFor(crecheId, parent.childId, { startDate: '2034-01-02', endDate: '2034-06-30' });
    const patch = (who: TestUser, body: Record<string, unknown>) =>
      t.http().patch(`/creches/${crecheId}`).set(who.auth).send(body);
    // The crèche's own manager sets them; bad values name their field; another crèche's manager cannot.
    for (const [body, field] of [
      [{ paymentDueDays: 61 }, 'paymentDueDays'],
      [{ paymentDueDays: 1.5 }, 'paymentDueDays'],
      [{ paymentTerms: 'Virement\nIBAN FR76' }, 'paymentTerms'],
      [{ paymentTerms: '  ' }, 'paymentTerms'],
      [{ paymentTerms: 'x'.repeat(501) }, 'paymentTerms'],
      [{ paymentTerms: '\u200b\u200b\u200b' }, 'paymentTerms'],
    ] as const) {
      const res = await patch(manager, body).expect(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toEqual([field]);
    }
    await patch(otherManager, { paymentDueDays: 0 }).expect(404);
    const terms = 'Prélèvement le 10 du mois, ou virement (IBAN FR76 3000 4000 0500 0000 1234 567) ; CESU acceptés';
    const set = await patch(manager, { paymentDueDays: 15, paymentTerms: `  ${terms} ` }).expect(200);
    expect(set.body).toMatchObject({ paymentDueDays: 15, paymentTerms: terms });

    at('2034-02-03T08:00:00Z');
    const [invoice] = (await issue(t, crecheId, '2034-01').expect(200)).body.issued;
    const issuedOn = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(invoice.issuedAt));
    const dueOn = new Date(Date.parse(`${issuedOn}T00:00:00Z`) + 15 * 86_400_000).toISOString().slice(0, 10);
    expect(invoice).toMatchObject({ dueOn, paymentTerms: terms });

    // A later change of the crèche's terms leaves the invoice as it was sent.
    await patch(manager, { paymentDueDays: 30, paymentTerms: 'Chèque à l’ordre du Trésor public' }).expect(200);
    const again = await t.http().get(`/invoices/${invoice.id}`).set(parent.auth).expect(200);
    expect(again.body).toMatchObject({ dueOn, paymentTerms: terms });
    const text = (await pdfTextOf(`/invoices/${invoice.id}/pdf`, parent)).replace(/\s+/g, ' ');
    expect(text).toContain(`À régler au plus tard le ${dueOn.split('-').reverse().join('/')}`);
    expect(text).toContain('Modalités de paiement : Prélèvement le 10 du mois');
    expect(text).not.toContain('Trésor public');

    const subject = 'Votre facture de janvier 2034 est disponible';
    await smtp.waitFor(() => smtp.to(parent.email).some((m) => m.subject === subject));
    const mail = smtp.to(parent.email).find((m) => m.subject === subject)!;
    expect(mail.text).toContain(`Modalités de paiement : ${terms}`);
    expect(mail.text).toMatch(/À régler\s*:?\s*au plus tard le \d{1,2}(er)? \p{L}+ 20\d\d/u);

    // Late once its due date has passed, as the family and the crèche read it (R8.14): the clock stands in 2034, the
    // invoice was issued today and is due in fifteen days.
    at(`${dueOn}T12:00:00Z`);
    const onDueDay = await t.http().get(`/families/${parent.familyId}/balance`).set(parent.auth).expect(200);
    expect(onDueDay.body[0]).toMatchObject({ balance: invoice.total, overdue: '0.00', overdueSince: null });
    const remind = (who: TestUser, familyId = parent.familyId) =>
      t.http().post(`/creches/${crecheId}/families/${familyId}/payment-reminders`).set(who.auth);
    // Nothing late yet: no reminder (R8.15).
    expect((await remind(manager).expect(409)).body.code).toBe('REMINDER.NOTHING_OVERDUE');
    const dayAfter = new Date(Date.parse(`${dueOn}T12:00:00Z`) + 86_400_000).toISOString();
    at(dayAfter);
    const late = await t.http().get(`/families/${parent.familyId}/balance`).set(parent.auth).expect(200);
    expect(late.body[0]).toMatchObject({ overdue: invoice.total, overdueSince: dueOn });
    await t
      .http()
      .post(`/creches/${crecheId}/payments`)
      .set(manager.auth)
      .send({ familyId: parent.familyId, amount: '10.00', paidOn: dayAfter.slice(0, 10), method: 'CESU' })
      .expect(201);
    const listed = await t.http().get(`/creches/${crecheId}/balances`).set(manager.auth).expect(200);
    const stillLate = new Dec(invoice.total).minus('10.00').toFixed(2);
    // The household's list says what is left of the invoice (R8.14).
    const list = await t.http().get(`/families/${parent.familyId}/invoices`).set(parent.auth).expect(200);
    expect(list.body).toEqual([expect.objectContaining({ id: invoice.id, unsettled: stillLate })]);
    expect(listed.body).toEqual([
      expect.objectContaining({ familyId: parent.familyId, overdue: stillLate, overdueSince: dueOn }),
    ]);

    // The manager reminds the household of it (R8.15): what is late as the balance says it, e-mailed once a day.
    await remind(otherManager).expect(404);
    await remind(parent).expect(403);
    const bad = await t
      .http()
      .post(`/creches/${crecheId}/families/nope/payment-reminders`)
      .set(manager.auth)
      .expect(400);
    expect(bad.body.details[0].field).toBe('familyId');
    const stranger = await createParentWithChild(t);
    await remind(manager, stranger.familyId).expect(404);
    const reminded = await remind(manager).expect(201);
    expect(reminded.body).toEqual({
      overdue: stillLate,
      overdueSince: dueOn,
      invoices: [{ number: invoice.number, month: '2034-01', unsettled: stillLate, dueOn, paymentTerms: terms }],
      recipients: 1,
    });
    const twice = await remind(manager).expect(409);
    expect(twice.body).toMatchObject({ code: 'REMINDER.ALREADY_SENT_TODAY', details: { on: dayAfter.slice(0, 10) } });
    const { name } = (await t.http().get(`/creches/${crecheId}`).set(manager.auth).expect(200)).body;
    const reminderSubject = `Rappel : ${stillLate.replace('.', ',')} € restent à régler ${atPlaceFr(name)}`;
    await smtp.waitFor(() => smtp.to(parent.email).some((m) => m.subject === reminderSubject));
    const reminders = smtp.to(parent.email).filter((m) => m.subject.startsWith('Rappel :'));
    expect(reminders).toHaveLength(1);
    expect(reminders[0].text).toContain(`Modalités de paiement : ${terms}`);
    expect(reminders[0].text).toMatch(
      new RegExp(
        `Facture n° ${String(invoice.number).padStart(6, '0')} \\(janvier 2034\\)\\s*:?\\s*reste ${stillLate.replace('.', ',')} € \\(échéance : ${frenchDate(dueOn)}\\)`,
      ),
    );
    // The next day, two managers at once: one reminder.
    at(new Date(Date.parse(dayAfter) + 86_400_000).toISOString());
    const together = await Promise.all([remind(manager), remind(admin)]);
    expect(together.map((r) => r.status).sort()).toEqual([201, 409]);
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'billing.payment_reminder_sent' AND subject_id = $1`,
      [parent.familyId],
    );
    expect(n).toBe(2);

    // The household's export (GDPR) gives them too.
    const exported = await t.http().get(`/families/${parent.familyId}/export`).set(parent.auth).expect(200);
    expect(exported.body.Factures).toEqual([
      expect.objectContaining({ 'À régler au plus tard le': dueOn, 'Modalités de paiement': terms }),
    ]);

    // A credit note is no bill to pay: no due date, no terms.
    const note = await t
      .http()
      .post(`/invoices/${invoice.id}/credit-notes`)
      .set(manager.auth)
      .send({ amount: '5.00', reason: 'Journée de fermeture non déduite' })
      .expect(201);
    expect(note.body).toMatchObject({ kind: 'CREDIT_NOTE', dueOn: null, paymentTerms: null });
  });

  it('counts a payment of a year that is over recorded late, says the certificate corrects earlier ones, and tells a household already told of it', async () => {
    // 2032: a year no other test pays in (the certificates count the households that paid in a year); the child is
    // under 6 on its 1 January.
    const crecheId = await crecheOf();
    const parent = await createParentWithChild(t);
    await contractFor(crecheId, parent.childId, { startDate: '2032-01-03', endDate: '2032-06-30' });
    at('2032-02-03T08:00:00Z');
    await issue(t, crecheId, '2032-01').expect(200);
    const pay = (amount: string, paidOn: string) =>
      t
        .http()
        .post(`/creches/${crecheId}/payments`)
        .set(manager.auth)
        .send({ familyId: parent.familyId, amount, paidOn, method: 'CHEQUE' })
        .expect(201);
    await pay('100.00', '2032-02-03');
    const certificate = async () =>
      (await pdfTextOf(`/families/${parent.familyId}/childcare-certificates/2032`, parent, { crecheId })).replace(
        /\s+/g,
        ' ',
      );
    at('2033-01-02T09:00:00Z');
    const first = await certificate();
    expect(first).toContain('Total : 100,00 €');
    expect(first).not.toContain('rectificative');
    // A cheque of 30 December, entered on 5 January: counted in 2032, and the certificate says it replaces one made
    // before (the one of 2 January left it out).
    at('2033-01-05T09:00:00Z');
    await pay('80.00', '2032-12-30');
    const second = await certificate();
    expect(second).toContain('Total : 180,00 €');
    expect(second).toMatch(
      /Attestation rectificative : elle remplace toute attestation 2032 de .+? établie jusqu'au 05\/01\/2033 inclus\./,
    );
    expect(second).toContain('Le paiement du 30/12/2032 (80,00 €) a été enregistré le 05/01/2033 : il est compté.');
    // Not announced yet: the January e-mail will tell the household of its certificate, this cheque counted.
    at('2033-01-15T08:00:00Z');
    expect(await t.app.get(CertificatesService).announcePreviousYear()).toEqual({ households: 1, notices: 1 });
    await smtp.waitFor(() =>
      smtp.to(parent.email).some((m) => m.subject === 'Votre attestation de frais de garde 2032 est disponible'),
    );
    // Another cheque of the year, entered in February, once the household was told: it is e-mailed that the
    // certificate changed. A payment of the new year changes no certificate that exists and tells nothing.
    at('2033-02-10T09:00:00Z');
    await pay('40.00', '2032-12-31');
    await pay('25.00', '2033-02-10');
    const third = await certificate();
    expect(third).toContain('Total : 220,00 €');
    expect(third).toMatch(/établie jusqu'au 10\/02\/2033 inclus\./);
    expect(third).toContain('Le paiement du 31/12/2032 (40,00 €) a été enregistré le 10/02/2033 : il est compté.');
    const subject = 'Votre attestation de frais de garde 2032 a été rectifiée';
    await smtp.waitFor(() => smtp.to(parent.email).some((m) => m.subject === subject));
    await new Promise((r) => setTimeout(r, 300));
    const mails = smtp.to(parent.email).filter((m) => m.subject === subject);
    expect(mails).toHaveLength(1);
    expect(mails[0].text.replace(/\s+/g, ' ')).toContain(
      'a enregistré le 10/02/2033 un paiement de 2032 (40,00 €, du 31/12/2032) : il compte désormais',
    );
  });

  it('two API instances issuing the same month at once create each invoice once, numbered without a gap', async () => {
    const crecheId = await crecheOf();
    const parents: TestParent[] = [];
    for (let i = 0; i < 6; i += 1) {
      const p = await createParentWithChild(t);
      await contractFor(crecheId, p.childId, { startDate: '2027-01-04', endDate: '2027-06-30' });
      parents.push(p);
    }
    at('2027-04-02T08:00:00Z');
    const results = await Promise.all([
      issue(t, crecheId, '2027-02'),
      issue(t2, crecheId, '2027-02'),
      issue(t, crecheId, '2027-02'),
      issue(t2, crecheId, '2027-02'),
    ]);
    for (const r of results) expect(r.status).toBe(200);
    expect(results.reduce((n, r) => n + r.body.issued.length, 0)).toBe(6);
    const rows = await t.dataSource.query(
      `SELECT number, family_id FROM invoices WHERE creche_id = $1 ORDER BY number`,
      [crecheId],
    );
    expect(rows.map((r: { number: number }) => r.number)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(new Set(rows.map((r: { family_id: string }) => r.family_id))).toEqual(
      new Set(parents.map((p) => p.familyId)),
    );
    // A rolled-back issue (here: a month refused) takes no number: the next one is 7.
    await issue(t2, crecheId, '2027-12').expect(400);
    const march = await issue(t2, crecheId, '2027-03').expect(200);
    expect(march.body.issued.map((i: { number: number }) => i.number)).toEqual([7, 8, 9, 10, 11, 12]);
  });

  it("the monthly job issues every crèche's previous month, idempotently", async () => {
    const crecheId = await crecheOf();
    const p = await createParentWithChild(t);
    await contractFor(crecheId, p.childId, { startDate: '2027-01-04', endDate: '2027-06-30' });
    at('2027-05-01T04:30:00Z');
    const invoicing = t.app.get(InvoicingService);
    expect(invoicing.previousMonth()).toBe('2027-04');
    await invoicing.issuePreviousMonthEverywhere();
    const rows = await t.dataSource.query(
      `SELECT to_char(month, 'YYYY-MM') AS month FROM invoices WHERE creche_id = $1`,
      [crecheId],
    );
    expect(rows).toEqual([{ month: '2027-04' }]);
    await invoicing.issuePreviousMonthEverywhere();
    const again = await t.dataSource.query(`SELECT count(*)::int AS n FROM invoices WHERE creche_id = $1`, [crecheId]);
    expect(again[0].n).toBe(1);
  });
  it('deducts a closure the crèche added after the contract was signed, from its first day, with no absence to record (R8.1)', async () => {
    const crecheId = await crecheOf();
    const parent = await createParentWithChild(t);
    const contract = await contractFor(crecheId, parent.childId, { startDate: '2027-03-01', endDate: '2027-04-30' });
    // A water leak closes the crèche on Wednesday 10 and Thursday 11 March, after the contract's hours were reserved.
    at('2027-03-10T06:00:00Z');
    await t
      .http()
      .patch(`/creches/${crecheId}`)
      .set(manager.auth)
      .send({ closures: [{ from: '2027-03-10', to: '2027-03-11', label: 'Dégât des eaux' }] })
      .expect(200);
    at('2027-04-02T08:00:00Z');
    const res = await issue(t, crecheId, '2027-03').expect(200);
    const instalment = contract.fee.monthlyFee as string;
    // 2 days × 10 h × 1.50 €/h.
    expect(res.body.issued[0]).toMatchObject({ deductedHours: '20.00', total: (Number(instalment) - 30).toFixed(2) });
    const detail = await t.http().get(`/invoices/${res.body.issued[0].id}`).set(parent.auth).expect(200);
    expect(detail.body.lines.map((l: Record<string, string>) => [l.kind, l.reason, l.from, l.to, l.amount])).toEqual([
      ['INSTALMENT', null, null, null, instalment],
      ['DEDUCTION', 'EXCEPTIONAL_CLOSURE', '2027-03-10', '2027-03-11', '-30.00'],
    ]);
    // The closures known when it was signed stay out of its reserved hours, and are never deducted: April's closure,
    // set before the next contract, is not on its invoice.
    const parent2 = await createParentWithChild(t);
    await t
      .http()
      .patch(`/creches/${crecheId}`)
      .set(manager.auth)
      .send({
        closures: [
          { from: '2027-03-10', to: '2027-03-11', label: 'Dégât des eaux' },
          { from: '2027-04-12', to: '2027-04-16', label: 'Printemps' },
        ],
      })
      .expect(200);
    await contractFor(crecheId, parent2.childId, { startDate: '2027-04-01', endDate: '2027-05-31' });
    at('2027-05-03T08:00:00Z');
    const april = await issue(t, crecheId, '2027-04').expect(200);
    const second = april.body.issued.find((i: Record<string, string>) => i.familyId === parent2.familyId);
    expect(second).toMatchObject({ deductedHours: '0.00' });
    // The first child's April: the spring closure came after its contract too, 4 days (Monday 12 to Thursday 15).
    const first = april.body.issued.find((i: Record<string, string>) => i.familyId === parent.familyId);
    expect(first).toMatchObject({ deductedHours: '40.00' });

    // April is invoiced: a closure added there, or one taken off, would change what its invoices deduct (409, a
    // credit note corrects them); May is not invoiced yet, and a new label moves no day.
    const closures = (...more: { from: string; to: string; label: string }[]) =>
      t
        .http()
        .patch(`/creches/${crecheId}`)
        .set(manager.auth)
        .send({
          closures: [
            { from: '2027-03-10', to: '2027-03-11', label: 'Dégât des eaux' },
            { from: '2027-04-12', to: '2027-04-16', label: 'Printemps' },
            ...more,
          ],
        });
    for (const res of [
      await closures({ from: '2027-04-26', to: '2027-04-26', label: 'Panne de chauffage' }),
      await t
        .http()
        .patch(`/creches/${crecheId}`)
        .set(manager.auth)
        .send({ closures: [{ from: '2027-03-10', to: '2027-03-11', label: 'Dégât des eaux' }] }),
    ]) {
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'CRECHE.MONTH_INVOICED', details: { months: ['2027-04'] } });
    }
    await closures({ from: '2027-05-10', to: '2027-05-10', label: 'Pont' }).expect(200);
    await t
      .http()
      .patch(`/creches/${crecheId}`)
      .set(manager.auth)
      .send({
        closures: [
          { from: '2027-03-10', to: '2027-03-11', label: 'Inondation' },
          { from: '2027-04-12', to: '2027-04-16', label: 'Printemps' },
          { from: '2027-05-10', to: '2027-05-10', label: 'Pont' },
        ],
      })
      .expect(200);
  });

  it("certifies a year's payments that settle the year before's invoices for the child they billed: one who left in December (R8.10)", async () => {
    // 2029–2030: years no other test pays in. Lou leaves on 31 December, its December invoice paid in January; its
    // brother Noé starts in January, billed alone in 2030.
    const crecheId = await crecheOf();
    const parent = await createParentWithChild(t);
    // Noé is declared once born (a birth date is never in the future).
    at('2028-06-01T08:00:00Z');
    const noeId = await addChild(t, parent, { firstName: 'Noé', birthDate: '2028-05-02' });
    await contractFor(crecheId, parent.childId, { startDate: '2029-11-01', endDate: '2029-12-31' });
    await contractFor(crecheId, noeId, { startDate: '2030-01-07', endDate: '2030-03-29' });
    const totalOf = async (month: string) => {
      const res = await issue(t, crecheId, month).expect(200);
      return res.body.issued.find((i: { familyId: string }) => i.familyId === parent.familyId).total as string;
    };
    at('2029-12-02T08:00:00Z');
    const november = await totalOf('2029-11');
    at('2030-01-02T08:00:00Z');
    const december = await totalOf('2029-12');
    at('2030-02-02T08:00:00Z');
    const january = await totalOf('2030-01');
    const pay = (amount: string, paidOn: string) =>
      t
        .http()
        .post(`/creches/${crecheId}/payments`)
        .set(manager.auth)
        .send({ familyId: parent.familyId, amount, paidOn, method: 'TRANSFER' })
        .expect(201);
    await pay(november, '2029-12-05');
    await pay(december, '2030-01-10');
    await pay(january, '2030-02-02');
    at('2031-01-15T07:00:00Z');
    const text = await pdfTextOf(`/families/${parent.familyId}/childcare-certificates/2030`, parent, { crecheId });
    const euros = (amount: string) => `${amount.replace('.', ',')} €`;
    expect(text).toContain(`Total : ${euros((Number(december) + Number(january)).toFixed(2))}`);
    // Each child for what the payments settled of its own invoices.
    expect(text).toContain(`Lou, né(e) le 10/02/2026 : ${euros(december)}`);
    expect(text).toContain(`Noé, né(e) le 02/05/2028 : ${euros(january)}`);
    // Announced in January with the others, and listed among the household's certificates.
    expect(await t.app.get(CertificatesService).announcePreviousYear()).toEqual({ households: 1, notices: 1 });
    // A year with neither an invoice nor a payment has no certificate.
    await t
      .http()
      .get(`/families/${parent.familyId}/childcare-certificates/2028`)
      .query({ crecheId })
      .set(parent.auth)
      .expect(404);
    // Nor does a year whose only payment is an advance, the household owing nothing and billed nothing that year:
    // the care it pays for is not billed yet.
    await pay('50.00', '2031-01-10');
    at('2032-01-05T07:00:00Z');
    await t
      .http()
      .get(`/families/${parent.familyId}/childcare-certificates/2031`)
      .query({ crecheId })
      .set(parent.auth)
      .expect(404);
  });

  it("gives a credit note in hours to the child it names: never below the child's net, in the year's certificate and FILOUÉ (R8.16)", async () => {
    const crecheId = await crecheOf({ cafNumber: '88123456', afcFileNumber: '2029-00001' });
    const parent = await createParentWithChild(t, { cafNumber: '1234567', postalCode: '88700' });
    at('2028-06-01T08:00:00Z');
    const noeId = await addChild(t, parent, { firstName: 'Noé', birthDate: '2028-05-02' });
    await contractFor(crecheId, parent.childId, { startDate: '2029-03-01', endDate: '2029-03-31' });
    await contractFor(crecheId, noeId, { startDate: '2029-03-01', endDate: '2029-03-31' });
    at('2029-04-02T08:00:00Z');
    const invoice = (await issue(t, crecheId, '2029-03').expect(200)).body.issued.find(
      (i: { familyId: string }) => i.familyId === parent.familyId,
    );
    const lines = (await t.http().get(`/invoices/${invoice.id}`).set(manager.auth).expect(200)).body.lines as {
      position: number;
      kind: string;
      childId: string;
      childFirstName: string;
      hours: string;
      amount: string;
    }[];
    const lou = lines.find((l) => l.kind === 'INSTALMENT' && l.childId === parent.childId)!;
    expect(lou.childFirstName).toBe('Lou');
    // Every hour of Lou's instalment (to the hundredth), in two credit notes; not one hundredth more.
    const all = (Math.floor(Number(lou.hours) * 100) / 100).toFixed(2);
    const half = (Math.floor(Number(lou.hours) * 50) / 100).toFixed(2);
    const credit = (hours: string) =>
      t
        .http()
        .post(`/invoices/${invoice.id}/credit-notes`)
        .set(manager.auth)
        .send({ hours: [{ position: lou.position, hours }], reason: 'Lou hospitalisée tout le mois' });
    await credit(half).expect(201);
    await credit((Number(all) - Number(half)).toFixed(2)).expect(201);
    await credit('0.01')
      .expect(400)
      .expect((r) => expect(r.body.details[0].field).toBe('hours[0].hours'));
    // The euros the two notes took off are Lou's instalment, to the cent (priced once over the hours).
    const notes = (
      await t.http().get(`/creches/${crecheId}/invoices`).query({ month: '2029-03' }).set(manager.auth).expect(200)
    ).body.filter((d: { kind: string }) => d.kind === 'CREDIT_NOTE');
    const credited = notes.reduce((sum: number, n: { total: string }) => sum - Math.round(Number(n.total) * 100), 0);
    expect(Math.abs(credited - Math.round(Number(lou.amount) * 100))).toBeLessThanOrEqual(1);
    // A credit note in euros then lowers Noé's total only: Lou has nothing left on the invoice.
    await t
      .http()
      .post(`/invoices/${invoice.id}/credit-notes`)
      .set(manager.auth)
      .send({ amount: '1.00', reason: 'Geste commercial' })
      .expect(201);
    at('2030-01-15T07:00:00Z');
    const filoue = (
      await t.http().get(`/creches/${crecheId}/caf-reports/filoue`).query({ year: 2029 }).set(manager.auth).expect(200)
    ).body.lines as { childFirstName: string; hoursBilled: string; totalBilled: string }[];
    const noeLine = lines
      .filter((l) => l.childId === noeId)
      .reduce((sum, l) => sum + Math.round(Number(l.amount) * 100), 0);
    const louLeft = Math.round(Number(lou.amount) * 100) - credited;
    expect(filoue.find((l) => l.childFirstName === 'Lou')).toMatchObject({ totalBilled: (louLeft / 100).toFixed(2) });
    expect(filoue.find((l) => l.childFirstName === 'Noé')).toMatchObject({
      totalBilled: ((noeLine - 100) / 100).toFixed(2),
    });
    // The household pays what is left: the year's certificate gives it to Noé (and Lou its cent of rounding, if any).
    const due = ((Math.round(Number(invoice.total) * 100) - credited - 100) / 100).toFixed(2);
    await t
      .http()
      .post(`/creches/${crecheId}/payments`)
      .set(manager.auth)
      .send({ familyId: parent.familyId, amount: due, paidOn: '2029-04-10', method: 'TRANSFER' })
      .expect(201);
    const text = await pdfTextOf(`/families/${parent.familyId}/childcare-certificates/2029`, parent, { crecheId });
    expect(text).toContain(`Total : ${due.replace('.', ',')} €`);
    expect(text).toMatch(
      new RegExp(
        `Noé, né\\(e\\) le 02/05/2028 : ${((Number(due) * 100 - louLeft) / 100).toFixed(2).replace('.', ',')} €`,
      ),
    );
  });

  it("rates a booking made ahead of a new scale version under it, from the contract's inputs, before the nightly job has computed the contract again (R4.12)", async () => {
    // A version from 1 January 2038 (no other test bills that far; deleted once read): 0.0700 % for one child.
    const scale = await t
      .http()
      .post('/fee-scales')
      .set(admin.auth)
      .send({
        effectiveFrom: '2038-01-01',
        floor: '900.00',
        ceiling: '9000.00',
        tables: {
          collective: [1, 2, 3, 4, 8].map((fromChildren, i) => ({
            fromChildren,
            rate: ['0.0700', '0.0516', '0.0413', '0.0310', '0.0206'][i],
          })),
          familial: [1, 2, 3, 6].map((fromChildren, i) => ({
            fromChildren,
            rate: ['0.0516', '0.0413', '0.0310', '0.0206'][i],
          })),
        },
        microCrecheTable: 'collective',
        provenance: 'Test version, not a real circular',
        verified: false,
      })
      .expect(201);
    try {
      const crecheId = await crecheOf();
      const parent = await createParentWithChild(t);
      const contract = await contractFor(crecheId, parent.childId, { startDate: '2037-11-02', endDate: '2038-02-25' });
      const bookFriday = async (date: string) =>
        (
          await t
            .http()
            .post(`/creches/${crecheId}/bookings`)
            .set(manager.auth)
            .send({ childId: parent.childId, date, from: '09:00', to: '12:00', kind: 'OCCASIONAL' })
            .expect(201)
        ).body.fee;
      // In December, the contract's stored rate (2423.26 × 0.0619 % = 1.50 €/h under the seed scale; other test files
      // may leave a later version of their own on this database, under which the contract was then computed).
      const stored = contract.fee.hourlyRate as string;
      const december = await bookFriday('2037-12-11');
      expect(december).toMatchObject({ hourlyRate: stored, amount: (3 * Number(stored)).toFixed(2) });
      expect(december.trace[0].inputs).not.toHaveProperty('scaleId');
      // In January, before the job has stored the contract's fee under the new version: its inputs under it,
      // 2423.26 × 0.0700 % = 1.696… → 1.70 €/h (the household's own figures, none declared, would pay the floor).
      const january = await bookFriday('2038-01-08');
      expect(january).toMatchObject({ hourlyRate: '1.70', amount: '5.10' });
      expect(january.trace[0]).toMatchObject({
        step: 'CONTRACT_RATE',
        inputs: { contractId: contract.id, scaleId: scale.body.id },
        value: '1.70',
      });
      expect(january.trace.map((s: { step: string }) => s.step)).toContain('EFFORT_RATE');
      // The version a booking's fee cites is no longer edited nor deleted: what the booking says of it stays true.
      expect((await t.http().get(`/fee-scales/${scale.body.id}`).expect(200)).body.inUse).toBe(true);
      const edit = await t
        .http()
        .patch(`/fee-scales/${scale.body.id}`)
        .set(admin.auth)
        .send({ floor: '950.00' })
        .expect(409);
      expect(edit.body.code).toBe('FEE_SCALE.IN_USE');
      await t.http().delete(`/fee-scales/${scale.body.id}`).set(admin.auth).expect(409);
      // The database refuses it too, whoever asks.
      await expect(t.dataSource.query(`DELETE FROM fee_scales WHERE id = $1`, [scale.body.id])).rejects.toThrow(
        'is used by stored computations or bookings',
      );

      // A booking citing the version, written but not committed yet when the admin deletes it: the deletion waits
      // for it, then is refused.
      const [{ id: bookingId }] = await t.dataSource.query(`SELECT id FROM bookings WHERE scale_id = $1`, [
        scale.body.id,
      ]);
      await t.dataSource.query(`UPDATE bookings SET scale_id = NULL WHERE id = $1`, [bookingId]);
      const deletion = await withHeldTransaction(t.dataSource, async (writing) => {
        await writing.query(`UPDATE bookings SET scale_id = $1 WHERE id = $2`, [scale.body.id, bookingId]);
        const deleting = t
          .http()
          .delete(`/fee-scales/${scale.body.id}`)
          .set(admin.auth)
          .then((r) => r);
        await untilWaitingOnLocks(t.dataSource);
        await writing.commitTransaction();
        return deleting;
      });
      expect(deletion.status).toBe(409);
    } finally {
      // Other test files compute fees after 2038 on this database: the version must not outlive this test.
      await t.dataSource.query(`UPDATE bookings SET scale_id = NULL WHERE scale_id = $1`, [scale.body.id]);
      await t.http().delete(`/fee-scales/${scale.body.id}`).set(admin.auth).expect(204);
    }
  });

  it("refuses a contract over the child's booking inside its hours, as a booking inside a contract's is refused", async () => {
    const crecheId = await crecheOf();
    const parent = await createParentWithChild(t);
    at('2026-12-15T10:00:00Z');
    const book = (date: string, from: string, to: string) =>
      t
        .http()
        .post(`/creches/${crecheId}/bookings`)
        .set(manager.auth)
        .send({ childId: parent.childId, date, from, to, kind: 'OCCASIONAL' })
        .expect(201)
        .then((r) => r.body as { id: string });
    // Booked before any contract: Tuesday 12 January 09:00-12:00, and that evening 17:30-18:30 (after 17:00).
    const morning = await book('2027-01-12', '09:00', '12:00');
    await book('2027-01-12', '17:30', '18:30');
    // On the family's leave (15-19 February) the contract bills nothing: a booking then is occasional care.
    await book('2027-02-16', '09:00', '12:00');
    const sign = () =>
      t
        .http()
        .post(`/creches/${crecheId}/contracts`)
        .set(manager.auth)
        .send({
          childId: parent.childId,
          schedule: monThu,
          feeInputs: FEE_INPUTS,
          startDate: '2027-01-04',
          endDate: '2027-06-30',
          leavePeriods: [{ from: '2027-02-15', to: '2027-02-19' }],
        });
    const refused = await sign().expect(409);
    expect(refused.body).toMatchObject({
      code: 'CONTRACT.OVERLAPS_BOOKING',
      details: { bookings: [{ id: morning.id, date: '2027-01-12', from: '09:00', to: '12:00' }] },
    });
    expect(refused.body.message).toContain('le 12/01/2027 de 09:00 à 12:00');
    const contracts = await t.dataSource.query(`SELECT 1 FROM contracts WHERE child_id = $1`, [parent.childId]);
    expect(contracts).toHaveLength(0);
    // The morning's booking cancelled, the contract is signed beside the evening's and the leave's.
    await t.http().delete(`/bookings/${morning.id}`).set(manager.auth).expect(204);
    await sign().expect(201);
  });

  it('never lets a contract and a booking in its hours both in when they are asked at the same moment', async () => {
    const crecheId = await crecheOf();
    const parent = await createParentWithChild(t);
    at('2026-12-15T10:00:00Z');
    // The child's row held: the contract asked first waits on it, then the booking behind it. Before, the booking
    // read the child's contracts before waiting, found none, and both were written: the hours billed twice.
    const [contract, booking] = await withHeldTransaction(t.dataSource, async (tx) => {
      await tx.query(`SELECT 1 FROM children WHERE id = $1 FOR UPDATE`, [parent.childId]);
      const signed = t
        .http()
        .post(`/creches/${crecheId}/contracts`)
        .set(manager.auth)
        .send({
          childId: parent.childId,
          schedule: monThu,
          feeInputs: FEE_INPUTS,
          startDate: '2027-01-04',
          endDate: '2027-06-30',
        })
        .then((r) => r);
      await untilWaitingOnLocks(t.dataSource, 1);
      const booked = t
        .http()
        .post(`/creches/${crecheId}/bookings`)
        .set(manager.auth)
        .send({ childId: parent.childId, date: '2027-01-12', from: '09:00', to: '12:00', kind: 'OCCASIONAL' })
        .then((r) => r);
      await untilWaitingOnLocks(t.dataSource, 2);
      await tx.commitTransaction();
      return Promise.all([signed, booked]);
    });
    expect(contract.status).toBe(201);
    expect(booking.status).toBe(409);
    expect(booking.body.code).toBe('BOOKING.WITHIN_CONTRACT');
    const live = await t.dataSource.query(`SELECT 1 FROM bookings WHERE child_id = $1 AND cancelled_at IS NULL`, [
      parent.childId,
    ]);
    expect(live).toHaveLength(0);
  });

  it("refuses a booking inside the child's contract hours, bills a booked child's stay past its booking, waits for fees being computed", async () => {
    const crecheId = await crecheOf();
    const parent = await createParentWithChild(t);
    const contract = await contractFor(crecheId, parent.childId, { startDate: '2027-01-04', endDate: '2027-06-30' });
    const book = (childId: string, date: string, from: string, to: string) =>
      t
        .http()
        .post(`/creches/${crecheId}/bookings`)
        .set(manager.auth)
        .send({ childId, date, from, to, kind: 'OCCASIONAL' });
    // Tuesday 9 March, within its Monday-Thursday 07:00-17:00: hours its instalment bills already (they would be
    // paid twice, and take a second place).
    const inside = await book(parent.childId, '2027-03-09', '09:00', '12:00').expect(409);
    expect(inside.body).toMatchObject({
      code: 'BOOKING.WITHIN_CONTRACT',
      details: { contractSlot: { from: '07:00', to: '17:00' } },
    });
    await book(parent.childId, '2027-03-09', '16:30', '18:00').expect(409);
    // Right after the contract's hours: occasional care.
    await book(parent.childId, '2027-03-09', '17:00', '18:00').expect(201);
    // No scale version prices a day of 2001: refused, where it was written with no fee and never billed.
    const unpriced = await book(parent.childId, '2001-12-03', '09:00', '10:00').expect(422);
    expect(unpriced.body.code).toBe('FEE.NO_SCALE');

    // A child with no contract, booked 09:00-09:30 on Friday 12 March, there from 07:00 to 19:00.
    const other = await createParentWithChild(t);
    const booked = (await book(other.childId, '2027-03-12', '09:00', '09:30').expect(201)).body;
    const rate = booked.fee.hourlyRate as string;
    await attendsToday(crecheId, other.childId, '2027-03-12', ['07:00', '19:00']);

    // A fee of the month still being computed (a declaration validated a moment ago): the issue waits for it.
    at('2027-04-02T08:00:00Z');
    await t.dataSource.query(`UPDATE contracts SET fee_pending_from = '2027-03-01' WHERE id = $1`, [contract.id]);
    const pending = await issue(t, crecheId, '2027-03').expect(409);
    expect(pending.body).toMatchObject({ code: 'INVOICE.FEES_PENDING', details: { contractIds: [contract.id] } });
    await t.dataSource.query(`UPDATE contracts SET fee_pending_from = NULL WHERE id = $1`, [contract.id]);

    const res = await issue(t, crecheId, '2027-03').expect(200);
    const invoice = res.body.issued.find((i: { familyId: string }) => i.familyId === other.familyId);
    const detail = await t.http().get(`/invoices/${invoice.id}`).set(other.auth).expect(200);
    // 11 h 30 more than booked, at the booking's rate: billed, where it was not before.
    expect(detail.body.lines.map((l: Record<string, string>) => [l.kind, l.hours, l.hourlyRate, l.amount])).toEqual([
      ['OCCASIONAL', '0.5000', rate, booked.fee.amount],
      ['EXTRA_HOURS', '11.5000', rate, (Math.round(11.5 * Number(rate) * 100) / 100).toFixed(2)],
    ]);
    expect(detail.body.lines[1].label).toContain(
      "Dépassement de l'accueil réservé du 12 mars 2027 (11,50 h de présence en plus",
    );
    expect(invoice).toMatchObject({ occasionalHours: '0.50', extraHours: '11.50', attendedMinutes: 720 });

    // One payment is at most 99 999.99 €: a typo of a few digits more is refused, naming the field.
    const typo = await t
      .http()
      .post(`/creches/${crecheId}/payments`)
      .set(manager.auth)
      .send({ familyId: other.familyId, amount: '999999999.99', paidOn: '2027-04-02', method: 'TRANSFER' })
      .expect(400);
    expect(typo.body.details.map((d: { field: string }) => d.field)).toEqual(['amount']);
  });

  it("books, as occasional care, a contract's day the crèche reopened after the contract was signed", async () => {
    // Closed 15-19 February when the contract was signed: its reserved hours left that week out.
    const crecheId = await crecheOf({ closures: [{ from: '2027-02-15', to: '2027-02-19', label: 'Hiver' }] });
    const parent = await createParentWithChild(t);
    await contractFor(crecheId, parent.childId, { startDate: '2027-01-04', endDate: '2027-06-30' });
    await t.http().patch(`/creches/${crecheId}`).set(manager.auth).send({ closures: [] }).expect(200);
    // Reopened, Tuesday 16 February is no day of the instalment: booked, not refused as inside the contract.
    const booked = await t
      .http()
      .post(`/creches/${crecheId}/bookings`)
      .set(manager.auth)
      .send({ childId: parent.childId, date: '2027-02-16', from: '09:00', to: '12:00', kind: 'OCCASIONAL' })
      .expect(201);
    expect(booked.body.fee).toMatchObject({ billedHours: '3.00' });
    // A day its hours were reserved on still is.
    await t
      .http()
      .post(`/creches/${crecheId}/bookings`)
      .set(manager.auth)
      .send({ childId: parent.childId, date: '2027-02-23', from: '09:00', to: '12:00', kind: 'OCCASIONAL' })
      .expect(409);
  });

  it('invoices occasional care on its own line, by its hours, in the total (R8.3)', async () => {
    const crecheId = await crecheOf();
    const parent = await createParentWithChild(t);
    const contract = await contractFor(crecheId, parent.childId, { startDate: '2027-01-04', endDate: '2027-06-30' });
    // Friday 12 March, a day outside the contract: 3 h 05 of occasional care, billed by started half-hours (3.5 h).
    const booking = await t
      .http()
      .post(`/creches/${crecheId}/bookings`)
      .set(manager.auth)
      .send({ childId: parent.childId, date: '2027-03-12', from: '09:00', to: '12:05', kind: 'OCCASIONAL' })
      .expect(201);
    // The child is under contract that day: its contract's rate, 1.50 €/h (DOMAIN.md §4, R4.12), though the household
    // itself has declared no situation (it would pay the floor's 0.50 €/h); 3.5 h × 1.50 = 5.25 €.
    expect(booking.body.fee).toMatchObject({ hourlyRate: '1.50', billedHours: '3.50', amount: '5.25' });
    expect(booking.body.fee.trace[0]).toMatchObject({
      step: 'CONTRACT_RATE',
      inputs: { contractId: contract.id },
      value: '1.50',
    });
    await attendsToday(crecheId, parent.childId, '2027-03-12', ['09:00', '12:05']);
    at('2027-04-02T08:00:00Z');
    const res = await issue(t, crecheId, '2027-03').expect(200);
    expect(res.body.issued).toHaveLength(1);
    const instalment = contract.fee.monthlyFee as string;
    const total = (Number(instalment) + 5.25).toFixed(2);
    expect(res.body.issued[0]).toMatchObject({
      occasionalHours: '3.50',
      extraHours: '0.00',
      deductedHours: '0.00',
      attendedMinutes: 185,
      total,
    });
    const detail = await t.http().get(`/invoices/${res.body.issued[0].id}`).set(parent.auth).expect(200);
    expect(detail.body.lines.map((l: Record<string, string>) => [l.kind, l.from, l.hours, l.amount])).toEqual([
      ['INSTALMENT', null, expect.any(String), instalment],
      ['OCCASIONAL', '2027-03-12', '3.5000', '5.25'],
    ]);
    expect(detail.body.lines[1]).toMatchObject({ hourlyRate: '1.50' });
    expect(Number(detail.body.billedHours)).toBeCloseTo(Number(detail.body.contractHours) + 3.5, 2);

    // March is invoiced: what it billed no longer changes (R8.8, R8.9): not the booking, nor the pointage of its days.
    const refused = async (req: Promise<{ status: number; body: { code: string } }>, code: string) => {
      const res = await req;
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 409, code });
    };
    await refused(t.http().delete(`/bookings/${booking.body.id}`).set(manager.auth), 'BOOKING.MONTH_INVOICED');
    const day = await t
      .http()
      .get(`/creches/${crecheId}/attendance`)
      .query({ date: '2027-03-12' })
      .set(manager.auth)
      .expect(200);
    const record = day.body.children.find((c: { childId: string }) => c.childId === parent.childId).actual;
    await refused(
      t.http().patch(`/attendance/${record.id}`).set(manager.auth).send({ arrivedAt: '08:00', leftAt: '12:05' }),
      'ATTENDANCE.INVOICED',
    );
    // Monday 15 March, a contract day with no pointage: entered afterwards, it would be extra hours never billed.
    const monday = { childId: parent.childId, date: '2027-03-15', time: '06:00' };
    await refused(
      t.http().post(`/creches/${crecheId}/attendance/check-in`).set(manager.auth).send(monday),
      'ATTENDANCE.INVOICED',
    );
    await refused(
      t
        .http()
        .post(`/creches/${crecheId}/attendance/day/check-in`)
        .set(manager.auth)
        .send({ date: '2027-03-15', time: '06:00' }),
      'ATTENDANCE.INVOICED',
    );
    // April is not invoiced: its days are entered as before.
    await t
      .http()
      .post(`/creches/${crecheId}/attendance/check-in`)
      .set(manager.auth)
      .send({ ...monday, date: '2027-04-01' })
      .expect(201);
  });

  it("bills extra hours by the crèche's billing unit (15 minutes here), end to end (R8.2)", async () => {
    const crecheId = await crecheOf({ billingUnitMinutes: 15 });
    const parent = await createParentWithChild(t);
    const contract = await contractFor(crecheId, parent.childId, { startDate: '2027-01-04', endDate: '2027-06-30' });
    expect(contract.fee).toMatchObject({ hourlyRate: '1.50' });
    at('2027-04-02T08:00:00Z');
    // Monday 1 March: leaves at 17:10 (10 min → one started quarter-hour); Tuesday 2: 06:50–17:05 (15 min → one).
    // By half-hours it would be 1 h (1.50 €); by quarter-hours 0.5 h → 0.75 €.
    for (const [date, from, to] of [
      ['2027-03-01', '07:00', '17:10'],
      ['2027-03-02', '06:50', '17:05'],
    ]) {
      const body = { childId: parent.childId, date };
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
    const res = await issue(t, crecheId, '2027-03').expect(200);
    const inv = res.body.issued[0];
    expect(inv).toMatchObject({ extraHours: '0.50', total: (Number(contract.fee.monthlyFee) + 0.75).toFixed(2) });
    const detail = await t.http().get(`/invoices/${inv.id}`).set(manager.auth).expect(200);
    expect(detail.body.lines.find((l: { kind: string }) => l.kind === 'EXTRA_HOURS')).toMatchObject({
      hours: '0.5000',
      hourlyRate: '1.50',
      amount: '0.75',
    });
  });

  it('schedules the monthly issue every morning at 06:00 and the certificates each 15 January, retried on failure', async () => {
    const producer = t.app.get(QueueProducer);
    const billing = producer.queue('billing');
    // The test run's workers schedule no job at a time of day (CRON_SCHEDULES=off): a real 06:00 would issue a month.
    expect(await billing.getJobSchedulers()).toEqual([]);
    await producer.upsertSchedules(true);
    try {
      const byKey = Object.fromEntries((await billing.getJobSchedulers()).map((s) => [s.key, s]));
      expect(byKey['billing-issue-previous-month']).toMatchObject({
        name: 'billing.issue-previous-month',
        pattern: '0 6 * * *',
        // On the crèches' clock, whatever the server's zone.
        tz: 'Europe/Paris',
      });
      expect(byKey['billing-announce-certificates']).toMatchObject({
        name: 'billing.announce-certificates',
        pattern: '0 8 15 1 *',
        tz: 'Europe/Paris',
      });
      // A failed run is retried by BullMQ over about two hours (the households done are skipped the next time).
      expect(byKey['billing-issue-previous-month'].template?.opts).toMatchObject({
        attempts: 8,
        backoff: { type: 'exponential', delay: 60_000 },
      });
      expect(JOB_CATALOGUE['billing.issue-previous-month'].options.attempts).toBe(8);
    } finally {
      // Off again: the schedules at a time of day are taken away from Redis, the others kept.
      await producer.upsertSchedules(false);
      expect(await billing.getJobSchedulers()).toEqual([]);
      const offers = await producer.queue('offers').getJobSchedulers();
      expect(offers.map((s) => s.key).sort()).toEqual(['offers-sweep']);
    }
  });

  it('the monthly job issues the other crèches when one fails, then fails itself so that BullMQ retries', async () => {
    const failing = await crecheOf();
    const healthy = await crecheOf();
    for (const crecheId of [failing, healthy]) {
      const p = await createParentWithChild(t);
      await contractFor(crecheId, p.childId, { startDate: '2027-01-04', endDate: '2027-06-30' });
    }
    at('2027-06-01T04:30:00Z');
    const invoicing = t.app.get(InvoicingService);
    const real = invoicing.issueMonth.bind(invoicing);
    const spy = jest.spyOn(invoicing, 'issueMonth').mockImplementation(async (actor, crecheId, month, opts) => {
      if (crecheId === failing) throw new Error('database hiccup');
      return real(actor, crecheId, month, opts);
    });
    const count = (crecheId: string) =>
      t.dataSource
        .query(`SELECT count(*)::int AS n FROM invoices WHERE creche_id = $1 AND month = '2027-05-01'`, [crecheId])
        .then((r: { n: number }[]) => r[0].n);
    try {
      await expect(invoicing.issuePreviousMonthEverywhere()).rejects.toThrow('1 crèche(s) not invoiced for 2027-05');
    } finally {
      spy.mockRestore();
    }
    expect(await count(healthy)).toBe(1);
    expect(await count(failing)).toBe(0);
    // The retry issues the crèche that failed, and only it.
    await invoicing.issuePreviousMonthEverywhere();
    expect(await count(failing)).toBe(1);
    expect(await count(healthy)).toBe(1);
  });
  it('issues a month the 1st missed on a later morning, and leaves a month issued to its manager (R8.18)', async () => {
    const invoicing = t.app.get(InvoicingService);
    const missed = await crecheOf();
    const failing = await crecheOf();
    const byHand = await crecheOf();
    const empty = await crecheOf();
    const newcomer = await crecheOf();
    for (const crecheId of [missed, failing, byHand, newcomer]) {
      const p = await createParentWithChild(t);
      await contractFor(crecheId, p.childId, { startDate: '2027-01-04', endDate: '2027-09-30' });
    }
    // A crèche that came to Berceau on 2 August with its running contracts: its July was billed before Berceau.
    await t.dataSource.query(`UPDATE creches SET created_at = '2027-08-02T08:00:00Z' WHERE id = $1`, [newcomer]);
    const only = jobSeesOnly(missed, failing, byHand, empty, newcomer);
    const count = (crecheId: string) =>
      t.dataSource
        .query(`SELECT count(*)::int AS n FROM invoices WHERE creche_id = $1 AND month = '2027-07-01'`, [crecheId])
        .then((r: { n: number }[]) => r[0].n);
    const runs = (crecheId: string) =>
      t.dataSource
        .query(`SELECT count(*)::int AS n FROM invoice_month_runs WHERE creche_id = $1 AND month = '2027-07-01'`, [
          crecheId,
        ])
        .then((r: { n: number }[]) => r[0].n);
    // The 1st passed without the job (Redis emptied). On the 2nd its manager issues one crèche by hand.
    at('2027-08-02T07:00:00Z');
    await issue(t, byHand, '2027-07').expect(200);
    expect(await runs(byHand)).toBe(1);
    // The 3rd, 06:00: the job issues July where it was not issued; one crèche fails (its database hiccups).
    at('2027-08-03T04:00:00Z');
    const real = invoicing.issueMonth.bind(invoicing);
    const spy = jest.spyOn(invoicing, 'issueMonth').mockImplementation(async (actor, crecheId, month, opts) => {
      if (crecheId === byHand) throw new Error('issued by hand: the job leaves it');
      if (crecheId === newcomer) throw new Error('not on Berceau in July: the job leaves it');
      if (crecheId === failing) throw new Error('database hiccup');
      return real(actor, crecheId, month, opts);
    });
    try {
      await expect(invoicing.issuePreviousMonthEverywhere()).rejects.toThrow('1 crèche(s) not invoiced for 2027-07');
      expect([await count(missed), await count(failing), await count(byHand), await count(newcomer)]).toEqual([
        1, 0, 1, 0,
      ]);
      // Issued, even with nothing to bill: the job will not come back to it.
      expect([await runs(missed), await runs(failing), await runs(empty), await runs(newcomer)]).toEqual([1, 0, 1, 0]);
      // A family joins the missed crèche in July after its issue: the job leaves it to the manager's « Émettre »,
      // even when it read the crèche as not issued just before (checked again under the sequence lock).
      const late = await createParentWithChild(t);
      await contractFor(missed, late.childId, { startDate: '2027-07-05', endDate: '2027-09-30' });
      at('2027-08-04T04:00:00Z');
      const raced = await real(null, missed, '2027-07', { unlessIssued: true });
      expect(raced.issued).toEqual([]);
      // The 4th: the crèche that failed is issued, and only it.
      spy.mockRestore();
      await invoicing.issuePreviousMonthEverywhere();
      expect([await count(missed), await count(failing), await count(byHand), await count(newcomer)]).toEqual([
        1, 1, 1, 0,
      ]);
      const res = await issue(t, missed, '2027-07').expect(200);
      expect(res.body.issued.map((i: { familyId: string }) => i.familyId)).toEqual([late.familyId]);
    } finally {
      spy.mockRestore();
      only.mockRestore();
    }
  });

  it('tells the managers once, after the last retry, why a month is not issued (R8.18)', async () => {
    const invoicing = t.app.get(InvoicingService);
    const name = `Micro-crèche Les Lucioles ${randomUUID().slice(0, 6)}`;
    const open = await crecheOf({ name });
    const failing = await crecheOf();
    for (const crecheId of [open, failing]) {
      const p = await createParentWithChild(t);
      await contractFor(crecheId, p.childId, { startDate: '2027-01-04', endDate: '2027-12-17' });
      if (crecheId === open) {
        // Thursday 15 July: an arrival, and no departure pointed.
        at('2027-07-15T21:00:00Z');
        await t
          .http()
          .post(`/creches/${open}/attendance/check-in`)
          .set(manager.auth)
          .send({ childId: p.childId, time: '08:30' })
          .expect(201);
      }
    }
    const only = jobSeesOnly(open, failing);
    const real = invoicing.issueMonth.bind(invoicing);
    const hiccup = jest.spyOn(invoicing, 'issueMonth').mockImplementation(async (actor, crecheId, month, opts) => {
      if (crecheId === failing) throw new Error('database hiccup at 10.0.0.7');
      return real(actor, crecheId, month, opts);
    });
    const told = (crecheId: string) =>
      t.dataSource
        .query(
          `SELECT count(*)::int AS n FROM notices
            WHERE type = 'MONTH_NOT_ISSUED' AND subject_type = 'creche' AND subject_id = $1`,
          [crecheId],
        )
        .then((r: { n: number }[]) => r[0].n);
    const mails = () => smtp.to(manager.email).filter((m) => /Factures de juillet 2027 non émises/.test(m.subject));
    try {
      // 1 August, 06:00: the job's seventh attempt of eight fails, and nobody is told yet (a retry may still issue it).
      at('2027-08-01T04:00:00Z');
      const attempt = (attemptsMade: number) =>
        t.app.get(JobRouter).dispatch({
          name: 'billing.issue-previous-month',
          data: {},
          attemptsMade,
          opts: JOB_CATALOGUE['billing.issue-previous-month'].options,
        } as unknown as Job);
      await expect(attempt(6)).rejects.toThrow('2 crèche(s) not invoiced for 2027-07');
      expect([await told(open), await told(failing)]).toEqual([0, 0]);
      // The last retry, run by the worker: the job with one attempt left.
      await t.app.get(QueueProducer).queue('billing').add('billing.issue-previous-month', {}, { attempts: 1 });
      await smtp.waitFor(() => mails().length === 2, 20_000);
      const [arrival] = mails().filter((m) => m.subject.includes(name));
      expect(arrival.subject).toBe(`Factures de juillet 2027 non émises ${atPlaceFr(name)}`);
      expect(arrival.text).toContain('Motif : 1 arrivée sans départ pointé en juillet 2027 (15 juillet 2027)');
      expect(arrival.text).toContain('Dès que l’heure de départ est saisie');
      expect(arrival.text).toContain('jusqu’au 31 août 2027');
      expect(arrival.text).toContain('/creche/facturation');
      const [technical] = mails().filter((m) => !m.subject.includes(name));
      expect(technical.text).toContain('Motif : une erreur technique');
      expect(technical.text).toContain('Vous n’avez rien à faire');
      expect(technical.text).not.toContain('10.0.0.7');
      // The 2nd: failing again on the last retry tells nobody again.
      at('2027-08-02T04:00:00Z');
      await expect(invoicing.issuePreviousMonthEverywhere({ lastAttempt: true })).rejects.toThrow(
        '2 crèche(s) not invoiced for 2027-07',
      );
      expect([await told(open), await told(failing)]).toEqual([1, 1]);
      // The departure entered, the database back: the 3rd issues both.
      hiccup.mockRestore();
      await t
        .http()
        .post(`/creches/${open}/attendance/day/check-out`)
        .set(manager.auth)
        .send({ date: '2027-07-15', time: '17:00' })
        .expect(200);
      at('2027-08-03T04:00:00Z');
      await invoicing.issuePreviousMonthEverywhere({ lastAttempt: true });
      const issued = await t.dataSource.query(
        `SELECT DISTINCT creche_id FROM invoice_month_runs WHERE creche_id = ANY($1) AND month = '2027-07-01'`,
        [[open, failing]],
      );
      expect(issued).toHaveLength(2);
      expect(mails()).toHaveLength(2);
    } finally {
      hiccup.mockRestore();
      only.mockRestore();
    }
  });

  it('refuses a contract in alternating residence on a month already invoiced to the other household (409), bills its booking once', async () => {
    const crecheId = await crecheOf();
    const father = await createParentWithChild(t);
    const mother = await createParentWithChild(t);
    await contractFor(crecheId, father.childId, { startDate: '2027-01-04', endDate: '2027-12-17' });
    const req = await t
      .http()
      .post(`/families/${mother.familyId}/children/${mother.childId}/co-households`)
      .set(mother.auth)
      .send({ otherFamilyId: father.familyId })
      .expect(201);
    await t.http().post(`/co-household-requests/${req.body.id}/accept`).set(father.auth).expect(204);
    at('2027-02-02T10:00:00Z');
    await issue(t, crecheId, '2027-01').expect(200);
    // The father's January is invoiced: his share of a contract from 18 January would never be billed.
    const shared = {
      childId: mother.childId,
      schedule: monThu,
      feeInputs: FEE_INPUTS,
      endDate: '2027-12-17',
      alternatingResidence: { otherFamilyId: father.familyId, otherHoursPercent: 50 },
    };
    const refused = await t
      .http()
      .post(`/creches/${crecheId}/contracts`)
      .set(manager.auth)
      .send({ ...shared, startDate: '2027-01-18' })
      .expect(409);
    expect(refused.body).toMatchObject({ code: 'CONTRACT.MONTH_INVOICED', details: { months: ['2027-01'] } });
    await t
      .http()
      .post(`/creches/${crecheId}/contracts`)
      .set(manager.auth)
      .send({ ...shared, startDate: '2027-02-01' })
      .expect(201);
    // Friday 12 February, outside the contract's days: occasional care booked (the mother's household's), attended.
    await t
      .http()
      .post(`/creches/${crecheId}/bookings`)
      .set(manager.auth)
      .send({ childId: mother.childId, date: '2027-02-12', from: '09:00', to: '12:05', kind: 'OCCASIONAL' })
      .expect(201);
    await attendsToday(crecheId, mother.childId, '2027-02-12', ['09:00', '12:05']);
    at('2027-03-02T10:00:00Z');
    await issue(t, crecheId, '2027-02').expect(200);
    // The booking is billed once, to the mother's household; the father's share bills none of its hours as extra.
    const [fathers, mothers] = await Promise.all(
      [father.familyId, mother.familyId].map(async (familyId) => {
        const [invoice] = await t.dataSource.query(
          `SELECT extra_hours::text AS extra, occasional_hours::text AS occasional FROM invoices
            WHERE creche_id = $1 AND family_id = $2 AND month = '2027-02-01'`,
          [crecheId, familyId],
        );
        return invoice;
      }),
    );
    expect(fathers).toEqual({ extra: '0.00', occasional: '0.00' });
    expect(mothers).toEqual({ extra: '0.00', occasional: '3.50' });
  });

  /** A child in care for 2027 at a new crèche, on 2 April 2027, with one absence recorded (the lock tests' start). */
  async function inCareWithAbsence(recorded: Record<string, unknown>) {
    const crecheId = await crecheOf();
    const parent = await createParentWithChild(t);
    const contract = await contractFor(crecheId, parent.childId, { startDate: '2027-01-04', endDate: '2027-12-17' });
    at('2027-04-02T08:00:00Z');
    const absence = await t
      .http()
      .post(`/creches/${crecheId}/absences`)
      .set(manager.auth)
      .send({ childId: parent.childId, ...recorded })
      .expect(201);
    return { crecheId, contract, absence };
  }

  it("ends a contract while the crèche's month is being issued: one waits for the other, neither fails", async () => {
    const { crecheId, contract, absence } = await inCareWithAbsence({
      reason: 'HOSPITALISATION',
      from: '2027-03-17',
      to: '2027-03-17',
    });
    // An absence's correction holds the issue of March after it took the crèche's invoice sequence; meanwhile a
    // manager records the child's departure at the end of June.
    const [issued, ended] = await withHeldTransaction(t.dataSource, async (correction) => {
      await correction.query(`SELECT id FROM absences WHERE id = $1 FOR UPDATE`, [absence.body.id]);
      const issuing = issue(t, crecheId, '2027-03').then((r) => r);
      await untilWaitingOnLocks(t.dataSource, 1);
      const ending = t
        .http()
        .post(`/contracts/${contract.id}/end`)
        .set(manager.auth)
        .send({ endDate: '2027-06-30' })
        .then((r) => r);
      // The departure waits for the issue, which holds the crèche's invoice sequence.
      await untilWaitingOnLocks(t.dataSource, 2);
      await correction.commitTransaction();
      return Promise.all([issuing, ending]);
    });
    expect(issued.status).toBe(200);
    expect(ended.status).toBe(200);
    expect(ended.body.endDate).toBe('2027-06-30');
  });

  it("corrects an absence while the crèche's month is being issued: the correction waits, neither fails", async () => {
    const { crecheId, absence } = await inCareWithAbsence({
      reason: 'HOSPITALISATION',
      from: '2027-04-01',
      to: '2027-04-01',
    });
    // An issue under way, as the invoicing takes its locks: the crèche's sequence, then the month's absences.
    const correction = await withHeldTransaction(t.dataSource, async (issuing) => {
      await issuing.query(`SELECT last_number FROM invoice_sequences WHERE creche_id = $1 FOR UPDATE`, [crecheId]);
      const correcting = t
        .http()
        .patch(`/absences/${absence.body.id}`)
        .set(manager.auth)
        .send({ to: '2027-04-02' })
        .then((r) => r);
      await untilWaitingOnLocks(t.dataSource);
      await issuing.query(`SELECT id FROM absences WHERE creche_id = $1 FOR SHARE`, [crecheId]);
      await issuing.commitTransaction();
      return correcting;
    });
    expect(correction.status).toBe(200);
  });

  it('attaches a proof while a correction un-certifies the absence and the month is being issued: none fails', async () => {
    const { crecheId, absence } = await inCareWithAbsence({
      reason: 'ILLNESS',
      from: '2027-04-01',
      to: '2027-04-01',
      certified: true,
    });
    const attaching = await withHeldTransaction(t.dataSource, (correcting) =>
      withHeldTransaction(t.dataSource, async (issuing) => {
        // A correction (certified → false) under way, its locks taken as the service takes them.
        await correcting.query(`SELECT 1 FROM invoice_sequences WHERE creche_id = $1 FOR SHARE`, [crecheId]);
        await correcting.query(`SELECT id FROM absences WHERE id = $1 FOR UPDATE`, [absence.body.id]);
        await correcting.query(`UPDATE absences SET certified = false WHERE id = $1`, [absence.body.id]);
        const attached = t
          .http()
          .post(`/absences/${absence.body.id}/document`)
          .set(manager.auth)
          .attach('document', PDF, { filename: 'certificat.pdf', contentType: 'application/pdf' })
          .then((r) => r);
        await untilWaitingOnLocks(t.dataSource, 1);
        // The month's issue starts (it waits for the correction), which then commits.
        const sequence = issuing.query(`SELECT last_number FROM invoice_sequences WHERE creche_id = $1 FOR UPDATE`, [
          crecheId,
        ]);
        await untilWaitingOnLocks(t.dataSource, 2);
        await correcting.commitTransaction();
        await sequence;
        await issuing.query(`SELECT id FROM absences WHERE creche_id = $1 FOR SHARE`, [crecheId]);
        await issuing.commitTransaction();
        return attached;
      }),
    );
    expect(attaching.status).toBe(200);
  });

  it("waits for an absence's correction under way and bills the absence as corrected (R8.12)", async () => {
    const crecheId = await crecheOf();
    const parent = await createParentWithChild(t);
    await contractFor(crecheId, parent.childId, { startDate: '2027-01-04', endDate: '2027-06-30' });
    at('2027-04-02T08:00:00Z');
    const absence = await t
      .http()
      .post(`/creches/${crecheId}/absences`)
      .set(manager.auth)
      .send({ childId: parent.childId, reason: 'HOSPITALISATION', from: '2027-03-17', to: '2027-03-17' })
      .expect(201);
    // A correction holds the absence's row (as PATCH /absences/:id does) while the month is issued.
    const res = await withHeldTransaction(t.dataSource, async (correction) => {
      await correction.query(`SELECT id FROM absences WHERE id = $1 FOR UPDATE`, [absence.body.id]);
      await correction.query(`UPDATE absences SET reason = 'UNEXCUSED' WHERE id = $1`, [absence.body.id]);
      const issuing = issue(t, crecheId, '2027-03').then((r) => r);
      await untilWaitingOnLocks(t.dataSource);
      await correction.commitTransaction();
      return issuing;
    });
    expect(res.status).toBe(200);
    // Unexcused: nothing deducted (the hospitalisation read before the correction would have deducted 10 h).
    expect(res.body.issued[0]).toMatchObject({ deductedHours: '0.00' });
  });

  it('reads an illness begun in the month before, across a weekend, as one episode: its waiting days are past on the 1st', async () => {
    const crecheId = await crecheOf();
    const parent = await createParentWithChild(t);
    await contractFor(crecheId, parent.childId, { startDate: '2027-02-01', endDate: '2027-06-30' });
    at('2027-04-02T08:00:00Z');
    // Ill with a certificate Monday 15 to Thursday 25 February, then Monday 1 to Wednesday 3 March (Friday 26 to
    // Sunday 28 no contract hours): one illness, its waiting days 15 to 17 February.
    for (const [from, to] of [
      ['2027-02-15', '2027-02-25'],
      ['2027-03-01', '2027-03-03'],
    ])
      await t
        .http()
        .post(`/creches/${crecheId}/absences`)
        .set(manager.auth)
        .send({ childId: parent.childId, reason: 'ILLNESS', from, to, certified: true })
        .expect(201);
    const res = await issue(t, crecheId, '2027-03').expect(200);
    const detail = await t.http().get(`/invoices/${res.body.issued[0].id}`).set(manager.auth).expect(200);
    expect(
      detail.body.lines
        .filter((l: { kind: string }) => l.kind === 'DEDUCTION')
        .map((l: Record<string, string>) => [l.from, l.to, l.reason]),
    ).toEqual([['2027-03-01', '2027-03-03', 'ILLNESS']]);
  });
});
