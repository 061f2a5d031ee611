import type { INestApplicationContext } from '@nestjs/common';
import { destination } from 'pino';

/** Lines are held until this many bytes are waiting (some twenty request lines), then written in one system call. */
export const LOG_BUFFER_BYTES = 4096;
/** …and never held longer than this, so a quiet process's lines still reach its log collector at once. */
export const LOG_FLUSH_MS = 100;

export type LogDestination = ReturnType<typeof destination>;

/**
 * Where the API and the workers write their JSON logs in production (stdout by default): buffered. Every request
 * writes one line, and writing each line in its own `write(2)` was 8 % of the fee simulator's profile (issue #18);
 * held up to LOG_BUFFER_BYTES or LOG_FLUSH_MS, the lines of a busy process go out some twenty at a time.
 *
 * The writes stay synchronous, as with pino's default destination: none is ever under way when the process ends, so
 * the `exit` handler below writes what is held whole and in order. `exit` comes with `process.exit`, an uncaught
 * exception, an emptied event loop, and SIGTERM or SIGINT once `useShutdownHooks` has closed the application. Only a
 * process killed outright (SIGKILL, a fatal error of Node itself) loses the lines of its last LOG_FLUSH_MS.
 */
export function bufferedLogDestination(dest: number | string = 1): LogDestination {
  const stream = destination({ dest, sync: true, minLength: LOG_BUFFER_BYTES, periodicFlush: LOG_FLUSH_MS });
  process.on('exit', () => flushHeldLines(stream));
  return stream;
}

/** Writes what is held now (before text written to the same output another way, so that it comes after). */
export function flushHeldLines(stream: LogDestination): void {
  try {
    stream.flushSync();
  } catch {
    // The output is gone (a closed pipe): there is nowhere left to write them.
  }
}

/**
 * SIGTERM and SIGINT close the application (every shutdown hook runs, whatever it logs), then end the process with
 * `process.exit`, so that `exit` is emitted and the held log lines are written. Nest's default sends the signal
 * again instead, and Node emits no `exit` for a process a signal ends. The process ends with code 0.
 */
export function useShutdownHooks(app: INestApplicationContext): void {
  app.enableShutdownHooks([], { useProcessExit: true });
}
