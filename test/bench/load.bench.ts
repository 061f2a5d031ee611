import autocannon from 'autocannon';
import { DataSource } from 'typeorm';
import { createHttpApp } from '../../src/bootstrap';
import { loadConfig } from '../../src/config/app-config';
import { DEMO_PASSWORD, seedDemo } from '../../src/demo/demo-seed';
import { SmtpSink } from '../support/smtp-sink';
import { benchDatabase, fmt } from './support/bench-env';

/**
 * A scripted load against the demo: parents reading their applications, fee quotes, managers reading waitlists,
 * admissions (bookings) competing for the last places. Afterwards: no crèche over its limit, every notice sent once.
 */
async function main(): Promise<void> {
  const db = await benchDatabase();
  const smtp = new SmtpSink();
  await smtp.start();
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: db.databaseUrl,
    QUEUE_PREFIX: db.queuePrefix,
    LOG_LEVEL: 'silent',
    SMTP_URL: smtp.url,
    NOTICE_SWEEP_EVERY_MS: '1000',
    NOTICE_SWEEP_MIN_AGE_MS: '0',
  });
  const app = await createHttpApp({ config, runWorkers: true });
  await app.listen({ port: 0, host: '127.0.0.1' });
  // The API lives under /api (the web app owns the rest).
  const base = `${await app.getUrl()}/api`;
  try {
    const logins = await seedDemo(app);
    const ds = app.get(DataSource);
    const token = async (email: string) =>
      (
        (await (
          await fetch(`${base}/auth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email, password: DEMO_PASSWORD }),
          })
        ).json()) as { accessToken: string }
      ).accessToken;
    const parents: { token: string; applicationId: string }[] = [];
    for (const email of logins.parents.slice(8)) {
      const t = await token(email);
      const apps = (await (
        await fetch(`${base}/applications`, { headers: { authorization: `Bearer ${t}` } })
      ).json()) as { id: string }[];
      if (apps[0]) parents.push({ token: t, applicationId: apps[0].id });
    }
    const managers = await Promise.all(logins.managers.map(token));
    const creches: { id: string; kind: string }[] = (await (await fetch(`${base}/creches`)).json()) as {
      id: string;
      kind: string;
    }[];
    const byManager = [
      creches.find((c) => c.kind === 'MICRO_CRECHE')!.id,
      creches.find((c) => c.kind === 'COLLECTIVE')!.id,
    ];
    const children: { id: string }[] = await ds.query(`SELECT id FROM children ORDER BY id`);
    let n = 0;
    const statuses: Record<string, number> = {};
    const kinds = [
      'application',
      'application',
      'application',
      'quote',
      'quote',
      'waitlist',
      'booking',
      'booking',
    ] as const;
    const result = await autocannon({
      url: base,
      connections: 20,
      duration: 15,
      requests: [
        {
          setupRequest: (req) => {
            const i = n++;
            const kind = kinds[i % kinds.length];
            const m = i % 2;
            if (kind === 'application') {
              const p = parents[i % parents.length];
              return {
                ...req,
                method: 'GET',
                path: `/api/applications/${p.applicationId}`,
                headers: { authorization: `Bearer ${p.token}` },
              };
            }
            if (kind === 'quote') {
              return {
                ...req,
                method: 'POST',
                path: '/api/fees/quote',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify({
                  date: '2027-09-01',
                  careType: 'MICRO_CRECHE',
                  monthlyResources: String(900 + (i % 60) * 100),
                  dependentChildren: 1 + (i % 3),
                  hoursPerWeek: '38',
                  weeksPerYear: 45,
                }),
              };
            }
            if (kind === 'waitlist')
              return {
                ...req,
                method: 'GET',
                path: `/api/creches/${byManager[m]}/waitlist`,
                headers: { authorization: `Bearer ${managers[m]}` },
              };
            const day = 4 + (i % 5);
            return {
              ...req,
              method: 'POST',
              path: `/api/creches/${byManager[m]}/bookings`,
              headers: { 'content-type': 'application/json', authorization: `Bearer ${managers[m]}` },
              body: JSON.stringify({
                childId: children[i % children.length].id,
                date: `2027-01-${String(day).padStart(2, '0')}`,
                from: '08:00',
                to: '12:00',
                kind: i % 3 ? 'OCCASIONAL' : 'EMERGENCY',
              }),
            };
          },
          onResponse: (status) => {
            statuses[status] = (statuses[status] ?? 0) + 1;
          },
        },
      ],
    });
    console.log(
      `mixed load on the demo, 20 connections, 15 s: ${result.requests.total} requests, ${fmt(result.requests.average, 0)} req/s, latency median ${result.latency.p50} ms, p99 ${result.latency.p99} ms, errors ${result.errors}, statuses ${JSON.stringify(statuses)}`,
    );
    // Invariants afterwards.
    const overLimit: number[] = [];
    for (let m = 0; m < 2; m += 1) {
      const occ = (await (
        await fetch(`${base}/creches/${byManager[m]}/occupancy?from=2027-01-04&to=2027-01-09`, {
          headers: { authorization: `Bearer ${managers[m]}` },
        })
      ).json()) as { days: { segments: { present: number; limit: number; surnombreLimit: number | null }[] }[] };
      // The hard ceiling at any instant is 115 % of the places (surnombre, or an emergency booking).
      for (const d of occ.days)
        for (const s of d.segments) if (s.present > Math.floor((s.limit * 115) / 100)) overLimit.push(s.present);
    }
    const deadline = Date.now() + 60_000;
    let pending = 1;
    while (pending > 0 && Date.now() < deadline) {
      pending = Number((await ds.query(`SELECT count(*) AS n FROM notices WHERE status = 'PENDING'`))[0].n);
      await new Promise((r) => setTimeout(r, 500));
    }
    const sent = Number((await ds.query(`SELECT count(*) AS n FROM notices WHERE status = 'SENT'`))[0].n);
    const ids = new Set(smtp.mails.map((mail) => mail.messageId));
    console.log(
      `  after the load: segments above 115 % of their places ${overLimit.length}; notices sent ${sent}, e-mails received ${smtp.mails.length}, distinct ${ids.size}, still pending ${pending}`,
    );
  } finally {
    await app.close();
    await smtp.stop();
    await db.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
