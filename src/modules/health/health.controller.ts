import { Controller, Get, Inject, OnModuleDestroy, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import {} from '../../common/openapi/api-errors';
import { HealthResponseDto } from './dto/health.response.dto';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { HealthRepository } from './health.repository';
import { Public } from '../../common/auth/auth.decorators';
import { withDeadline } from '../../common/concurrency/deadline';
import { createFailFastRedis } from '../../common/queue/redis';

type Check = { status: 'up' | 'down'; error?: string };

const CHECK_TIMEOUT_MS = 1_500;

@ApiTags('health')
@Controller('health')
export class HealthController implements OnModuleDestroy {
  private readonly redis: Redis;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly db: HealthRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.redis = createFailFastRedis(config.redisUrl, { lazyConnect: false });
    this.redis.on('error', () => undefined);
  }

  /** 200 when PostgreSQL and Redis both answer, 503 otherwise, with each one's state. */
  @ApiOperation({ summary: 'Check that PostgreSQL and Redis answer' })
  @ApiOkResponse({ type: HealthResponseDto })
  @ApiServiceUnavailableResponse({ type: HealthResponseDto, description: 'PostgreSQL or Redis does not answer' })
  @Public()
  @Get()
  async check(
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ status: 'ok' | 'error'; database: Check; redis: Check }> {
    const [database, redis] = await Promise.all([
      probe(() => this.db.ping(this.dataSource.manager)),
      probe(() => this.redis.ping()),
    ]);
    const ok = database.status === 'up' && redis.status === 'up';
    void reply.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'error', database, redis };
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}

async function probe(fn: () => Promise<unknown>): Promise<Check> {
  try {
    await withDeadline(fn(), CHECK_TIMEOUT_MS, 'timeout');
    return { status: 'up' };
  } catch (err) {
    return { status: 'down', error: (err as Error).message.slice(0, 200) };
  }
}
