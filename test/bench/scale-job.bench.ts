import { performance } from 'node:perf_hooks';
import { ContractFeesService } from '../../src/modules/contracts/contract-fees.service';
import { startBenchApp } from './support/bench-app';
import { fmt } from './support/bench-env';
import { crecheWithChildren } from './support/billing-territory';

/**
 * The nightly fee job (`fees.apply-scales`, 02:30) on a territory of 2 000 running contracts in 40 crèches: an
 * ordinary night (every version already applied: the reference), the night a new scale version takes effect on
 * 1 January (every contract computed again from that day), and the next night. No target in an issue: nobody waits
 * for it, but it must be over long before the crèches open, and a night with nothing new must cost little.
 */
async function main(): Promise<void> {
  const b = await startBenchApp({ runWorkers: false });
  try {
    const territory = await b.call('POST', '/territories', b.admin.token, {
      name: 'CC Bench',
      communes: [{ inseeCode: '88372', name: 'Rambervillers' }],
    });
    for (let i = 1; i <= 40; i += 1) await crecheWithChildren(b, territory.id, `Crèche ${i}`, 50);
    const fees = b.app.get(ContractFeesService);
    const night = async (today: string) => {
      const t0 = performance.now();
      const count = await fees.applyScales(today);
      return { count, seconds: (performance.now() - t0) / 1000 };
    };

    const ordinary = await night('2026-12-01');
    await b.call('POST', '/fee-scales', b.admin.token, {
      effectiveFrom: '2027-01-01',
      floor: '830.00',
      ceiling: '8500.00',
      tables: {
        collective: [1, 2, 3, 4, 8].map((fromChildren, i) => ({
          fromChildren,
          rate: ['0.0619', '0.0516', '0.0413', '0.0310', '0.0206'][i],
        })),
        familial: [1, 2, 3, 6].map((fromChildren, i) => ({
          fromChildren,
          rate: ['0.0516', '0.0413', '0.0310', '0.0206'][i],
        })),
      },
      microCrecheTable: 'collective',
      provenance: 'Bench version, not a real circular',
      verified: false,
    });
    const newVersion = await night('2027-01-01');
    const next = await night('2027-01-02');
    const [check] = await b.ds.query(
      `SELECT count(*)::int AS n, count(DISTINCT contract_id)::int AS contracts FROM fee_computations
        WHERE reason = 'SCALE_CHANGED' AND effective_from = '2027-01-01'`,
    );
    const heapMb = process.memoryUsage().heapUsed / 2 ** 20;
    console.log(
      `nightly fee job, 2 000 running contracts in 40 crèches: an ordinary night ${fmt(ordinary.seconds, 2)} s (${ordinary.count} contracts computed, the reference)`,
    );
    console.log(
      `  the night a version takes effect: ${newVersion.count} contracts computed again in ${fmt(newVersion.seconds, 2)} s (${fmt((newVersion.seconds * 1000) / Math.max(newVersion.count, 1), 2)} ms a contract); ${check.n} computations from 2027-01-01 for ${check.contracts} contracts`,
    );
    console.log(
      `  the next night: ${fmt(next.seconds, 2)} s (${next.count} computed: the version is applied once); heap used ${Math.round(heapMb)} MB`,
    );
    if (newVersion.count !== 2000 || check.n !== 2000 || next.count !== 0 || ordinary.count !== 0) process.exitCode = 1;
  } finally {
    await b.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
