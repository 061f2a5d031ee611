import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from './domain-error';
import { ERROR_STATUS, ErrorCode } from './error-codes';
import { isConcurrentChange, isDatabaseUnavailable, isUnstorableText } from '../db/pg-errors';

export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  details?: unknown;
  requestId: string;
}

const HTTP_STATUS_CODES: Partial<Record<number, ErrorCode>> = {
  400: 'REQUEST.MALFORMED',
  401: 'AUTH.UNAUTHENTICATED',
  403: 'AUTH.FORBIDDEN',
  404: 'ROUTE.NOT_FOUND',
  413: 'REQUEST.TOO_LARGE',
  415: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
  429: 'REQUEST.TOO_MANY',
  503: 'SERVICE.UNAVAILABLE',
};

/** The one place where failures become HTTP responses: `{ statusCode, code, message, details?, requestId }`. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const body = this.toBody(exception, String(request.id));
    if (body.statusCode >= 500) {
      this.logger.error({ requestId: body.requestId, err: safeError(exception) }, 'request failed');
    } else if (isConcurrentChange(exception)) {
      // Answered 409, kept in the logs: a deadlock means two paths lock the same rows in different orders.
      this.logger.warn(
        { requestId: body.requestId, err: safeError(exception) },
        'transaction rolled back by PostgreSQL',
      );
    } else if (isUnstorableText(exception)) {
      // Said to the client as its fault (400), kept in the logs all the same: the text could come from Berceau itself.
      this.logger.warn({ requestId: body.requestId, err: safeError(exception) }, 'text refused by PostgreSQL');
    }
    const retryAfter = (exception as DomainError).details as { retryAfterSeconds?: number } | undefined;
    if (body.statusCode === 429 && retryAfter?.retryAfterSeconds) {
      void reply.header('Retry-After', String(retryAfter.retryAfterSeconds));
    }
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  private toBody(exception: unknown, requestId: string): ErrorBody {
    if (exception instanceof DomainError) {
      return withDetails(
        { statusCode: ERROR_STATUS[exception.code], code: exception.code, message: exception.message, requestId },
        exception.details,
      );
    }
    const status = httpStatusOf(exception);
    if (status !== undefined && status < 500) {
      const code = HTTP_STATUS_CODES[status] ?? 'REQUEST.MALFORMED';
      return { statusCode: status, code, message: httpMessageOf(exception, code), requestId };
    }
    if (isUnstorableText(exception)) {
      return {
        statusCode: 400,
        code: 'REQUEST.MALFORMED',
        message: 'Le texte envoyé contient un caractère que Berceau ne peut pas enregistrer (un caractère nul).',
        requestId,
      };
    }
    if (isConcurrentChange(exception)) {
      return {
        statusCode: 409,
        code: 'REQUEST.CONCURRENT_CHANGE',
        message: 'Une autre opération modifiait les mêmes données au même moment : rien n’a été enregistré, réessayez.',
        requestId,
      };
    }
    if (isDatabaseUnavailable(exception)) {
      return {
        statusCode: 503,
        code: 'SERVICE.UNAVAILABLE',
        message: 'Service momentanément indisponible, réessayez dans un instant.',
        requestId,
      };
    }
    return { statusCode: 500, code: 'INTERNAL', message: 'Erreur interne inattendue.', requestId };
  }
}

function withDetails(body: ErrorBody, details: unknown): ErrorBody {
  return details === undefined ? body : { ...body, details };
}

function httpStatusOf(exception: unknown): number | undefined {
  if (exception instanceof HttpException) return exception.getStatus();
  const status = (exception as { statusCode?: unknown })?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

function httpMessageOf(exception: unknown, code: ErrorCode): string {
  if (code === 'ROUTE.NOT_FOUND') return 'Route not found';
  if (code === 'REQUEST.TOO_LARGE') return 'Request body too large';
  const message = (exception as Error)?.message;
  return typeof message === 'string' && message.length < 300 ? message : 'Bad request';
}

/** Only what helps debugging and cannot carry personal data (pg's `detail` echoes row values: left out). */
export function safeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { type: typeof err };
  return { type: err.name, message: err.message, code: (err as { code?: unknown }).code, stack: err.stack };
}
