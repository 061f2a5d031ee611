import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import { invalidFields } from '../../common/errors/domain-error';
import { DOCUMENT_MIME_TYPES, DocumentMimeType, MAX_DOCUMENT_BYTES } from './domain/fee-declarations';

/** An uploaded file as the multipart interceptor hands it over (memory storage). */
export interface UploadedDocument {
  readonly buffer?: Buffer;
  readonly mimetype: string;
  readonly size: number;
}

export interface InspectedDocument {
  readonly bytes: Buffer;
  readonly mime: DocumentMimeType;
  readonly size: number;
  readonly sha256: string;
}

/** Names browsers and scanners give JPEG besides the registered one. */
const ALIASES: Record<string, string> = { 'image/jpg': 'image/jpeg', 'image/pjpeg': 'image/jpeg' };

const problem = (error: string) => invalidFields([{ field: 'document', errors: [error] }]);

/**
 * Checks a proof from its bytes (magic numbers, read by `file-type`): a PDF, JPEG or PNG of at most 5 MiB, whose
 * declared Content-Type says the same. A 400 naming `document` otherwise: a text file named `.png` is refused.
 */
export async function inspectDocument(file: UploadedDocument | undefined): Promise<InspectedDocument> {
  if (!file?.buffer) throw problem('document is required: a PDF, JPEG or PNG file (multipart field "document")');
  const bytes = file.buffer;
  if (bytes.length === 0) throw problem('document is empty');
  if (bytes.length > MAX_DOCUMENT_BYTES) throw problem(`document must be at most ${MAX_DOCUMENT_BYTES} bytes (5 MiB)`);
  const detected = (await fileTypeFromBuffer(bytes))?.mime;
  if (!detected || !(DOCUMENT_MIME_TYPES as readonly string[]).includes(detected))
    throw problem('document must be a PDF, JPEG or PNG file (read from its content)');
  const declared = file.mimetype.split(';')[0].trim().toLowerCase();
  if ((ALIASES[declared] ?? declared) !== detected)
    throw problem(`document is declared as ${declared || 'nothing'} but its content is ${detected}`);
  return {
    bytes,
    mime: detected as DocumentMimeType,
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}
