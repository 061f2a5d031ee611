import { ConfigError, loadConfig } from './config/app-config';
import { createHttpApp, createWorkerApp, preflight, PreflightError, seedFirstAdmin } from './bootstrap';
import { printDemoBanner } from './demo/demo-banner';
import { seedDemo } from './demo/demo-seed';
import { startBanner } from './start-banner';
import { bufferedLogDestination, flushHeldLines } from './common/logging/log-destination';

type Role = 'all' | 'api' | 'worker';

/** Logs go to stdout in batches (see bufferedLogDestination), what is held written at the latest at exit. */
const logDestination = bufferedLogDestination();

/**
 * `node dist/src/main.js`             API + workers, database created and migrated (the newcomer's `npm start`)
 * `node dist/src/main.js --role=api`  API only     (production)
 * `node dist/src/main.js --role=worker` workers only (production)
 */
async function main(): Promise<void> {
  const role = parseRole(process.argv.slice(2));
  const demo = process.argv.includes('--demo') || process.env.DEMO === '1';
  const config = loadConfig();
  await preflight(config, { prepareDatabase: role === 'all' });
  if (role === 'worker') {
    const app = await createWorkerApp({ config, runWorkers: true, logDestination });
    await seedFirstAdmin(app, config);
    return;
  }
  const app = await createHttpApp({ config, runWorkers: role === 'all', logDestination });
  await seedFirstAdmin(app, config);
  if (demo) printDemoBanner(config, await seedDemo(app));
  await app.listen({ port: config.port, host: '0.0.0.0' });
  // The banner comes after the start-up's log lines, not before those still held.
  flushHeldLines(logDestination);
  process.stdout.write(startBanner(role, config));
}

function parseRole(args: string[]): Role {
  const flag = args.find((a) => a.startsWith('--role='))?.slice('--role='.length) ?? process.env.BERCEAU_ROLE ?? 'all';
  if (flag !== 'all' && flag !== 'api' && flag !== 'worker') {
    throw new ConfigError(`--role must be all, api or worker (got ${flag})`);
  }
  return flag;
}

main().catch((err: unknown) => {
  flushHeldLines(logDestination); // the lines that led to the failure, before it
  if (err instanceof ConfigError || err instanceof PreflightError) {
    process.stderr.write(`berceau: ${err.message}\n`);
  } else {
    process.stderr.write(`berceau: failed to start: ${(err as Error).stack ?? String(err)}\n`);
  }
  process.exit(1);
});
