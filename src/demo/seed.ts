import { loadConfig, ConfigError } from '../config/app-config';
import { createWorkerApp, preflight, PreflightError } from '../bootstrap';
import { printDemoBanner } from './demo-banner';
import { seedDemo } from './demo-seed';

/** `npm run seed:demo`: creates the database if needed, migrates, loads the demo (once), prints the logins. */
async function main(): Promise<void> {
  const config = loadConfig();
  await preflight(config, { prepareDatabase: true });
  const app = await createWorkerApp({ config, runWorkers: false });
  try {
    printDemoBanner(config, await seedDemo(app));
  } finally {
    await app.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(
    `berceau: ${err instanceof ConfigError || err instanceof PreflightError ? err.message : ((err as Error).stack ?? String(err))}\n`,
  );
  process.exit(1);
});
