import { Redis } from 'ioredis';
import { loadConfig } from '../../src/config/app-config';
import { dropDatabase } from '../../src/common/db/ensure-database';

export default async function globalTeardown(): Promise<void> {
  const config = loadConfig();
  if (config.databaseUrl.includes('berceau_test_')) await dropDatabase(config.databaseUrl);
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1 });
  try {
    const stream = redis.scanStream({ match: `${config.queuePrefix}*`, count: 500 });
    for await (const keys of stream as AsyncIterable<string[]>) if (keys.length) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}
