import { applyDecorators, StreamableFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-fastify/multipart';
import { ApiBody, ApiConsumes } from '@nestjs/swagger';
import type { ReadStream } from 'node:fs';
import { DocumentUploadInterceptor } from './document-upload.interceptor';
import { DocumentMimeType, MAX_DOCUMENT_BYTES } from './domain/fee-declarations';

/** A stored proof as a route serves it. */
export interface OpenedDocument {
  readonly stream: ReadStream;
  readonly size: number;
  readonly mime: string;
  readonly name: string;
}

/**
 * A route receiving one proof in the multipart field `document` (held in memory, at most 5 MiB, a 413 naming the field
 * beyond), with at most `fields` short text fields: the households' proofs (fee declarations, priority criteria).
 */
export function DocumentUpload(body: new () => unknown, fields: number): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiConsumes('multipart/form-data'),
    ApiBody({ type: body }),
    UseInterceptors(
      DocumentUploadInterceptor,
      FileInterceptor('document', {
        limits: { fileSize: MAX_DOCUMENT_BYTES, files: 1, fields, fieldSize: 1024, parts: fields + 1 },
      }),
    ),
  );
}

/** The file name a stored proof is served under: never the client's, the row's id with the type read from its bytes. */
export function documentFileName(id: string, mime: DocumentMimeType | string): string {
  const extension = ({ 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png' } as Record<string, string>)[
    mime
  ];
  return `justificatif-${id}.${extension ?? 'bin'}`;
}

/** A stored proof as an attachment (never shown inline by the API's origin). */
export function attachmentOf(file: OpenedDocument): StreamableFile {
  return new StreamableFile(file.stream, {
    type: file.mime,
    length: file.size,
    disposition: `attachment; filename="${file.name}"`,
  });
}
