// Runs in every test worker before the tests: quiet logs, test mode. DATABASE_URL and QUEUE_PREFIX come from
// global-setup (a fresh database and a fresh BullMQ prefix per run).
process.env.NODE_ENV = 'test';
process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
