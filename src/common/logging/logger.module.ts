import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import type { AppConfig } from '../../config/app-config';

/**
 * Structured JSON logs. Requests are logged by method, path (query strings dropped: they can carry personal
 * data) and status, with the request id; headers and bodies are never logged. The request line is written by
 * Fastify hooks (`useRequestLogging`), not by pino-http as a middleware: its options here only build the pino
 * instance everything logs through.
 */
export function loggerModule(config: AppConfig, destination?: DestinationStream) {
  const options: Options = {
    level: config.logLevel,
    redact: { paths: ['req.headers', 'res.headers', '*.email', '*.password'], remove: true },
    serializers: {
      req: (req: { id?: string; method?: string; url?: string }) => ({
        id: req.id,
        method: req.method,
        path: (req.url ?? '').split('?')[0],
      }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
  };
  return LoggerModule.forRoot({
    pinoHttp: destination ? [options, destination] : options,
    // No middleware: see `useRequestLogging` (src/common/logging/request-logging.ts).
    forRoutes: [],
  });
}
