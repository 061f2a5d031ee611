import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { execute, returningRows, selectRows } from '../../common/db/rows';

export interface RefreshTokenRow {
  readonly id: string;
  readonly userId: string;
  readonly familyId: string;
  readonly tokenVersion: number;
  readonly expiresAt: Date;
  readonly rotatedAt: Date | null;
  readonly revokedAt: Date | null;
}

export interface PasswordResetRow {
  readonly id: string;
  readonly userId: string;
  readonly expiresAt: Date;
  readonly usedAt: Date | null;
}

/** The `refresh_tokens` and `password_reset_tokens` tables: tokens are only ever stored as their SHA-256. */
@Injectable()
export class SessionsRepository {
  async insertRefresh(
    em: EntityManager,
    row: { userId: string; familyId: string; tokenHash: string; tokenVersion: number; expiresAt: Date },
  ): Promise<string> {
    const [created] = await returningRows<{ id: string }>(
      em,
      `INSERT INTO refresh_tokens (user_id, family_id, token_hash, token_version, expires_at)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [row.userId, row.familyId, row.tokenHash, row.tokenVersion, row.expiresAt],
    );
    return created.id;
  }

  /** The token with this hash, locked until the end of the transaction (two refreshes of one token take turns). */
  async lockRefresh(em: EntityManager, tokenHash: string): Promise<RefreshTokenRow | null> {
    const [row] = await selectRows<RefreshTokenRow>(
      em,
      `SELECT id, user_id, family_id, token_version, expires_at, rotated_at, revoked_at
         FROM refresh_tokens WHERE token_hash = $1 FOR UPDATE`,
      [tokenHash],
    );
    return row ?? null;
  }

  async markRotated(em: EntityManager, id: string, at: Date): Promise<void> {
    await execute(em, `UPDATE refresh_tokens SET rotated_at = $2 WHERE id = $1`, [id, at]);
  }

  /** Revokes every token of one session (sign-in); returns how many were still live. */
  revokeFamily(em: EntityManager, familyId: string, at: Date): Promise<number> {
    return execute(em, `UPDATE refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL`, [
      familyId,
      at,
    ]);
  }

  /** Revokes every session of these accounts (password change or reset, disable). */
  revokeAllOf(em: EntityManager, userIds: readonly string[], at: Date): Promise<number> {
    return execute(
      em,
      `UPDATE refresh_tokens SET revoked_at = $2 WHERE user_id = ANY($1::uuid[]) AND revoked_at IS NULL`,
      [userIds, at],
    );
  }

  /** Forgets the sessions and reset links of erased accounts. */
  async deleteAllOf(em: EntityManager, userIds: readonly string[]): Promise<void> {
    await execute(em, `DELETE FROM refresh_tokens WHERE user_id = ANY($1::uuid[])`, [userIds]);
    await execute(em, `DELETE FROM password_reset_tokens WHERE user_id = ANY($1::uuid[])`, [userIds]);
  }

  /** Old rows of an account that can no longer serve (expired a day ago): kept no longer than needed. */
  async pruneExpired(em: EntityManager, userId: string, before: Date): Promise<void> {
    await execute(em, `DELETE FROM refresh_tokens WHERE user_id = $1 AND expires_at < $2`, [userId, before]);
    await execute(em, `DELETE FROM password_reset_tokens WHERE user_id = $1 AND expires_at < $2`, [userId, before]);
  }

  async insertPasswordReset(
    em: EntityManager,
    row: { userId: string; tokenHash: string; expiresAt: Date },
  ): Promise<void> {
    await execute(em, `INSERT INTO password_reset_tokens (user_id, token_hash, expires_at) VALUES ($1, $2, $3)`, [
      row.userId,
      row.tokenHash,
      row.expiresAt,
    ]);
  }

  async lockPasswordReset(em: EntityManager, tokenHash: string): Promise<PasswordResetRow | null> {
    const [row] = await selectRows<PasswordResetRow>(
      em,
      `SELECT id, user_id, expires_at, used_at FROM password_reset_tokens WHERE token_hash = $1 FOR UPDATE`,
      [tokenHash],
    );
    return row ?? null;
  }

  /** Uses up every outstanding reset link (and staff invitation link) of these accounts. */
  async usePasswordResets(em: EntityManager, userIds: readonly string[], at: Date): Promise<void> {
    await execute(
      em,
      `UPDATE password_reset_tokens SET used_at = $2 WHERE user_id = ANY($1::uuid[]) AND used_at IS NULL`,
      [userIds, at],
    );
  }
}
