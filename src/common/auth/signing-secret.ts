import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/app-config';

const NAME = 'jwt-signing-key';

/**
 * The key that signs access tokens: JWT_SECRET when set; otherwise one generated at the first start and kept in
 * `app_secrets`, so that every API and worker instance shares it and tokens survive restarts. Never a value from the
 * source (issue #13). The first instance to insert wins; the others read what it wrote.
 */
export async function resolveSigningSecret(dataSource: DataSource, config: AppConfig): Promise<string> {
  if (config.jwt.secret) return config.jwt.secret;
  await dataSource.query(`INSERT INTO app_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, [
    NAME,
    randomBytes(48).toString('base64url'),
  ]);
  const [row]: { value: string }[] = await dataSource.query(`SELECT value FROM app_secrets WHERE name = $1`, [NAME]);
  new Logger('SigningSecret').warn(
    'JWT_SECRET is not set: tokens are signed with a key generated at first start and kept in the database (set JWT_SECRET to choose it)',
  );
  return row.value;
}
