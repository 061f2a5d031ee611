import { Redis, RedisOptions } from 'ioredis';

/** A connection for producers and health checks: commands fail at once while Redis is away instead of queueing. */
export function createFailFastRedis(url: string, extra: RedisOptions = {}): Redis {
  return new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
    ...extra,
  });
}

/** A connection for BullMQ workers: blocking commands, retried forever (BullMQ requires maxRetriesPerRequest null). */
export function createWorkerRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, retryStrategy: (times) => Math.min(times * 200, 2_000) });
}

/** Where to point people when Redis is not there. */
export function describeRedis(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || 6379}`;
}
