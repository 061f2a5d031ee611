import { Inject, Injectable, OnApplicationShutdown, Optional } from '@nestjs/common';
import { destination, DestinationStream } from 'pino';
import { withDeadline } from '../concurrency/deadline';

/** Lines are held until this many bytes are waiting (some twenty request lines), then written in one system call. */
export const LOG_BUFFER_BYTES = 4096;
/** …and never held longer than this, so a quiet process's lines still reach its log collector at once. */
export const LOG_FLUSH_MS = 100;
/** How long the shutdown waits for the held lines to be written (a stalled log pipe must not hold the exit). */
const SHUTDOWN_FLUSH_MS = 1000;

/** A destination that can write what it holds (pino's `SonicBoom`). */
export interface FlushableDestination extends DestinationStream {
  flush(cb?: (err?: Error) => void): void;
}

/**
 * Where the API and the workers write their JSON logs in production (stdout by default): buffered. Every request
 * writes one line, and writing each line in its own `write(2)` was a tenth of the fee simulator's CPU (issue #18);
 * held up to LOG_BUFFER_BYTES or LOG_FLUSH_MS, the lines of a busy process go out some twenty at a time. pino writes
 * what is held when the process exits (`process.exit`, an uncaught exception, the event loop emptied) and
 * `FlushLogsOnShutdown` does when a signal stops it; only a process killed outright (SIGKILL, a crash of Node itself)
 * loses its last LOG_FLUSH_MS of lines.
 */
export function bufferedLogDestination(dest: number | string = 1): FlushableDestination {
  return destination({ dest, sync: false, minLength: LOG_BUFFER_BYTES, periodicFlush: LOG_FLUSH_MS });
}

/** Resolves once every line held so far is written (or at once for a destination that holds nothing). */
export function flushLogs(dest: DestinationStream | undefined): Promise<void> {
  if (!isFlushable(dest)) return Promise.resolve();
  return new Promise((resolve, reject) => dest.flush((err) => (err ? reject(err) : resolve())));
}

function isFlushable(dest: DestinationStream | undefined): dest is FlushableDestination {
  return typeof (dest as Partial<FlushableDestination> | undefined)?.flush === 'function';
}

export const LOG_DESTINATION = Symbol('LOG_DESTINATION');

/**
 * Nest's shutdown hooks end a process stopped by SIGTERM or SIGINT by sending it the signal again once the
 * application is closed, and Node emits no `exit` then: pino's own flush at exit would not run, and the last lines
 * (those of the shutdown itself) would be lost. This hook, the last step of `app.close()`, writes them first.
 */
@Injectable()
export class FlushLogsOnShutdown implements OnApplicationShutdown {
  constructor(@Optional() @Inject(LOG_DESTINATION) private readonly dest?: DestinationStream) {}

  async onApplicationShutdown(): Promise<void> {
    await withDeadline(flushLogs(this.dest), SHUTDOWN_FLUSH_MS, 'logs not flushed at shutdown').catch(() => undefined);
  }
}
