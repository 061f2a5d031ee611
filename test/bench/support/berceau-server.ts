import { bufferedLogDestination } from '../../../src/common/logging/log-destination';
import { createHttpApp } from '../../../src/bootstrap';
import { loadConfig } from '../../../src/config/app-config';

/**
 * Berceau's API alone in its own process (the `api` role: no workers), as the HTTP benchmarks measure it: started by
 * the bench with NODE_ENV=production, every request logged at `info` (one JSON line each, buffered as main.ts does:
 * `bufferedLogDestination`), the lines written to /dev/null. Tells its parent its URL over IPC.
 */
async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' });
  const app = await createHttpApp({
    config,
    runWorkers: false,
    logDestination: bufferedLogDestination('/dev/null'),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  // The bench asks for the CPU time used so far, to compute the CPU time per request of a round.
  process.on('message', (m: string) => {
    if (m === 'cpu') process.send!({ cpu: process.cpuUsage() });
  });
  process.send!({ url: await app.getUrl() });
  process.once('disconnect', () => void app.close().finally(() => process.exit(0)));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
