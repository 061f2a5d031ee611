import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { DomainError } from '../../common/errors/domain-error';
import { createFailFastRedis } from '../../common/queue/redis';

/** Invitations to a crèche's staff one account may send in an hour. */
export const INVITATIONS_PER_HOUR = 20;

/**
 * Sign-ups per client address and hour, and invitations per inviting account and hour, counted in Redis so the
 * limits hold across API processes.
 */
@Injectable()
export class RegistrationLimiter implements OnModuleDestroy {
  private readonly redis: Redis;
  private readonly perIp: RateLimiterRedis;
  private readonly invitationsPerActor: RateLimiterRedis;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.redis = createFailFastRedis(config.redisUrl);
    this.redis.on('error', () => undefined);
    const points = config.loginLimits.registrationsPerIpHour;
    this.perIp = new RateLimiterRedis({
      storeClient: this.redis,
      keyPrefix: `${config.queuePrefix}-register-ip`,
      points,
      duration: 3600,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory({ points, duration: 3600 }),
    });
    // A manager makes a few accounts for their team, not hundreds: each one e-mails an address of their choosing.
    this.invitationsPerActor = new RateLimiterRedis({
      storeClient: this.redis,
      keyPrefix: `${config.queuePrefix}-invite-actor`,
      points: INVITATIONS_PER_HOUR,
      duration: 3600,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory({ points: INVITATIONS_PER_HOUR, duration: 3600 }),
    });
  }

  /** One more invitation by this account (a crèche's staff), within INVITATIONS_PER_HOUR. */
  async consumeInvitation(actorId: string): Promise<void> {
    try {
      await this.invitationsPerActor.consume(actorId);
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) throw res;
      throw new DomainError('REQUEST.TOO_MANY', 'Trop d’invitations envoyées en une heure. Réessayez plus tard.', {
        retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
      });
    }
  }

  async consume(ip: string): Promise<void> {
    try {
      await this.perIp.consume(ip);
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) throw res;
      throw new DomainError(
        'REQUEST.TOO_MANY',
        'Trop de créations de compte depuis cette adresse. Réessayez plus tard.',
        {
          retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
        },
      );
    }
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}
