import autocannon from 'autocannon';
import { DataSource } from 'typeorm';
import { createHttpApp } from '../../src/bootstrap';
import { loadConfig } from '../../src/config/app-config';
import { UsersService } from '../../src/modules/users/users.service';
import { benchDatabase } from './support/bench-env';

type Json = { id: string; accessToken: string };

const PATTERNS = [
  [1, 2, 3].map((weekday) => ({ weekday, from: '05:00', to: '13:30' })),
  [1, 2, 4].map((weekday) => ({ weekday, from: '13:00', to: '21:00' })),
  [{ weekday: 6, from: '05:30', to: '14:00' }, { weekday: 3, from: '08:00', to: '17:00' }],
  [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '07:30', to: '17:30' })),
];

/**
 * The HTTP admission path (POST /creches/:id/bookings: auth, validation, crèche lock, planned presences, capacity
 * engine, insert or 409, audit) at 20 concurrent clients, in two scenarios: 20 managers each admitting in their own
 * busy micro-crèche, and the worst case of all 20 clients admitting into the same crèche (serialised by its lock).
 */
async function main(): Promise<void> {
  const db = await benchDatabase();
  const config = loadConfig({ ...process.env, DATABASE_URL: db.databaseUrl, QUEUE_PREFIX: db.queuePrefix, LOG_LEVEL: 'silent' });
  const app = await createHttpApp({ config, runWorkers: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = await app.getUrl();
  const call = async (method: string, path: string, token: string, body?: unknown): Promise<Json> => {
    const res = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: body === undefined ? undefined : JSON.stringify(body) });
    if (res.status >= 300 && res.status !== 409) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Json;
  };
  try {
    const ds = app.get(DataSource);
    const users = app.get(UsersService);
    const system = { id: '00000000-0000-0000-0000-000000000000', role: 'ADMIN' as const };
    const password = 'bench password long enough';
    await users.createByAdmin(system, { email: 'admin@bench.test', password, firstName: 'A', lastName: 'B', role: 'ADMIN' });
    const manager = await users.createByAdmin(system, { email: 'manager@bench.test', password, firstName: 'M', lastName: 'B', role: 'MANAGER' });
    const login = async (email: string) => (await call('POST', '/auth/login', '', { email, password })).accessToken;
    const adminToken = await login('admin@bench.test');
    const managerToken = await login('manager@bench.test');
    const territory = await call('POST', '/territories', adminToken, { name: 'CC Bench', communes: [{ inseeCode: '88372', name: 'Rambervillers' }] });
    const [family] = await ds.query(`INSERT INTO families DEFAULT VALUES RETURNING id`);
    const children: { id: string }[] = await ds.query(
      `INSERT INTO children (family_id, first_name, birth_date) SELECT $1, 'Enfant', '2026-01-01' FROM generate_series(1, 20000) RETURNING id`,
      [family.id],
    );
    let nextChild = 0;
    const creches: string[] = [];
    for (let c = 0; c < 20; c += 1) {
      const creche = await call('POST', '/creches', adminToken, {
        territoryId: territory.id,
        name: `Micro-crèche ${c}`,
        commune: '88372',
        kind: 'MICRO_CRECHE',
        places: 12,
        surnombre: true,
        openingHours: [1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opens: '05:00', closes: '21:00' })),
        capacityBands: [1, 2, 3, 4, 5].flatMap((weekday) => [
          { weekday, from: '05:00', to: '07:00', places: 6 },
          { weekday, from: '19:00', to: '21:00', places: 6 },
        ]),
      });
      await call('PUT', `/creches/${creche.id}/managers`, adminToken, { userIds: [manager.id] });
      // A full micro-crèche: 13 shift-work contracts (surnombre) and 300 occasional bookings over the year.
      for (let i = 0; i < 13; i += 1) {
        await call('POST', `/creches/${creche.id}/contracts`, managerToken, { childId: children[nextChild++].id, startDate: '2027-01-04', endDate: '2027-12-17', schedule: PATTERNS[i % 4] });
      }
      for (let i = 0; i < 300; i += 1) {
        const date = `2027-${String(1 + (i % 11)).padStart(2, '0')}-${String(1 + ((i * 3) % 28)).padStart(2, '0')}`;
        await call('POST', `/creches/${creche.id}/bookings`, managerToken, { childId: children[nextChild++].id, date, from: '09:00', to: '12:00', kind: 'OCCASIONAL' });
      }
      creches.push(creche.id);
    }
    for (const scenario of ['20 crèches, one client each', 'one crèche, 20 clients'] as const) {
      let n = 0;
      const statuses: Record<string, number> = {};
      const result = await autocannon({
        url: base,
        connections: 20,
        duration: 10,
        requests: [
          {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${managerToken}` },
            setupRequest: (req) => {
              const i = n++;
              const crecheId = scenario.startsWith('20') ? creches[i % 20] : creches[0];
              const from = 6 + (i % 12);
              const date = `2027-${String(1 + (i % 11)).padStart(2, '0')}-${String(1 + ((i * 7) % 28)).padStart(2, '0')}`;
              return {
                ...req,
                path: `/creches/${crecheId}/bookings`,
                body: JSON.stringify({ childId: children[nextChild++ % children.length].id, date, from: `${String(from).padStart(2, '0')}:00`, to: `${String(from + 2).padStart(2, '0')}:00`, kind: i % 10 === 0 ? 'EMERGENCY' : 'OCCASIONAL' }),
              };
            },
            onResponse: (status) => {
              statuses[status] = (statuses[status] ?? 0) + 1;
            },
          },
        ],
      });
      console.log(`HTTP admission path, ${scenario}, 20 concurrent clients, 10 s`);
      console.log(`  ${result.requests.total} requests, ${Math.round(result.requests.average)} req/s, statuses ${JSON.stringify(statuses)}`);
      console.log(`  latency median ${result.latency.p50} ms, p99 ${result.latency.p99} ms`);
    }
  } finally {
    await app.close();
    await db.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
