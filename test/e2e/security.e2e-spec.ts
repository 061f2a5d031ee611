import fc from 'fast-check';
import { JwtService } from '@nestjs/jwt';
import { ROLES, Role } from '../../src/modules/users/domain/role';
import { assignManagers, createCreche, createTerritory, fullWeek } from '../support/factories';
import { createParentWithChild } from '../support/families';
import { allowed, routeRules, RouteRule } from '../support/routes';
import { createUser, startTestApp, TestApp, TestUser } from '../support/test-app';

const SOME_ID = '5b0f7a4e-8a9c-4b6e-9d55-0d6f2f1c3a11';
const fill = (url: string, id = SOME_ID) => url.replace(/:[A-Za-z]+/g, id);

describe('security: every route, every caller', () => {
  let t: TestApp;
  let users: Record<Role, TestUser>;
  let rules: RouteRule[];

  beforeAll(async () => {
    t = await startTestApp();
    users = Object.fromEntries(await Promise.all(ROLES.map(async (r) => [r, await createUser(t, r)]))) as Record<
      Role,
      TestUser
    >;
    rules = routeRules(t.app);
  });
  afterAll(async () => {
    await t.close();
  });

  const send = (rule: RouteRule, headers: Record<string, string>) =>
    t
      .http()
      [rule.method.toLowerCase() as 'get'](fill(rule.url))
      .set(headers)
      .send(rule.method === 'GET' ? undefined : {});

  it('answers no token, an expired and a tampered token with 401 on every non-public route, and each role as its rights say', async () => {
    const jwt = t.app.get(JwtService);
    const expired = await jwt.signAsync({ sub: users.ADMIN.id, role: 'ADMIN', tv: 0 }, { expiresIn: -60 });
    const [h, p] = users.ADMIN.token.split('.');
    const callers: [string, Record<string, string>][] = [
      ['none', {}],
      ['expired', { Authorization: `Bearer ${expired}` }],
      ['tampered', { Authorization: `Bearer ${h}.${p}.Zm9yZ2Vk` }],
      ...ROLES.map((r): [string, Record<string, string>] => [r, users[r].auth]),
    ];
    const matrix: string[] = [`${'route'.padEnd(48)} ${callers.map(([c]) => c.padEnd(11)).join(' ')}`];
    const wrong: string[] = [];
    for (const rule of rules) {
      const cells: string[] = [];
      for (const [caller, headers] of callers) {
        const res = await send(rule, headers);
        cells.push(String(res.status).padEnd(11));
        const role = ROLES.find((r) => r === caller);
        const expectAuthFailure = !rule.isPublic && !role;
        if (res.status >= 500) wrong.push(`${rule.method} ${rule.url} as ${caller}: ${res.status}`);
        if (expectAuthFailure && res.status !== 401)
          wrong.push(`${rule.method} ${rule.url} as ${caller}: ${res.status}, expected 401`);
        if (!expectAuthFailure && res.status === 401 && !rule.url.startsWith('/auth/') && rule.url !== '/me/password')
          wrong.push(`${rule.method} ${rule.url} as ${caller}: 401`);
        if (role && !allowed(rule, role) && res.status !== 403)
          wrong.push(`${rule.method} ${rule.url} as ${role}: ${res.status}, expected 403`);
        if (role && allowed(rule, role) && res.status === 403)
          wrong.push(`${rule.method} ${rule.url} as ${role}: 403, expected access`);
      }
      matrix.push(`${`${rule.method} ${rule.url}`.padEnd(48)} ${cells.join(' ')}`);
    }
    console.log(`Access matrix (${rules.length} routes):\n${matrix.join('\n')}`);
    expect(wrong).toEqual([]);
    expect(rules.length).toBeGreaterThan(50);
  }, 120_000);

  it("hides a family's household, child, application, offer and contract from another family and another crèche's manager (404)", async () => {
    const admin = users.ADMIN;
    const manager = await createUser(t, 'MANAGER');
    const territory = await createTerritory(t, admin);
    const creche = await createCreche(t, admin, territory.id, { kind: 'COLLECTIVE', places: 5, capacityBands: [] });
    await assignManagers(t, admin, creche.id, manager);
    const owner = await createParentWithChild(t);
    const application = await t
      .http()
      .post('/applications')
      .set(owner.auth)
      .send({
        childId: owner.childId,
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
    const { body } = await t
      .http()
      .post(`/allocation-rounds/${round.body.id}/confirm`)
      .set(manager.auth)
      .send({})
      .expect(200);
    const sibling = await t
      .http()
      .post(`/families/${owner.familyId}/children`)
      .set(owner.auth)
      .send({ firstName: 'Eden', birthDate: '2025-05-01', disability: false })
      .expect(201);
    const contract = await t
      .http()
      .post(`/creches/${creche.id}/contracts`)
      .set(manager.auth)
      .send({
        childId: sibling.body.id,
        startDate: '2027-01-04',
        endDate: '2027-06-30',
        schedule: fullWeek('08:00', '12:00'),
      })
      .expect(201);
    const otherParent = await createParentWithChild(t);
    const otherManager = await createUser(t, 'MANAGER');
    const exposed = [
      `/families/${owner.familyId}`,
      `/families/${owner.familyId}/children`,
      `/applications/${application.body.id}`,
      `/offers/${body.offers[0].id}`,
      `/contracts/${contract.body.id}`,
    ];
    const seen: string[] = [];
    for (const url of exposed) {
      await t.http().get(url).set(owner.auth).expect(200);
      await t.http().get(url).set(manager.auth).expect(200);
      for (const [who, auth] of [
        ['other parent', otherParent.auth],
        ['other manager', otherManager.auth],
      ] as const) {
        const res = await t.http().get(url).set(auth);
        seen.push(`${url.split('/')[1]} as ${who}: ${res.status}`);
        expect(res.status).toBe(404);
      }
    }
    console.log(`Cross-family and cross-crèche access:\n${seen.join('\n')}`);
  });
});

describe('hostile input', () => {
  let t: TestApp;
  let admin: TestUser;
  let parent: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, 'ADMIN');
    parent = await createParentWithChild(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const counts = async () =>
    (
      await t.dataSource.query(
        `SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM territories) + (SELECT count(*) FROM creches) + (SELECT count(*) FROM families)
            + (SELECT count(*) FROM children) + (SELECT count(*) FROM applications) + (SELECT count(*) FROM contracts) + (SELECT count(*) FROM bookings)
            + (SELECT count(*) FROM fee_scales) + (SELECT count(*) FROM priority_policies) + (SELECT count(*) FROM allocation_rounds) AS n`,
      )
    )[0].n;

  it('never answers a random or malformed body with a 500, always a 4xx naming the problem, and writes nothing', async () => {
    // Read-only computations answer 200 to any body; login, register and the session routes (signing out answers 204
    // to anyone, a reset request 202 to any address) are covered in the auth and sessions tests.
    const writes = routeRules(t.app).filter(
      (r) =>
        r.method !== 'GET' &&
        ![
          '/auth/login',
          '/auth/register',
          '/auth/logout',
          '/auth/password-reset-request',
          '/audit/fees/recheck',
          '/me/verify-email',
        ].includes(r.url),
    );
    const before = await counts();
    const body = fc.oneof(
      fc.object({ maxDepth: 2 }),
      fc.dictionary(
        fc.constantFrom(
          'email',
          'password',
          'places',
          'childId',
          'schedule',
          'preferences',
          'date',
          'from',
          'to',
          'crecheIds',
          'startDate',
          'monthlyResources',
          'criteria',
          'tables',
        ),
        fc.anything({ maxDepth: 2 }),
      ),
      fc.array(fc.anything({ maxDepth: 1 }), { maxLength: 3 }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...writes),
        body,
        fc.constantFrom('ADMIN', 'PARENT'),
        async (rule, payload, who) => {
          const auth = who === 'ADMIN' ? admin.auth : parent.auth;
          const res = await t
            .http()
            [rule.method.toLowerCase() as 'post'](fill(rule.url))
            .set(auth)
            .send(payload as object);
          expect(res.status).toBeGreaterThanOrEqual(400);
          expect(res.status).toBeLessThan(500);
          expect(typeof res.body.code).toBe('string');
          expect(typeof res.body.message).toBe('string');
        },
      ),
      { numRuns: 400 },
    );
    const raw = await t
      .http()
      .post('/applications')
      .set(parent.auth)
      .set('content-type', 'application/json')
      .send('{"childId": [}')
      .expect(400);
    expect(raw.body.code).toBe('REQUEST.MALFORMED');
    expect(await counts()).toBe(before);
  }, 120_000);

  it('never answers generated query strings on any GET route with a 5xx (#13.10)', async () => {
    const territory = await createTerritory(t, admin);
    const creche = await createCreche(t, admin, territory.id);
    const reads = routeRules(t.app).filter((r) => r.method === 'GET');
    const names = [
      'asOf',
      'activeOn',
      'from',
      'to',
      'week',
      'cursor',
      'offset',
      'limit',
      'status',
      'crecheId',
      'year',
      'contractId',
      'offerId',
      'action',
      'subjectId',
      'territoryId',
    ];
    const value = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom(
        '9999-12-31',
        '0000-01-01',
        '2026-02-30',
        '2026-13-01',
        '9999-W52',
        '2027-W00',
        '-1',
        '1e309',
        'NaN',
        '[]',
        '{}',
        'null',
      ),
      fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
      fc
        .date({ min: new Date('0001-01-01'), max: new Date('9999-12-31'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10)),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...reads),
        fc.dictionary(fc.constantFrom(...names), value, { maxKeys: 3 }),
        async (rule, query) => {
          const res = await t.http().get(fill(rule.url, creche.id)).query(query).set(admin.auth);
          expect(res.status).toBeLessThan(500);
        },
      ),
      { numRuns: 300 },
    );
  }, 120_000);
});
