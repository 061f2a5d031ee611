import 'reflect-metadata';
import { Controller, Get, Module, Post, HttpCode, Inject, Body } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Pool } from 'pg';
import { bufferedLogDestination } from '../../../src/common/logging/log-destination';

/**
 * The reference of the HTTP benchmarks: a bare Nest + Fastify server of the versions Berceau uses, started by the
 * bench in its own process with NODE_ENV=production. `GET /hello`, `POST /echo` and `POST /answer` answer at once;
 * `GET /select1` asks PostgreSQL `SELECT 1` through a pg pool first. No guard, no pipe, no logging: the framework's
 * own floor.
 * With REFERENCE_REQUEST_LOG=1, Fastify's own request logging is on (pino at `info`, its two lines a request, written
 * as Berceau's are: `bufferedLogDestination` to /dev/null), the other way to read the "request logging on".
 */
const POOL = Symbol('POOL');
const ANSWER: unknown = JSON.parse(process.env.REFERENCE_ANSWER ?? '{}');

@Controller()
class ReferenceController {
  constructor(@Inject(POOL) private readonly pool: Pool) {}

  @Get('hello')
  hello(): { hello: string } {
    return { hello: 'world' };
  }

  @Post('echo')
  @HttpCode(200)
  echo(@Body() body: unknown): unknown {
    return body;
  }

  /**
   * The floor of the simulator's route: its request body read, and the answer Berceau gave to it (REFERENCE_ANSWER,
   * parsed once at boot) sent back, serialized per request as any answer is: no computation, guard, pipe or hook.
   */
  @Post('answer')
  @HttpCode(200)
  answer(@Body() _body: unknown): unknown {
    return ANSWER;
  }

  @Get('select1')
  async select1(): Promise<{ one: number }> {
    const { rows } = await this.pool.query<{ one: number }>('SELECT 1 AS one');
    return rows[0];
  }
}

@Module({
  controllers: [ReferenceController],
  providers: [{ provide: POOL, useFactory: () => new Pool({ connectionString: process.env.DATABASE_URL, max: 10 }) }],
})
class ReferenceModule {}

async function main(): Promise<void> {
  const requestLog = process.env.REFERENCE_REQUEST_LOG === '1';
  const adapter = new FastifyAdapter(
    requestLog ? { logger: { level: 'info', stream: bufferedLogDestination('/dev/null') } } : {},
  );
  const app = await NestFactory.create<NestFastifyApplication>(ReferenceModule, adapter, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  // The bench asks for the CPU time used so far, to compute the CPU time per request of a round.
  process.on('message', (m: string) => {
    if (m === 'cpu') process.send!({ cpu: process.cpuUsage() });
  });
  process.send!({ url: await app.getUrl() });
  process.once('disconnect', () => void app.close().finally(() => process.exit(0)));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
