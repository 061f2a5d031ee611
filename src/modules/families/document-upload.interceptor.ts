import { CallHandler, ExecutionContext, HttpException, Injectable, NestInterceptor } from '@nestjs/common';
import { catchError, Observable, throwError } from 'rxjs';
import { DomainError } from '../../common/errors/domain-error';
import { MAX_DOCUMENT_BYTES } from './domain/fee-declarations';

/**
 * Bound outside the multipart interceptor: a proof over the size limit (the parser stops reading it) is a 413 that
 * names the field `document`, in the shape of the validation errors, instead of a bare "Request body too large".
 */
@Injectable()
export class DocumentUploadInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next
      .handle()
      .pipe(
        catchError((err: unknown) =>
          throwError(() =>
            err instanceof HttpException && err.getStatus() === 413
              ? new DomainError('REQUEST.TOO_LARGE', 'Le justificatif dépasse 5 Mo.', [
                  { field: 'document', errors: [`document must be at most ${MAX_DOCUMENT_BYTES} bytes (5 MiB)`] },
                ])
              : err,
          ),
        ),
      );
  }
}
