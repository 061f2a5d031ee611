import { createReadStream, ReadStream } from 'node:fs';
import { mkdir, stat, unlink, writeFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';

const KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The proofs of fee declarations on disk, in DOCUMENTS_DIR (outside any served folder): one file per document, named
 * by a random id (never by the client's file name), readable by this process's user only.
 */
@Injectable()
export class DocumentStore {
  private readonly logger = new Logger(DocumentStore.name);

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Writes the bytes under a new random key and returns it. */
  async save(bytes: Buffer): Promise<string> {
    await mkdir(this.config.documentsDir, { recursive: true, mode: 0o700 });
    const key = randomUUID();
    await writeFile(this.pathOf(key), bytes, { mode: 0o600, flag: 'wx' });
    return key;
  }

  /** The file's bytes as a stream, or null when it is not there. */
  async open(key: string): Promise<{ stream: ReadStream; size: number } | null> {
    try {
      const { size } = await stat(this.pathOf(key));
      return { stream: createReadStream(this.pathOf(key)), size };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  /** Deletes files once the rows that named them are gone (after commit). Best effort: a failure is logged. */
  async remove(keys: readonly string[]): Promise<void> {
    for (const key of keys) {
      try {
        await unlink(this.pathOf(key));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
          this.logger.warn({ key, err: (err as Error).message }, 'document not deleted');
      }
    }
  }

  private pathOf(key: string): string {
    if (!KEY.test(key)) throw new Error('not a document key');
    return join(this.config.documentsDir, key);
  }
}
