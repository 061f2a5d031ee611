import type { Response } from 'supertest';
import type { Clock } from '../../src/common/time/clock';
import { assignManagers, createCreche, createTerritory, fullWeek } from '../support/factories';
import { createParentWithChild, TestParent } from '../support/families';
import { createUser, startTestApp, TestApp, TestUser } from '../support/test-app';
import { insertContract } from '../support/demand-factories';

/**
 * Issue #15: the response schemas of the OpenAPI document are written by hand next to mappers that build the answers,
 * so they can drift apart. Real answers of the routes whose schema is not the mapper's own class are checked against
 * the served document: every required property present, none undeclared, types, nullability, formats, patterns, enums.
 */

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  pattern?: string;
  enum?: unknown[];
  nullable?: boolean;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
};
type Doc = {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: Schema }> }> }>
  >;
  components: { schemas: Record<string, Schema> };
};

const FORMATS: Record<string, RegExp> = {
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  date: /^\d{4}-\d{2}-\d{2}$/,
  'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
  email: /^[^@\s]+@[^@\s]+$/,
};

function resolve(doc: Doc, s: Schema): Schema {
  return s.$ref ? resolve(doc, doc.components.schemas[s.$ref.replace('#/components/schemas/', '')]) : s;
}

/** Every way `value` departs from `schema` (empty when it conforms). */
function mismatches(doc: Doc, schema: Schema, value: unknown, at: string): string[] {
  const s = resolve(doc, schema);
  if (value === null) return s.nullable ? [] : [`${at}: null, not nullable`];
  if (s.oneOf) {
    return s.oneOf.some((o) => mismatches(doc, o, value, at).length === 0) ? [] : [`${at}: matches no oneOf`];
  }
  if (s.allOf) return s.allOf.flatMap((o) => mismatches(doc, { ...o, nullable: s.nullable }, value, at));
  if (s.enum && !s.enum.includes(value)) return [`${at}: ${JSON.stringify(value)} not in the enum`];
  switch (s.type) {
    case 'string': {
      if (typeof value !== 'string') return [`${at}: not a string`];
      const out: string[] = [];
      if (s.format && FORMATS[s.format] && !FORMATS[s.format].test(value))
        out.push(`${at}: "${value}" not ${s.format}`);
      if (s.pattern && !new RegExp(s.pattern).test(value)) out.push(`${at}: "${value}" does not match ${s.pattern}`);
      return out;
    }
    case 'number':
      return typeof value === 'number' ? [] : [`${at}: not a number`];
    case 'integer':
      return Number.isInteger(value) ? [] : [`${at}: not an integer`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${at}: not a boolean`];
    case 'array':
      if (!Array.isArray(value)) return [`${at}: not an array`];
      return value.flatMap((v, i) => (s.items ? mismatches(doc, s.items, v, `${at}[${i}]`) : []));
    default: {
      if (typeof value !== 'object' || Array.isArray(value)) return [`${at}: not an object`];
      const record = value as Record<string, unknown>;
      const props = s.properties ?? {};
      const out: string[] = [];
      for (const name of s.required ?? []) if (!(name in record)) out.push(`${at}.${name}: missing`);
      for (const [name, v] of Object.entries(record)) {
        if (props[name]) out.push(...mismatches(doc, props[name], v, `${at}.${name}`));
        else if (typeof s.additionalProperties === 'object')
          out.push(...mismatches(doc, s.additionalProperties, v, `${at}.${name}`));
        // An object schema that lists no property at all stands for any object (a trace, a snapshot).
        else if (!s.additionalProperties && Object.keys(props).length) out.push(`${at}.${name}: not in the schema`);
      }
      return out;
    }
  }
}

describe('OpenAPI document against real answers (issue #15)', () => {
  /** Real time, but where a test moves it (invoices are issued for a month that is over). */
  const clock: Clock & { at: Date | null } = {
    at: null,
    now() {
      return this.at ?? new Date();
    },
  };
  const at = (iso: string | null) => (clock.at = iso === null ? null : new Date(iso));
  let t: TestApp;
  let doc: Doc;
  let admin: TestUser;
  let manager: TestUser;
  let auditor: TestUser;
  let parent: TestParent;
  let territoryId: string;
  let crecheId: string;
  const checked = new Set<string>();

  /** The answer conforms to the schema the document gives `method path` for its status. */
  function conforms(method: string, path: string, res: Response): void {
    const op = doc.paths[`/api${path}`]?.[method];
    expect(op).toBeDefined();
    const schema = op.responses[String(res.status)]?.content?.['application/json']?.schema;
    expect({ route: `${method} ${path} ${res.status}`, declared: Boolean(schema) }).toEqual({
      route: `${method} ${path} ${res.status}`,
      declared: true,
    });
    expect(mismatches(doc, schema!, res.body, `${method} ${path}`)).toEqual([]);
    checked.add(`${method} ${path}`);
  }

  beforeAll(async () => {
    t = await startTestApp({ clock });
    doc = (await t.raw().get('/api/docs-json').expect(200)).body as Doc;
    admin = await createUser(t, 'ADMIN');
    manager = await createUser(t, 'MANAGER');
    auditor = await createUser(t, 'CAF_AUDITOR');
    territoryId = (await createTerritory(t, admin)).id;
    crecheId = (await createCreche(t, admin, territoryId, { kind: 'COLLECTIVE', places: 2, capacityBands: [] })).id;
    await assignManagers(t, admin, crecheId, manager);
    parent = await createParentWithChild(t, { singleParent: true });
  });
  afterAll(async () => {
    await t.close();
  });

  it('checks the mismatches it must find (the checker is not vacuous)', () => {
    const s: Schema = {
      type: 'object',
      required: ['id'],
      properties: { id: { type: 'string', format: 'uuid' }, at: { type: 'string', pattern: '^\\d{2}:\\d{2}$' } },
    };
    expect(mismatches(doc, s, { id: 'x' }, 'v')).toHaveLength(1);
    expect(mismatches(doc, s, {}, 'v')).toHaveLength(1);
    expect(mismatches(doc, s, { id: '1f0e4a5e-7d4b-4c8e-9a8e-0e6a4f3b2c1d', extra: 1 }, 'v')).toHaveLength(1);
    expect(mismatches(doc, s, { id: '1f0e4a5e-7d4b-4c8e-9a8e-0e6a4f3b2c1d', at: '7h' }, 'v')).toHaveLength(1);
  });

  it('public and account routes', async () => {
    conforms('get', '/health', await t.http().get('/health').expect(200));
    conforms('get', '/territories', await t.http().get('/territories').expect(200));
    conforms('get', '/territories/{id}', await t.http().get(`/territories/${territoryId}`).expect(200));
    conforms(
      'get',
      '/territories/{id}/priority-policy',
      await t.http().get(`/territories/${territoryId}/priority-policy`).expect(200),
    );
    conforms('get', '/creches', await t.http().get('/creches').expect(200));
    conforms('get', '/creches/{id}', await t.http().get(`/creches/${crecheId}`).expect(200));
    conforms('get', '/fee-scales', await t.http().get('/fee-scales').expect(200));
    conforms('get', '/me', await t.http().get('/me').set(parent.auth).expect(200));
    conforms('get', '/me/notices', await t.http().get('/me/notices').set(parent.auth).expect(200));
    conforms(
      'put',
      '/creches/{id}/managers',
      await t
        .http()
        .put(`/creches/${crecheId}/managers`)
        .set(admin.auth)
        .send({ userIds: [manager.id] })
        .expect(200),
    );
  });

  it('households, applications, waitlist, allocation and offers', async () => {
    conforms('get', '/families/{id}', await t.http().get(`/families/${parent.familyId}`).set(parent.auth).expect(200));
    conforms(
      'get',
      '/families/{id}/children',
      await t.http().get(`/families/${parent.familyId}/children`).set(parent.auth).expect(200),
    );
    conforms(
      'post',
      '/families/{id}/invitations',
      await t
        .http()
        .post(`/families/${parent.familyId}/invitations`)
        .set(parent.auth)
        .send({ email: 'other.parent@example.test' })
        .expect(201),
    );
    conforms('get', '/me/invitations', await t.http().get('/me/invitations').set(parent.auth).expect(200));
    conforms(
      'get',
      '/me/co-household-requests',
      await t.http().get('/me/co-household-requests').set(parent.auth).expect(200),
    );

    const application = await t
      .http()
      .post('/applications')
      .set(parent.auth)
      .send({
        childId: parent.childId,
        desiredStartDate: '2027-09-01',
        schedule: fullWeek('08:00', '16:30'),
        preferences: [crecheId],
      })
      .expect(201);
    conforms('post', '/applications', application);
    conforms('get', '/applications', await t.http().get('/applications').set(parent.auth).expect(200));
    conforms(
      'get',
      '/applications/{id}',
      await t.http().get(`/applications/${application.body.id}`).set(parent.auth).expect(200),
    );
    conforms(
      'get',
      '/creches/{id}/waitlist',
      await t.http().get(`/creches/${crecheId}/waitlist`).set(manager.auth).expect(200),
    );
    // The manager's view, with each entry's household.
    const withFamilies = await t
      .http()
      .get(`/creches/${crecheId}/waitlist?families=true`)
      .set(manager.auth)
      .expect(200);
    expect(withFamilies.body.families).toHaveLength(withFamilies.body.items.length);
    conforms('get', '/creches/{id}/waitlist', withFamilies);

    const round = await t
      .http()
      .post('/allocation-rounds')
      .set(manager.auth)
      .send({ crecheIds: [crecheId], startDate: '2027-09-01' })
      .expect(201);
    conforms('post', '/allocation-rounds', round);
    expect(round.body.placements).toHaveLength(1);
    conforms(
      'get',
      '/allocation-rounds/{id}',
      await t.http().get(`/allocation-rounds/${round.body.id}`).set(manager.auth).expect(200),
    );
    conforms(
      'post',
      '/allocation-rounds/{id}/replay',
      await t.http().post(`/allocation-rounds/${round.body.id}/replay`).set(manager.auth).expect(200),
    );
    const confirmed = await t
      .http()
      .post(`/allocation-rounds/${round.body.id}/confirm`)
      .set(manager.auth)
      .send({})
      .expect(200);
    conforms('post', '/allocation-rounds/{id}/confirm', confirmed);
    const offerId = confirmed.body.offers[0].id as string;
    conforms('get', '/me/offers', await t.http().get('/me/offers').set(parent.auth).expect(200));
    conforms('get', '/offers/{id}', await t.http().get(`/offers/${offerId}`).set(parent.auth).expect(200));
    conforms(
      'get',
      '/creches/{id}/offers',
      await t.http().get(`/creches/${crecheId}/offers`).set(manager.auth).expect(200),
    );
    conforms(
      'post',
      '/offers/{id}/accept',
      await t.http().post(`/offers/${offerId}/accept`).set(parent.auth).send({}).expect(200),
    );
    const contractId = (await t.http().get(`/offers/${offerId}`).set(parent.auth).expect(200)).body.contractId;
    conforms('get', '/contracts/{id}', await t.http().get(`/contracts/${contractId}`).set(manager.auth).expect(200));
    conforms(
      'get',
      '/creches/{id}/contracts',
      await t.http().get(`/creches/${crecheId}/contracts`).set(manager.auth).expect(200),
    );
  });

  it('occupancy, fee audit and audit log', async () => {
    conforms(
      'get',
      '/creches/{id}/occupancy',
      await t
        .http()
        .get(`/creches/${crecheId}/occupancy`)
        .query({ from: '2027-09-06', to: '2027-09-10' })
        .set(manager.auth)
        .expect(200),
    );
    conforms('post', '/audit/fees/recheck', await t.http().post('/audit/fees/recheck').set(auditor.auth).expect(200));
    conforms('get', '/fee-computations', await t.http().get('/fee-computations').set(auditor.auth).expect(200));
    conforms(
      'get',
      '/audit/fees/computations',
      await t.http().get('/audit/fees/computations').query({ deviationsOnly: false }).set(auditor.auth).expect(200),
    );
    conforms('get', '/audit/events', await t.http().get('/audit/events').set(admin.auth).expect(200));
  });

  it('attendance, absences, invoices, credit notes, payments and balances (issue #16)', async () => {
    const family = await createParentWithChild(t);
    const childId = family.childId;
    try {
      at('2026-12-15T10:00:00Z');
      const contract = await t
        .http()
        .post(`/creches/${crecheId}/contracts`)
        .set(manager.auth)
        .send({
          childId,
          startDate: '2027-03-01',
          endDate: '2027-04-30',
          schedule: [1, 2, 3, 4].map((weekday) => ({ weekday, from: '08:00', to: '16:30' })),
          feeInputs: { monthlyResources: '2423.26', dependentChildren: 1 },
        })
        .expect(201);
      conforms('post', '/creches/{id}/contracts', contract);

      at('2027-04-02T08:00:00Z');
      const checkIn = await t
        .http()
        .post(`/creches/${crecheId}/attendance/check-in`)
        .set(manager.auth)
        .send({ childId, date: '2027-03-01', time: '08:05' })
        .expect(201);
      conforms('post', '/creches/{id}/attendance/check-in', checkIn);
      expect(checkIn.body.leftAt).toBeNull();
      conforms(
        'post',
        '/creches/{id}/attendance/check-out',
        await t
          .http()
          .post(`/creches/${crecheId}/attendance/check-out`)
          .set(manager.auth)
          .send({ childId, date: '2027-03-01', time: '16:40' })
          .expect(200),
      );
      conforms(
        'patch',
        '/attendance/{id}',
        await t
          .http()
          .patch(`/attendance/${checkIn.body.id}`)
          .set(manager.auth)
          .send({ arrivedAt: '08:00', leftAt: '24:00' })
          .expect(200),
      );
      const dayIn = await t
        .http()
        .post(`/creches/${crecheId}/attendance/day/check-in`)
        .set(manager.auth)
        .send({ date: '2027-03-02', time: '08:00' })
        .expect(200);
      conforms('post', '/creches/{id}/attendance/day/check-in', dayIn);
      expect(dayIn.body).toHaveLength(1);
      const dayOut = await t
        .http()
        .post(`/creches/${crecheId}/attendance/day/check-out`)
        .set(manager.auth)
        .send({ date: '2027-03-02', time: '16:30' })
        .expect(200);
      conforms('post', '/creches/{id}/attendance/day/check-out', dayOut);
      expect(dayOut.body).toHaveLength(1);

      const absence = await t
        .http()
        .post(`/creches/${crecheId}/absences`)
        .set(manager.auth)
        .send({ childId, reason: 'ILLNESS', from: '2027-03-08', to: '2027-03-12' })
        .expect(201);
      conforms('post', '/creches/{id}/absences', absence);
      const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
      const attached = await t
        .http()
        .post(`/absences/${absence.body.id}/document`)
        .set(manager.auth)
        .attach('document', pdf, { filename: 'certificat.pdf', contentType: 'application/pdf' })
        .expect(200);
      conforms('post', '/absences/{id}/document', attached);
      expect(attached.body).toMatchObject({ certified: true, hasDocument: true });

      // The day planned beside the day as it happened: one child in, one absent.
      const day = (date: string) =>
        t.http().get(`/creches/${crecheId}/attendance`).query({ date }).set(manager.auth).expect(200);
      const present = await day('2027-03-01');
      conforms('get', '/creches/{id}/attendance', present);
      expect(present.body.children[0]).toMatchObject({ childId, actual: { leftAt: '24:00' }, absence: null });
      const absent = await day('2027-03-09');
      conforms('get', '/creches/{id}/attendance', absent);
      expect(absent.body.children[0]).toMatchObject({ childId, actual: null, absence: { id: absence.body.id } });

      const issued = await t
        .http()
        .post(`/creches/${crecheId}/invoices/issue`)
        .set(manager.auth)
        .send({ month: '2027-03' })
        .expect(200);
      conforms('post', '/creches/{id}/invoices/issue', issued);
      expect(issued.body.issued).toHaveLength(1);
      const invoiceId = issued.body.issued[0].id as string;
      conforms(
        'get',
        '/creches/{id}/invoices',
        await t.http().get(`/creches/${crecheId}/invoices`).query({ month: '2027-03' }).set(manager.auth).expect(200),
      );
      const invoice = await t.http().get(`/invoices/${invoiceId}`).set(family.auth).expect(200);
      conforms('get', '/invoices/{id}', invoice);
      expect(invoice.body.lines.map((l: { kind: string }) => l.kind)).toContain('DEDUCTION');
      const note = await t
        .http()
        .post(`/invoices/${invoiceId}/credit-notes`)
        .set(manager.auth)
        .send({ amount: '5.00', reason: 'Geste commercial' })
        .expect(201);
      conforms('post', '/invoices/{id}/credit-notes', note);
      conforms('get', '/invoices/{id}', await t.http().get(`/invoices/${note.body.id}`).set(family.auth).expect(200));
      // Paid in 2034, a year no other file pays in (on its day: a payment is never dated ahead): the run's database is
      // shared, and billing.e2e-spec counts the households that paid a crèche in some years (the yearly certificates),
      // whichever file runs first.
      at('2034-04-10T09:00:00Z');
      conforms(
        'post',
        '/creches/{id}/payments',
        await t
          .http()
          .post(`/creches/${crecheId}/payments`)
          .set(manager.auth)
          .send({ familyId: family.familyId, amount: '50.00', paidOn: '2034-04-10', method: 'CHEQUE' })
          .expect(201),
      );
      at('2027-04-02T08:00:00Z');
      conforms(
        'get',
        '/families/{id}/invoices',
        await t.http().get(`/families/${family.familyId}/invoices`).set(family.auth).expect(200),
      );
      const payments = await t.http().get(`/families/${family.familyId}/payments`).set(family.auth).expect(200);
      conforms('get', '/families/{id}/payments', payments);
      expect(payments.body).toEqual([expect.objectContaining({ amount: '50.00', method: 'CHEQUE' })]);
      const balance = await t.http().get(`/families/${family.familyId}/balance`).set(family.auth).expect(200);
      conforms('get', '/families/{id}/balance', balance);
      expect(balance.body).toEqual([expect.objectContaining({ crecheId, credited: '-5.00', paid: '50.00' })]);
      const balances = await t.http().get(`/creches/${crecheId}/balances`).set(manager.auth).expect(200);
      conforms('get', '/creches/{id}/balances', balances);
      expect(balances.body).toEqual([
        expect.objectContaining({ familyId: family.familyId, credited: '-5.00', paid: '50.00' }),
      ]);

      // Not JSON: the media type the document declares for each.
      const binary = (req: ReturnType<ReturnType<TestApp['http']>['get']>) =>
        req
          .buffer(true)
          .parse((r, done) => {
            const chunks: Buffer[] = [];
            r.on('data', (c: Buffer) => chunks.push(c));
            r.on('end', () => done(null, Buffer.concat(chunks)));
          })
          .expect(200);
      const declared = (path: string) => Object.keys(doc.paths[`/api${path}`].get.responses['200'].content ?? {});
      const type = (res: Response) => String(res.headers['content-type']).split(';')[0];
      const proof = await binary(t.http().get(`/absences/${absence.body.id}/document`).set(manager.auth));
      expect(declared('/absences/{id}/document')).toContain(type(proof));
      const invoicePdf = await binary(t.http().get(`/invoices/${invoiceId}/pdf`).set(family.auth));
      expect(declared('/invoices/{id}/pdf')).toContain(type(invoicePdf));
      at('2028-01-10T09:00:00Z');
      const certificate = await binary(
        t.http().get(`/families/${family.familyId}/childcare-certificates/2027`).query({ crecheId }).set(family.auth),
      );
      expect(declared('/families/{id}/childcare-certificates/{year}')).toContain(type(certificate));

      // The errors these routes declare, with the error body.
      conforms(
        'post',
        '/creches/{id}/attendance/check-in',
        await t
          .http()
          .post(`/creches/${crecheId}/attendance/check-in`)
          .set(manager.auth)
          .send({ childId, date: '2027-03-01' })
          .expect(409),
      );
      conforms(
        'get',
        '/invoices/{id}',
        await t.http().get('/invoices/00000000-0000-4000-8000-000000000000').set(manager.auth).expect(404),
      );
    } finally {
      at(null);
    }
  });

  it('answers the non-JSON routes with the media type the document declares', async () => {
    const declared = (path: string) => Object.keys(doc.paths[`/api${path}`].get.responses['200'].content ?? {});
    const svg = await t
      .http()
      .get(`/creches/${crecheId}/occupancy.svg`)
      .query({ week: '2027-W36' })
      .set(manager.auth)
      .expect(200);
    expect(declared('/creches/{id}/occupancy.svg')).toContain(String(svg.headers['content-type']).split(';')[0]);
    const csv = await t
      .http()
      .get('/audit/fees/export.csv')
      .query({ crecheId, year: 2027 })
      .set(auditor.auth)
      .expect(200);
    expect(declared('/audit/fees/export.csv')).toContain(String(csv.headers['content-type']).split(';')[0]);
  });

  it('territory dashboard, coordinators, FILOUÉ objection and the wait estimate (#17)', async () => {
    const coordinator = await createUser(t, 'TERRITORY_COORDINATOR');
    conforms(
      'put',
      '/territories/{id}/coordinators',
      await t
        .http()
        .put(`/territories/${territoryId}/coordinators`)
        .set(admin.auth)
        .send({ userIds: [coordinator.id] })
        .expect(200),
    );
    conforms(
      'get',
      '/territories/{id}/coordinators',
      await t.http().get(`/territories/${territoryId}/coordinators`).set(admin.auth).expect(200),
    );
    conforms(
      'get',
      '/territories/{id}/dashboard',
      await t.http().get(`/territories/${territoryId}/dashboard`).set(coordinator.auth).expect(200),
    );
    const csv = await t.http().get(`/territories/${territoryId}/dashboard.csv`).set(coordinator.auth).expect(200);
    expect(Object.keys(doc.paths[`/api/territories/{id}/dashboard.csv`].get.responses['200'].content ?? {})).toContain(
      String(csv.headers['content-type']).split(';')[0],
    );
    const household = await createParentWithChild(t);
    conforms(
      'put',
      '/families/{id}/filoue-objection',
      await t.http().put(`/families/${household.familyId}/filoue-objection`).set(household.auth).expect(200),
    );
    conforms(
      'get',
      '/families/{id}',
      await t.http().get(`/families/${household.familyId}`).set(household.auth).expect(200),
    );
    // A child in care frees a place of those hours: the application gets an estimate.
    await insertContract(t, {
      crecheId,
      birthDate: '2025-03-01',
      startDate: '2026-01-05',
      endDate: '2028-07-31',
      schedule: fullWeek('08:00', '16:30'),
    });
    const applied = await t
      .http()
      .post('/applications')
      .set(household.auth)
      .send({
        childId: household.childId,
        desiredStartDate: '2027-09-01',
        schedule: fullWeek('08:00', '16:30'),
        preferences: [crecheId],
      })
      .expect(201);
    const read = await t.http().get(`/applications/${applied.body.id}`).set(household.auth).expect(200);
    expect(read.body.creches[0].estimate).not.toBeNull();
    conforms('get', '/applications/{id}', read);
  });

  it('answers errors with the documented error body', async () => {
    const res = await t.http().get(`/creches/00000000-0000-4000-8000-000000000000`).expect(404);
    conforms('get', '/creches/{id}', res);
    const invalid = await t.http().post('/applications').set(parent.auth).send({}).expect(400);
    conforms('post', '/applications', invalid);
    expect(checked.size).toBeGreaterThan(45);
  });
});
