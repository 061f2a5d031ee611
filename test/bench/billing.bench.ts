import { performance } from 'node:perf_hooks';
import { InvoicingService } from '../../src/modules/billing/invoicing.service';
import { startBenchApp } from './support/bench-app';
import { fmt } from './support/bench-env';
import { BENCH_MONTH, crecheWithChildren } from './support/billing-territory';

/**
 * Issue #16: issuing a month of invoices. One micro-crèche of 12 children over HTTP (target < 1 s), then a territory
 * of 2 000 children in 40 crèches by the monthly job's path (target < 30 s). Contracts, fees, a month of attendance
 * and some absences are cloned in SQL from one contract made through the API.
 */
const MONTH = BENCH_MONTH;

async function main(): Promise<void> {
  const b = await startBenchApp({ runWorkers: false });
  try {
    const territory = await b.call('POST', '/territories', b.admin.token, {
      name: 'CC Bench',
      communes: [{ inseeCode: '88372', name: 'Rambervillers' }],
    });
    const micro = await crecheWithChildren(b, territory.id, 'Micro-crèche 12', 12);
    const t0 = performance.now();
    const res = await b.call<{ issued: { total: string }[] }>(
      'POST',
      `/creches/${micro}/invoices/issue`,
      b.manager.token,
      {
        month: MONTH,
      },
    );
    const tMicro = performance.now() - t0;
    console.log(
      `issue ${MONTH} for a micro-crèche of 12 children over HTTP: ${res.issued.length} invoices in ${fmt(tMicro)} ms (target < 1 000 ms)`,
    );

    for (let i = 1; i <= 40; i += 1) await crecheWithChildren(b, territory.id, `Crèche ${i}`, 50);
    const invoicing = b.app.get(InvoicingService);
    const t1 = performance.now();
    let issued = 0;
    for (const c of await b.ds.query(`SELECT id FROM creches WHERE territory_id = $1 ORDER BY name`, [territory.id]))
      issued += (await invoicing.issueMonth(null, c.id, MONTH)).issued.length;
    const tTerritory = performance.now() - t1;
    const [check] = await b.ds.query(
      `SELECT count(*)::int AS n, count(DISTINCT (creche_id, number))::int AS distinct_numbers FROM invoices`,
    );
    console.log(
      `issue ${MONTH} for a territory of 2 012 children in 41 crèches: ${issued} new invoices in ${fmt(tTerritory / 1000, 2)} s (target < 30 s); ${check.n} invoices in all, ${check.distinct_numbers} distinct numbers`,
    );
    if (tMicro > 1000 || tTerritory > 30_000) process.exitCode = 1;
  } finally {
    await b.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
