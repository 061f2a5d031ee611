import { createHash } from 'node:crypto';
import type { DomainError } from '../../common/errors/domain-error';
import { inspectDocument } from './document-inspection';
import { MAX_DOCUMENT_BYTES } from './domain/fee-declarations';

const PDF = Buffer.from('%PDF-1.7\n%%EOF\n');
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00]);
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const GIF = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');

const file = (buffer: Buffer, mimetype: string) => ({ buffer, mimetype, size: buffer.length });

async function refusal(p: Promise<unknown>): Promise<{ code: string; details: unknown }> {
  const err = (await p.then(
    () => null,
    (e: unknown) => e,
  )) as DomainError | null;
  expect(err).not.toBeNull();
  return { code: err!.code, details: err!.details };
}

describe('inspectDocument', () => {
  it.each([
    [PDF, 'application/pdf', 'application/pdf'],
    [JPEG, 'image/jpeg', 'image/jpeg'],
    [JPEG, 'image/jpg', 'image/jpeg'],
    [PNG, 'image/png; name=scan.png', 'image/png'],
  ])('accepts %#: declared %s, read as %s', async (bytes, declared, mime) => {
    const doc = await inspectDocument(file(bytes, declared));
    expect(doc).toMatchObject({ mime, size: bytes.length });
    expect(doc.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it.each([
    ['text named as an image', file(Buffer.from('bonjour'), 'image/png'), 'PDF, JPEG or PNG'],
    ['a GIF (not a proof format)', file(GIF, 'image/gif'), 'PDF, JPEG or PNG'],
    ['a PNG declared as a PDF', file(PNG, 'application/pdf'), 'its content is image/png'],
    ['a PDF sent as octet-stream', file(PDF, 'application/octet-stream'), 'declared as application/octet-stream'],
    ['an empty file', file(Buffer.alloc(0), 'application/pdf'), 'empty'],
    ['no file', undefined, 'required'],
  ])('refuses %s with a 400 naming document', async (_what, upload, message) => {
    const { code, details } = await refusal(inspectDocument(upload));
    expect(code).toBe('VALIDATION.FAILED');
    expect(details).toEqual([{ field: 'document', errors: [expect.stringContaining(message)] }]);
  });

  it('refuses more than 5 MiB even if the parser let it through', async () => {
    const big = Buffer.concat([PDF, Buffer.alloc(MAX_DOCUMENT_BYTES)]);
    const { details } = await refusal(inspectDocument(file(big, 'application/pdf')));
    expect(details).toEqual([{ field: 'document', errors: [expect.stringContaining('5 MiB')] }]);
  });
});
