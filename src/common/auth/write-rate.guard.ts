import { CanActivate, ExecutionContext, Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { DomainError } from '../errors/domain-error';
import { createFailFastRedis } from '../queue/redis';
import type { AuthUser } from './auth.decorators';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Writes by a parent account are limited per minute, counted in Redis so that the limit holds across API instances
 * (issue #13: one account created 1,401 children and 1,001 applications in 15 s and pushed every real family down
 * the list). Staff accounts, made by an admin, are not limited here. Runs after the auth guard, which sets the user.
 */
@Injectable()
export class WriteRateGuard implements CanActivate, OnModuleDestroy {
  private readonly redis: Redis;
  private readonly limiter: RateLimiterRedis;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.redis = createFailFastRedis(config.redisUrl);
    this.redis.on('error', () => undefined);
    const points = config.parentWritesPerMinute;
    this.limiter = new RateLimiterRedis({
      storeClient: this.redis,
      keyPrefix: `${config.queuePrefix}-writes`,
      points,
      duration: 60,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory({ points, duration: 60 }),
    });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: AuthUser }>();
    if (!WRITES.has(request.method) || request.user?.role !== 'PARENT') return true;
    try {
      await this.limiter.consume(request.user.id);
      return true;
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) throw res;
      throw new DomainError('REQUEST.TOO_MANY', 'Trop de modifications en peu de temps. Réessayez dans une minute.', {
        retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
      });
    }
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}
