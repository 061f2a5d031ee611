import { createHash } from 'node:crypto';
import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { DomainError } from '../../common/errors/domain-error';
import { createFailFastRedis } from '../../common/queue/redis';

/**
 * The limits of the session routes, counted in Redis so they hold across API processes (each falls back to its own
 * memory while Redis is away, never to no limit):
 * - refreshes per client address and login window (REFRESH_MAX_PER_IP), like logins: a stolen cookie jar cannot be
 *   replayed at speed;
 * - password-reset requests per client address and hour (REGISTER_MAX_PER_IP, like sign-ups), a 429 past it;
 * - password-reset e-mails per address and hour (PASSWORD_RESET_MAX_PER_EMAIL): past it the request is answered the
 *   same 202 and sends nothing, so nobody can flood a mailbox and the answer never tells whether the address exists.
 * E-mails are hashed before they become keys: no address is stored in Redis.
 */
@Injectable()
export class SessionLimiter implements OnModuleDestroy {
  private readonly redis: Redis;
  private readonly refreshPerIp: RateLimiterRedis;
  private readonly resetPerIp: RateLimiterRedis;
  private readonly resetPerEmail: RateLimiterRedis;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.redis = createFailFastRedis(config.redisUrl);
    this.redis.on('error', () => undefined);
    const limiter = (name: string, points: number, duration: number) =>
      new RateLimiterRedis({
        storeClient: this.redis,
        keyPrefix: `${config.queuePrefix}-${name}`,
        points,
        duration,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory({ points, duration }),
      });
    const l = config.loginLimits;
    this.refreshPerIp = limiter('refresh-ip', l.refreshesPerIp, l.windowSeconds);
    this.resetPerIp = limiter('password-reset-ip', l.registrationsPerIpHour, 3600);
    this.resetPerEmail = limiter('password-reset-account', l.passwordResetsPerEmailHour, 3600);
  }

  async consumeRefresh(ip: string): Promise<void> {
    try {
      await this.refreshPerIp.consume(ip);
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) throw res;
      throw new DomainError('AUTH.TOO_MANY_ATTEMPTS', 'Trop de tentatives de connexion. Réessayez plus tard.', {
        retryAfterSeconds: seconds(res.msBeforeNext),
      });
    }
  }

  async consumeResetRequest(ip: string): Promise<void> {
    try {
      await this.resetPerIp.consume(ip);
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) throw res;
      throw new DomainError('REQUEST.TOO_MANY', 'Trop de demandes depuis cette adresse. Réessayez plus tard.', {
        retryAfterSeconds: seconds(res.msBeforeNext),
      });
    }
  }

  /** Whether one more reset e-mail may go to this address this hour (counted whether or not it has an account). */
  async resetEmailAllowed(email: string): Promise<boolean> {
    try {
      await this.resetPerEmail.consume(createHash('sha256').update(email).digest('hex').slice(0, 32));
      return true;
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) throw res;
      return false;
    }
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
