import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/common/db/data-source-options';
import { ensureDatabase } from '../../src/common/db/ensure-database';

/**
 * A database of the test file's own beside the run's (same server, name suffixed), built by the migrations: for a
 * file that rewrites data other files read, such as the demo territory's contracts, which the web app's journeys share.
 */
export async function ownDatabaseUrl(suffix: string): Promise<string> {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `${url.pathname}_${suffix}`;
  const databaseUrl = url.toString();
  await ensureDatabase(databaseUrl);
  const ds = new DataSource(dataSourceOptions(databaseUrl));
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
  } finally {
    await ds.destroy();
  }
  return databaseUrl;
}
