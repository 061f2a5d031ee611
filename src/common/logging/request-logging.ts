import type { LoggerService } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger, Params, PARAMS_PROVIDER_TOKEN, PinoLogger } from 'nestjs-pino';
import type { Logger as Pino } from 'pino';
import { requestContext, RequestContext } from '../http/request-context';

/** What a log line says of the request it belongs to: never its query string, headers or body. */
export interface LoggedRequest {
  readonly id: string;
  readonly method: string;
  readonly path: string;
}

/** The path of a request target, its query string dropped (it can carry personal data: an e-mail, a token). */
export function pathOf(url = ''): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/**
 * One request's context: its id (for the audit log) and, made on first use only, the logger whose lines carry
 * `req` — most requests log nothing but their closing line, which is written without a child logger.
 */
class RequestScope implements RequestContext {
  readonly startedAt = Date.now();
  private child: Pino | undefined;

  constructor(
    readonly req: LoggedRequest,
    private readonly base: Pino,
  ) {}

  get requestId(): string {
    return this.req.id;
  }

  get logger(): Pino {
    return (this.child ??= this.base.child({ req: this.req }));
  }
}

/** nestjs-pino's logger, taking the request's logger from Berceau's request context instead of its middleware's. */
class RequestScopedPinoLogger extends PinoLogger {
  override get logger(): Pino {
    const scope = requestContext.getStore();
    return scope instanceof RequestScope ? scope.logger : super.logger;
  }
}

/** The application's logger (nestjs-pino's): logs made while a request runs carry its `req`. */
export function applicationLogger(app: NestFastifyApplication): LoggerService {
  const params = app.get<Params>(PARAMS_PROVIDER_TOKEN);
  return new Logger(new RequestScopedPinoLogger(params), params);
}

/**
 * Logs every request in one JSON line when its answer is done — `req` {id, method, path}, `res` {statusCode},
 * `responseTime` (ms), at `info`, `warn` for a 4xx, `error` with an `err` for a 5xx — as pino-http did, but from
 * Fastify's own `onRequest` hook rather than as an Express-style middleware run through @fastify/middie (its
 * per-request child logger, middleware chain and URL normalisation were an eighth of a small route's CPU). The
 * same hook answers the request id in `X-Request-Id` and opens the request's context (request id for the audit
 * log; application logs made during the request carry its `req`, see `applicationLogger`).
 */
export function useRequestLogging(app: NestFastifyApplication): void {
  // The pino instance the whole application logs through (nestjs-pino's root), with the request line's objects
  // written as they are built here (its own serializers map raw Node requests and responses).
  const root = PinoLogger.root as unknown as Pino | undefined;
  if (!root) throw new Error('useRequestLogging: the logger module has not built its pino instance');
  const serializers = { req: (r: LoggedRequest) => r, res: (r: unknown) => r };
  // The application's logs made during a request: redacted as every log is (they may hold anything).
  const base = root.child({}, { serializers });
  // The request line holds only the fields built below (no header, body, query string or e-mail to remove):
  // written without the redaction pass, which was most of its cost.
  const lines = root.child({}, { serializers, redact: [] });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      const raw = request.raw;
      const res = reply.raw;
      const scope = new RequestScope({ id: request.id, method: raw.method ?? '', path: pathOf(raw.url) }, base);
      void reply.header('x-request-id', request.id);
      // 'close' follows 'finish' on every answer, and comes alone when the client went away first.
      res.once('close', () => {
        const status = res.statusCode;
        const req = scope.req;
        const logged = { statusCode: res.headersSent ? status : null };
        const responseTime = Date.now() - scope.startedAt;
        if (status >= 500) {
          const err = new Error(`failed with status code ${status}`);
          lines.error({ req, res: logged, err, responseTime }, 'request errored');
          return;
        }
        const message = !raw.readableAborted && res.writableEnded ? 'request completed' : 'request aborted';
        if (status >= 400) lines.warn({ req, res: logged, responseTime }, message);
        else lines.info({ req, res: logged, responseTime }, message);
      });
      requestContext.run(scope, done);
    });
}
