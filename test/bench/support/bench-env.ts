import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../../src/config/app-config';
import { dataSourceOptions } from '../../../src/common/db/data-source-options';
import { dropDatabase, ensureDatabase } from '../../../src/common/db/ensure-database';

/** A throwaway database built by the migrations, and a BullMQ prefix of its own, for one benchmark. */
export async function benchDatabase(): Promise<{
  databaseUrl: string;
  queuePrefix: string;
  drop: () => Promise<void>;
}> {
  const id = randomBytes(4).toString('hex');
  const url = new URL(loadConfig().databaseUrl);
  url.pathname = `/berceau_bench_${id}`;
  const databaseUrl = url.toString();
  await ensureDatabase(databaseUrl);
  const ds = new DataSource(dataSourceOptions(databaseUrl));
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await ds.destroy();
  return { databaseUrl, queuePrefix: `berceau-bench-${id}`, drop: () => dropDatabase(databaseUrl) };
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

export const fmt = (x: number, digits = 3) => x.toFixed(digits);
