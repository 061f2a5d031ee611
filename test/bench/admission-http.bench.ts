import { fork } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { bufferedLogDestination } from '../../src/common/logging/log-destination';
import { startBenchApp } from './support/bench-app';
import { fmt } from './support/bench-env';
import type { AdmissionLoadPlan, AdmissionLoadResult } from './support/admission-load';

const PATTERNS = [
  [1, 2, 3].map((weekday) => ({ weekday, from: '05:00', to: '13:30' })),
  [1, 2, 4].map((weekday) => ({ weekday, from: '13:00', to: '21:00' })),
  [
    { weekday: 6, from: '05:30', to: '14:00' },
    { weekday: 3, from: '08:00', to: '17:00' },
  ],
  [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '07:30', to: '17:30' })),
];

/**
 * The HTTP admission path (POST /creches/:id/bookings: auth, validation, crèche lock, planned presences, capacity
 * engine, insert or 409, audit) at 20 concurrent clients, in two scenarios: 20 managers each admitting in their own
 * busy micro-crèche, and the worst case of all 20 clients admitting into the same crèche (serialised by its lock).
 * The API logs every request, as it does in production.
 */
async function main(): Promise<void> {
  // Request logging on, as in production (one JSON line per request, buffered as main.ts does), written to /dev/null.
  const b = await startBenchApp({
    runWorkers: false,
    env: { LOG_LEVEL: 'info' },
    logDestination: bufferedLogDestination('/dev/null'),
  });
  // A booking may be refused while the crèches fill: that is an answer, not a failure of the setup.
  const call = (method: string, path: string, token: string, body?: unknown) =>
    b.call(method, path, token, body, [409]);
  const { ds, base } = b;
  const adminToken = b.admin.token;
  const managerToken = b.manager.token;
  try {
    const territory = await call('POST', '/territories', adminToken, {
      name: 'CC Bench',
      communes: [{ inseeCode: '88372', name: 'Rambervillers' }],
    });
    const [family] = await ds.query(
      `INSERT INTO families (commune_insee_code, monthly_resources, dependent_children) VALUES ('88372', 2400, 1) RETURNING id`,
    );
    const children: { id: string }[] = await ds.query(
      `INSERT INTO children (family_id, first_name, birth_date) SELECT $1, 'Enfant', '2026-01-01' FROM generate_series(1, 40000) RETURNING id`,
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
      await call('PUT', `/creches/${creche.id}/managers`, adminToken, { userIds: [b.manager.id] });
      // A full micro-crèche: 13 shift-work contracts (surnombre) and 300 occasional bookings over the year.
      for (let i = 0; i < 13; i += 1) {
        await call('POST', `/creches/${creche.id}/contracts`, managerToken, {
          childId: children[nextChild++].id,
          startDate: '2027-01-04',
          endDate: '2027-12-17',
          schedule: PATTERNS[i % 4],
        });
      }
      for (let i = 0; i < 300; i += 1) {
        const date = `2027-${String(1 + (i % 11)).padStart(2, '0')}-${String(1 + ((i * 3) % 28)).padStart(2, '0')}`;
        await call('POST', `/creches/${creche.id}/bookings`, managerToken, {
          childId: children[nextChild++].id,
          date,
          from: '09:00',
          to: '12:00',
          kind: 'OCCASIONAL',
        });
      }
      creches.push(creche.id);
    }
    // Each scenario gets children of its own, so that a child's own clash check never answers for the engine.
    const freeChildren = children.slice(nextChild).map((c) => c.id);
    const half = Math.floor(freeChildren.length / 2);
    const scenarios = [
      { name: '20 crèches, one client each', crecheIds: creches, childIds: freeChildren.slice(0, half) },
      { name: 'one crèche, 20 clients', crecheIds: [creches[0]], childIds: freeChildren.slice(half) },
    ];
    for (const scenario of scenarios) {
      const machineBefore = machineTicks();
      const postgresBefore = postgresTicks();
      const apiBefore = process.cpuUsage();
      const r = await runLoad({
        base,
        token: managerToken,
        crecheIds: scenario.crecheIds,
        childIds: scenario.childIds,
        connections: 20,
        durationSeconds: 10,
      });
      console.log(
        `HTTP admission path, ${scenario.name}, 20 concurrent clients, 10 s (load generator in its own process)`,
      );
      console.log(`  ${r.total} requests, ${Math.round(r.perSecond)} req/s, statuses ${JSON.stringify(r.statuses)}`);
      console.log(
        `  latency over all answers: median ${r.p50} ms, p99 ${r.p99} ms; median by status ${JSON.stringify(r.medians)}`,
      );
      const api = process.cpuUsage(apiBefore);
      const machine = machineTicks();
      const busy = (machine.busy - machineBefore.busy) / (machine.total - machineBefore.total);
      const postgresMs = ((postgresTicks() - postgresBefore) * 1000) / CLOCK_TICKS;
      const machineMs = (((machine.busy - machineBefore.busy) / CLOCK_TICKS) * 1000) / r.total;
      console.log(
        `  CPU per request: API process ${fmt((api.user + api.system) / 1000 / r.total)} ms, PostgreSQL ${fmt(postgresMs / r.total)} ms, load generator ${fmt(r.cpuMs / r.total)} ms, machine in all ${fmt(machineMs)} ms; machine ${Math.round(busy * 100)} % busy over ${cpus().length} cores`,
      );
    }
  } finally {
    await b.close();
  }
}

/** Busy and total CPU ticks of the whole machine (all processes: API, PostgreSQL, load generator). */
function machineTicks(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  return { busy: total - fields[3] - fields[4], total };
}

/** Ticks a second of /proc's CPU counters (USER_HZ, 100 on Linux). */
const CLOCK_TICKS = 100;

/** CPU ticks used so far by the PostgreSQL server's processes (its backends, WAL writer, checkpointer...), ended ones included. */
function postgresTicks(): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // The command name is in parentheses and may hold spaces: the fields after it are split from its end.
      if (!stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).startsWith('postgres')) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // Its own time, and that of its children that ended (the postmaster reaps the backends of closed connections).
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return ticks;
}

/** Runs autocannon in a child process: the API keeps its event loop (and a core) to itself, as in production. */
function runLoad(plan: AdmissionLoadPlan): Promise<AdmissionLoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(join(__dirname, 'support', 'admission-load.ts'), {
      execArgv: ['-r', join(__dirname, 'swc-register.js')],
    });
    child.once('message', (result) => resolve(result as AdmissionLoadResult));
    child.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`load generator exited with ${code}`))));
    child.send(plan);
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
