import { Redis } from 'ioredis';
import { Client } from 'pg';
import { loadConfig } from '../../src/config/app-config';
import { dropDatabase } from '../../src/common/db/ensure-database';

export default async function globalTeardown(): Promise<void> {
  const config = loadConfig();
  if (config.databaseUrl.includes('berceau_test_')) {
    // The files' own databases beside the run's (test/support/own-database.ts), then the run's.
    for (const url of await ownDatabasesOf(config.databaseUrl)) await dropDatabase(url);
    await dropDatabase(config.databaseUrl);
  }
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1 });
  try {
    const stream = redis.scanStream({ match: `${config.queuePrefix}*`, count: 500 });
    for await (const keys of stream as AsyncIterable<string[]>) if (keys.length) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

async function ownDatabasesOf(databaseUrl: string): Promise<string[]> {
  const name = new URL(databaseUrl).pathname.slice(1);
  const server = new URL(databaseUrl);
  server.pathname = '/postgres';
  const client = new Client({ connectionString: server.toString() });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1 || '\_%'`,
      [name],
    );
    return rows.map((r) => {
      const url = new URL(databaseUrl);
      url.pathname = `/${r.datname}`;
      return url.toString();
    });
  } finally {
    await client.end();
  }
}
