import { performance } from 'node:perf_hooks';
import { SmtpSink } from '../support/smtp-sink';
import { startBenchApp } from './support/bench-app';
import { fmt } from './support/bench-env';

/** Confirming a 100-offer round through HTTP, until every family's offer e-mail has reached the SMTP server. */
async function main(): Promise<void> {
  const smtp = new SmtpSink();
  await smtp.start();
  const b = await startBenchApp({ runWorkers: true, env: { SMTP_URL: smtp.url } });
  const { ds, call } = b;
  const adminToken = b.admin.token;
  const managerToken = b.manager.token;
  try {
    const territory = await call('POST', '/territories', adminToken, {
      name: 'CC Bench',
      communes: [{ inseeCode: '88372', name: 'Rambervillers' }],
    });
    const creche = await call('POST', '/creches', adminToken, {
      territoryId: territory.id,
      name: 'Crèche collective',
      commune: '88372',
      kind: 'COLLECTIVE',
      places: 100,
      surnombre: false,
      openingHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '07:00', closes: '19:00' })),
    });
    await call('PUT', `/creches/${creche.id}/managers`, adminToken, { userIds: [b.manager.id] });
    // 100 households, each a parent account, a child and an application.
    const parents: { userId: string; email: string }[] = await ds.query(
      `INSERT INTO users (email, password_hash, first_name, last_name, role)
       SELECT 'parent' || g || '@bench.test', 'x', 'Parent', 'Bench', 'PARENT' FROM generate_series(1, 100) g RETURNING id AS "userId", email`,
    );
    for (const p of parents) {
      const [f] = await ds.query(
        `INSERT INTO families (commune_insee_code, monthly_resources, dependent_children) VALUES ('88372', 2500, 2) RETURNING id`,
      );
      await ds.query(`INSERT INTO family_members (family_id, user_id) VALUES ($1, $2)`, [f.id, p.userId]);
      const [c] = await ds.query(
        `INSERT INTO children (family_id, first_name, birth_date) VALUES ($1, 'Enfant', '2026-06-01') RETURNING id`,
        [f.id],
      );
      const schedule = JSON.stringify([1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '08:00', to: '17:00' })));
      const [a] = await ds.query(
        `INSERT INTO applications (family_id, child_id, desired_start_date, schedule) VALUES ($1, $2, '2027-09-01', $3) RETURNING id`,
        [f.id, c.id, schedule],
      );
      // Each preference carries the week asked of its crèche (issue #15).
      await ds.query(
        `INSERT INTO application_preferences (application_id, creche_id, rank, schedule) VALUES ($1, $2, 1, $3)`,
        [a.id, creche.id, schedule],
      );
    }
    const round = await call('POST', '/allocation-rounds', managerToken, {
      crecheIds: [creche.id],
      startDate: '2027-09-01',
    });
    const t0 = performance.now();
    const confirmed = await call<{ offers: unknown[] }>(
      'POST',
      `/allocation-rounds/${round.id}/confirm`,
      managerToken,
      {},
    );
    const tConfirm = performance.now() - t0;
    await smtp.waitFor((mails) => mails.filter((m) => m.subject.startsWith('Une place')).length >= 100, 120_000);
    const tAll = performance.now() - t0;
    const perRecipient = new Set(smtp.mails.filter((m) => m.subject.startsWith('Une place')).map((m) => m.to[0]));
    console.log(
      `confirm of a ${confirmed.offers.length}-offer round: HTTP answer in ${fmt(tConfirm / 1000, 2)} s, all ${perRecipient.size} offer e-mails received ${fmt(tAll / 1000, 2)} s after the request`,
    );
  } finally {
    await b.close();
    await smtp.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
