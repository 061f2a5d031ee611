import 'reflect-metadata';
import { writeSync } from 'node:fs';
import { Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import pino from 'pino';
import type { AppConfig } from '../../src/config/app-config';
import { bufferedLogDestination, useShutdownHooks } from '../../src/common/logging/log-destination';
import { loggerModule } from '../../src/common/logging/logger.module';

/**
 * A process that logs one line through `bufferedLogDestination` to its stdout (a pipe, as in production), then ends
 * as `mode` says, for log-destination.int-spec. Right after the line it writes MARK to stdout directly: a line held
 * by the destination comes after MARK, a line written at once before it. Tells its parent over IPC when it is done.
 */
export const MARK = 'MARK: written directly';
const mode = process.argv[2];

function logged(): void {
  writeSync(1, `${MARK}\n`);
  process.send!('logged');
}

/** Logs from the last shutdown hooks Nest runs (a module deeper than the logger's, as the feature modules are). */
@Injectable()
class LateShutdownLogger implements OnApplicationShutdown {
  onApplicationShutdown(): void {
    new Logger('Late').log('line logged while shutting down');
  }
}

@Module({ providers: [LateShutdownLogger] })
class DeepModule {}

@Module({ imports: [DeepModule] })
class MiddleModule {}

async function main(): Promise<void> {
  if (mode === 'sigterm') {
    // As createWorkerApp: the application logs through the destination, its shutdown hooks on.
    @Module({ imports: [loggerModule({ logLevel: 'info' } as AppConfig, bufferedLogDestination()), MiddleModule] })
    class ChildModule {}
    const app = await NestFactory.createApplicationContext(ChildModule, { bufferLogs: true });
    const { Logger: PinoNestLogger } = await import('nestjs-pino');
    app.useLogger(app.get(PinoNestLogger));
    useShutdownHooks(app);
    new Logger('Child').log('line before the signal');
    logged();
    setInterval(() => undefined, 1000); // alive until the signal, as a server is
    return;
  }
  const log = pino(bufferedLogDestination());
  log.info('line before the end');
  logged();
  if (mode === 'exit') process.exit(0);
  if (mode === 'throw') throw new Error('the child fails');
  setTimeout(() => undefined, 30_000); // 'stay': the parent kills it
}

// Run as a script only (the spec imports MARK from here).
if (require.main === module) void main();
