import { createHash } from 'node:crypto';
import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { DomainError } from '../../common/errors/domain-error';
import { createFailFastRedis } from '../../common/queue/redis';

/**
 * Login attempts. Per client address: a hard limit per window on attempts that fail, counted in Redis so it holds
 * across API processes (each attempt takes a point before its password is checked, and a success gives it back: a
 * crèche's staff signing in all morning behind one office address never reach it, guesses still do).
 * Per account: a growing delay instead of a hard lock (issue #13: ten wrong passwords locked the real user out for the
 * whole window). After LOGIN_MAX_PER_EMAIL consecutive failures each further failure makes the account wait
 * LOGIN_DELAY_BASE_MS, doubled at each failure, at most the window; attempts during the wait are refused without
 * counting, and a success clears it. If Redis is away, each process falls back to its own memory rather than letting
 * attempts through unlimited. E-mails are hashed before they become keys: no address is stored in Redis.
 */
@Injectable()
export class LoginLimiter implements OnModuleDestroy {
  private readonly redis: Redis;
  private readonly perIp: RateLimiterRedis;
  private readonly prefix: string;
  private readonly free: number;
  private readonly baseMs: number;
  private readonly windowMs: number;
  /** Fallback while Redis is away: failures and the end of the wait, per e-mail key. */
  private readonly memory = new Map<string, { failures: number; waitUntil: number; expires: number }>();

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.redis = createFailFastRedis(config.redisUrl);
    this.redis.on('error', () => undefined);
    const { perEmail, perIp, windowSeconds, delayBaseMs } = config.loginLimits;
    this.perIp = new RateLimiterRedis({
      storeClient: this.redis,
      keyPrefix: `${config.queuePrefix}-login-ip`,
      points: perIp,
      duration: windowSeconds,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory({ points: perIp, duration: windowSeconds }),
    });
    this.prefix = `${config.queuePrefix}-login-account`;
    this.free = perEmail;
    this.baseMs = delayBaseMs;
    this.windowMs = windowSeconds * 1000;
  }

  /** Before checking a password: refused while the account waits, or when the address used up its attempts. */
  async consume(email: string, ip: string): Promise<void> {
    const waitMs = await this.waitOf(emailKey(email));
    if (waitMs > 0) throw tooMany(waitMs);
    try {
      await this.perIp.consume(ip);
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) throw res;
      throw tooMany(res.msBeforeNext);
    }
  }

  /** A wrong password: past the free attempts, the account waits, twice as long at each further failure. */
  async recordFailure(email: string): Promise<void> {
    const key = emailKey(email);
    try {
      const failures = await this.redis.incr(`${this.prefix}-fails:${key}`);
      await this.redis.pexpire(`${this.prefix}-fails:${key}`, this.windowMs);
      const delay = this.delayAfter(failures);
      if (delay > 0) await this.redis.set(`${this.prefix}-wait:${key}`, '1', 'PX', delay);
    } catch {
      const now = Date.now();
      const entry = this.memory.get(key);
      const failures = (entry && entry.expires > now ? entry.failures : 0) + 1;
      this.memory.set(key, { failures, waitUntil: now + this.delayAfter(failures), expires: now + this.windowMs });
    }
  }

  /** A successful login clears the account's failures (not the address's: one address may try many accounts). */
  async reset(email: string): Promise<void> {
    const key = emailKey(email);
    this.memory.delete(key);
    await this.redis.del(`${this.prefix}-fails:${key}`, `${this.prefix}-wait:${key}`).catch(() => undefined);
  }

  /** A successful login gives its address back the point its attempt took (only failures use the address's limit). */
  async refund(ip: string): Promise<void> {
    await this.perIp.reward(ip, 1).catch(() => undefined);
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }

  /** Milliseconds of wait after `failures` consecutive failures: none for the free ones, then base × 2^k, capped. */
  private delayAfter(failures: number): number {
    if (failures < this.free) return 0;
    return Math.min(this.baseMs * 2 ** Math.min(failures - this.free, 30), this.windowMs);
  }

  private async waitOf(key: string): Promise<number> {
    try {
      return Math.max(0, await this.redis.pttl(`${this.prefix}-wait:${key}`));
    } catch {
      return Math.max(0, (this.memory.get(key)?.waitUntil ?? 0) - Date.now());
    }
  }
}

function tooMany(waitMs: number): DomainError {
  return new DomainError('AUTH.TOO_MANY_ATTEMPTS', 'Trop de tentatives de connexion. Réessayez plus tard.', {
    retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
  });
}

function emailKey(email: string): string {
  return createHash('sha256').update(email).digest('hex').slice(0, 32);
}
