import { createHash } from 'node:crypto';
import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { DomainError } from '../../common/errors/domain-error';
import { createFailFastRedis } from '../../common/queue/redis';

/**
 * Login attempts per e-mail and per client IP, counted in Redis so the limit holds across API processes. If Redis
 * is away, each process falls back to its own in-memory count rather than letting attempts through unlimited.
 * E-mails are hashed before they become keys: no address is stored in Redis.
 */
@Injectable()
export class LoginLimiter implements OnModuleDestroy {
  private readonly redis: Redis;
  private readonly perEmail: RateLimiterRedis;
  private readonly perIp: RateLimiterRedis;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.redis = createFailFastRedis(config.redisUrl);
    this.redis.on('error', () => undefined);
    const { perEmail, perIp, windowSeconds } = config.loginLimits;
    const make = (name: string, points: number) =>
      new RateLimiterRedis({
        storeClient: this.redis,
        keyPrefix: `${config.queuePrefix}-login-${name}`,
        points,
        duration: windowSeconds,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory({ points, duration: windowSeconds }),
      });
    this.perEmail = make('email', perEmail);
    this.perIp = make('ip', perIp);
  }

  async consume(email: string, ip: string): Promise<void> {
    try {
      await Promise.all([this.perEmail.consume(emailKey(email)), this.perIp.consume(ip)]);
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) throw res;
      throw new DomainError('AUTH.TOO_MANY_ATTEMPTS', 'Trop de tentatives de connexion. Réessayez plus tard.', {
        retryAfterSeconds: Math.ceil(res.msBeforeNext / 1000),
      });
    }
  }

  /** A successful login clears the e-mail's counter (not the IP's: one IP may try many accounts). */
  async reset(email: string): Promise<void> {
    await this.perEmail.delete(emailKey(email)).catch(() => undefined);
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}

function emailKey(email: string): string {
  return createHash('sha256').update(email).digest('hex').slice(0, 32);
}
