import 'reflect-metadata';
import { openSync, readFileSync } from 'node:fs';
import { Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import pino from 'pino';
import type { AppConfig } from '../../src/config/app-config';
import { bufferedLogDestination } from '../../src/common/logging/log-destination';
import { loggerModule } from '../../src/common/logging/logger.module';

/**
 * A process that logs through `bufferedLogDestination` into the file given, then ends as `mode` says, for
 * log-destination.int-spec. It reports on stdout, as one JSON line, what the file held right after the line was logged.
 */
const [mode, file] = process.argv.slice(2);
// A descriptor, as stdout is in production (a path would be opened asynchronously, and not be ready at once).
const fd = openSync(file, 'a');

function report(logged: string): void {
  process.stdout.write(`${JSON.stringify({ heldRightAfter: readFileSync(file, 'utf8') === '', logged })}\n`);
}

async function main(): Promise<void> {
  if (mode === 'sigterm') {
    // As main.ts: the application's modules log through the destination, Nest's shutdown hooks on.
    @Module({ imports: [loggerModule({ logLevel: 'info' } as AppConfig, bufferedLogDestination(fd))] })
    class ChildModule {}
    const app = await NestFactory.createApplicationContext(ChildModule, { logger: false });
    app.enableShutdownHooks();
    const { Logger: PinoNestLogger } = await import('nestjs-pino');
    app.useLogger(app.get(PinoNestLogger));
    new Logger('Child').log('line before the signal');
    report('line before the signal');
    setInterval(() => undefined, 1000); // alive until the signal, as a server is
    return;
  }
  const log = pino(bufferedLogDestination(fd));
  log.info('line before the end');
  report('line before the end');
  if (mode === 'exit') process.exit(0);
  if (mode === 'throw') throw new Error('the child fails');
  if (mode === 'stay') setTimeout(() => undefined, 30_000); // the parent kills it
}

void main();
