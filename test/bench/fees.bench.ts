import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { createHttpApp } from '../../src/bootstrap';
import { loadConfig } from '../../src/config/app-config';
import { computeFromSnapshot } from '../../src/modules/fees/domain/fee-inputs';
import { computeHourlyRate, computeMonthlyFee } from '../../src/modules/fees/domain/compute-fee';
import type { FeeScaleVersion } from '../../src/modules/fees/domain/fee-scale';
import { SEED_SCALES } from '../../src/modules/fees/domain/seed-scales';
import type { FeeInputsSnapshot } from '../../src/modules/fees/entities/fee-computation.entity';
import { FeeAuditService } from '../../src/modules/fee-audit/fee-audit.service';
import { benchDatabase, fmt, median } from './support/bench-env';

const scales: FeeScaleVersion[] = SEED_SCALES.map((s, i) => ({ ...s, id: `v${i}` }));
const careTypes = ['COLLECTIVE', 'MICRO_CRECHE', 'FAMILIAL', 'PARENTAL'] as const;

function engineThroughput(): number[] {
  const rounds: number[] = [];
  const n = 20_000;
  for (let r = 0; r < 7; r += 1) {
    const t0 = performance.now();
    for (let i = 0; i < n; i += 1) {
      const hourly = computeHourlyRate(
        {
          date: `20${19 + (i % 8)}-0${1 + (i % 9)}-15`,
          careType: careTypes[i % 4],
          monthlyResources: i % 17 === 0 ? null : `${500 + ((i * 37) % 9000)}.${String(i % 100).padStart(2, '0')}`,
          dependentChildren: 1 + (i % 9),
          aeehChildren: i % 5 === 0 ? 1 : 0,
          asePlacement: i % 97 === 0,
        },
        scales,
      );
      computeMonthlyFee({
        hourlyRate: hourly.hourlyRate,
        hoursPerWeek: String(10 + (i % 40)),
        weeksPerYear: String(40 + (i % 8)),
        billedMonths: 12,
      });
    }
    rounds.push(n / ((performance.now() - t0) / 1000));
  }
  return rounds.slice(2); // the first two warm the JIT up
}

async function recheck10k(): Promise<{ checked: number; deviations: number; seconds: number[] }> {
  const db = await benchDatabase();
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: db.databaseUrl,
    QUEUE_PREFIX: db.queuePrefix,
    LOG_LEVEL: 'silent',
  });
  const app = await createHttpApp({ config, runWorkers: false });
  await app.init();
  try {
    const ds = app.get(DataSource);
    const [territory] = await ds.query(
      `INSERT INTO territories (name, communes, atypical_hours) VALUES ('T', '[]', '{}') RETURNING id`,
    );
    const [creche] = await ds.query(
      `INSERT INTO creches (territory_id, name, commune_insee_code, kind, places, opening_hours) VALUES ($1, 'C', '88372', 'COLLECTIVE', 60, '[]') RETURNING id`,
      [territory.id],
    );
    const dbScales: { id: string; effective_from: string }[] = await ds.query(
      `SELECT id, to_char(effective_from, 'YYYY-MM-DD') AS effective_from FROM fee_scales`,
    );
    const versions = scales.map((s) => ({ ...s, id: dbScales.find((d) => d.effective_from === s.effectiveFrom)!.id }));
    const values: unknown[][] = [];
    for (let i = 0; i < 10_000; i += 1) {
      const inputs: FeeInputsSnapshot = {
        date: `20${19 + (i % 8)}-0${1 + (i % 9)}-15`,
        careType: careTypes[i % 4],
        monthlyResources: i % 17 === 0 ? null : `${500 + ((i * 37) % 9000)}.00`,
        dependentChildren: 1 + (i % 9),
        aeehChildren: i % 5 === 0 ? 1 : 0,
        asePlacement: false,
        ceilingOverride: null,
        hoursPerWeek: String(10 + (i % 40)),
        weeksPerYear: String(40 + (i % 8)),
        billedMonths: 12,
        leaveWeeksPerYear: 5,
        closureWeeks: 2,
      };
      const r = computeFromSnapshot(inputs, versions);
      values.push([
        creche.id,
        inputs.date,
        r.hourly.scale.id,
        inputs.careType,
        JSON.stringify(inputs),
        JSON.stringify(r.trace),
        r.hourly.tier,
        r.hourly.effortRatePercent,
        r.hourly.boundedResources,
        r.hourly.hourlyRate,
        r.monthly.monthlyHours,
        r.monthly.monthlyFee,
        `bench-${i}`,
      ]);
    }
    for (let i = 0; i < values.length; i += 500) {
      const chunk = values.slice(i, i + 500);
      const params = chunk.flat();
      const rows = chunk
        .map((_, j) => `(${Array.from({ length: 13 }, (_, k) => `$${j * 13 + k + 1}`).join(', ')}, 'CONTRACT_CREATED')`)
        .join(', ');
      await ds.query(
        `INSERT INTO fee_computations (creche_id, effective_from, scale_id, care_type, inputs, trace, tier, effort_rate, bounded_resources, hourly_rate, monthly_hours, monthly_fee, idempotency_key, reason) VALUES ${rows}`,
        params,
      );
    }
    const audit = app.get(FeeAuditService);
    const seconds: number[] = [];
    let last = { checked: 0, deviations: [] as unknown[] };
    for (let r = 0; r < 3; r += 1) {
      const t0 = performance.now();
      last = await audit.recheck(creche.id);
      seconds.push((performance.now() - t0) / 1000);
    }
    return { checked: last.checked, deviations: last.deviations.length, seconds };
  } finally {
    await app.close();
    await db.drop();
  }
}

async function main(): Promise<void> {
  const rates = engineThroughput();
  console.log(
    `fee engine (computeHourlyRate + computeMonthlyFee, with trace): median ${Math.round(median(rates)).toLocaleString('en')} computations/s   (target > 50 000/s)`,
  );
  const r = await recheck10k();
  console.log(
    `recheck of ${r.checked} stored computations: median ${fmt(median(r.seconds), 2)} s, ${r.deviations} deviations   (target < 5 s)`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
