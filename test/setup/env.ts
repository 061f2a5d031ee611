// Runs in every test file's sandbox before its tests: quiet logs, test mode. DATABASE_URL and QUEUE_PREFIX come from
// global-setup (a fresh database and a fresh BullMQ prefix per run); each file takes a prefix of its own below.
process.env.NODE_ENV = 'test';
process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
// The run shares one database, and its apps run on fake clocks: a job at a time of day firing
// during the run (the monthly issue at a real 06:00) would issue any test's month. Tests that check them upsert them.
process.env.CRON_SCHEDULES = 'off';
// A queue prefix per test file (this sandbox's copy of the environment): a file's jobs left waiting, delayed or stalled,
// and its repeatable jobs' periods, never reach the next file's workers. The database stays the run's.
process.env.QUEUE_PREFIX = `${process.env.QUEUE_PREFIX}-${Math.random().toString(36).slice(2, 8)}`;

// global-setup runs in jest's own process, and what it imports (app-config, the entities) makes class-validator, TypeORM
// and @nestjs/swagger keep their metadata registries on that process's global object. jest-environment-node hands each
// test file's sandbox those very globals, so every file's DTO and entity classes went into one process-wide storage,
// which kept each finished file's whole module graph alive (its Nest apps, DataSources, pools): the run's heap grew
// ~45 MB per e2e file, and every validation scanned all files' classes. Without them, each file makes its own.
for (const registry of [
  'classValidatorMetadataStorage',
  'typeormMetadataArgsStorage',
  'SwaggerGlobalParametersStorage',
  'SwaggerGlobalResponsesStorage',
])
  delete (globalThis as Record<string, unknown>)[registry];
