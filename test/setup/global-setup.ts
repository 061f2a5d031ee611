import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/app-config';
import { dataSourceOptions } from '../../src/common/db/data-source-options';
import { ensureDatabase } from '../../src/common/db/ensure-database';

/** One fresh database per run, built by the migrations (never synchronize), and a BullMQ prefix of its own. */
export default async function globalSetup(): Promise<void> {
  const runId = randomBytes(4).toString('hex');
  const base = new URL(loadConfig().databaseUrl);
  base.pathname = `/berceau_test_${runId}`;
  const databaseUrl = base.toString();
  await ensureDatabase(databaseUrl);
  const ds = new DataSource(dataSourceOptions(databaseUrl));
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await ds.destroy();
  process.env.DATABASE_URL = databaseUrl;
  process.env.QUEUE_PREFIX = `berceau-test-${runId}`;
}
