import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { DomainError } from '../../common/errors/domain-error';
import { CLOCK, Clock } from '../../common/time/clock';
import { AuditService } from '../audit/audit.service';
import type { Role } from './domain/role';
import { SessionsRepository } from './sessions.repository';
import { UsersRepository } from './users.repository';

export interface IssuedToken {
  readonly accessToken: string;
  readonly tokenType: 'Bearer';
  readonly expiresIn: number;
}

/** A refresh token as handed to the browser (its cookie); only its SHA-256 is stored. */
export interface IssuedRefresh {
  readonly value: string;
  readonly expiresAt: Date;
}

export interface SignedIn {
  readonly access: IssuedToken;
  readonly refresh: IssuedRefresh;
}

/** SHA-256 of a random token: enough for a 256-bit random value (no dictionary to guess from), and fast to look up. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** 32 random bytes, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Sessions (issue #15): a short access token (JWT, in the app's memory) and a refresh token (an HttpOnly cookie)
 * that gets a new access token after a reload or an expiry. Each refresh rotates the refresh token: the one used
 * stops working and a new one of the same session (family) is set. A rotated token presented again means that two
 * parties hold the session (a stolen cookie): the whole family is revoked, so the thief's copy dies with the owner's
 * and the owner signs in again. A refresh token carries the account's token version at issue: a password change, a
 * reset, a disable or an erasure bumps it, which ends every session at once (and they are revoked in the same
 * transaction, so the table says so too).
 */
@Injectable()
export class SessionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly jwt: JwtService,
    private readonly repo: SessionsRepository,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
  ) {}

  /** A new session for an account that just proved its password. */
  async start(user: { id: string; role: Role; tokenVersion: number }): Promise<SignedIn> {
    const refresh = await this.dataSource.transaction(async (em) => {
      await this.repo.pruneExpired(em, user.id, this.daysAgo(1));
      return this.issueRefresh(em, user.id, randomUUID(), user.tokenVersion);
    });
    return { access: await this.accessToken(user), refresh };
  }

  /** Trades a refresh token for a new access token and a new refresh token (the old one is spent). */
  async refresh(presented: string | undefined): Promise<SignedIn> {
    if (!presented) throw sessionEnded();
    const outcome = await this.dataSource.transaction(async (em) => {
      const now = this.clock.now();
      const row = await this.repo.lockRefresh(em, hashToken(presented));
      if (!row) return null;
      if (row.revokedAt) return null;
      if (row.rotatedAt) {
        // Reuse of a spent token: someone else holds (or held) this session. End it for everyone.
        await this.repo.revokeFamily(em, row.familyId, now);
        await this.audit.record(em, {
          actor: null,
          action: 'auth.refresh_reuse_detected',
          subjectType: 'user',
          subjectId: row.userId,
          details: { sessionId: row.familyId },
        });
        return null;
      }
      if (row.expiresAt <= now) return null;
      const account = await this.users.tokenUser(em, row.userId);
      if (!account || account.disabled || account.tokenVersion !== row.tokenVersion) {
        await this.repo.revokeFamily(em, row.familyId, now);
        return null;
      }
      await this.repo.markRotated(em, row.id, now);
      const refresh = await this.issueRefresh(em, row.userId, row.familyId, row.tokenVersion);
      return { account, refresh };
    });
    if (!outcome) throw sessionEnded();
    return { access: await this.accessToken(outcome.account), refresh: outcome.refresh };
  }

  /** Ends the session of this refresh token (spent or not); an unknown token is no error. */
  async logout(presented: string | undefined): Promise<void> {
    if (!presented) return;
    await this.dataSource.transaction(async (em) => {
      const row = await this.repo.lockRefresh(em, hashToken(presented));
      if (!row) return;
      if ((await this.repo.revokeFamily(em, row.familyId, this.clock.now())) === 0) return;
      await this.audit.record(em, {
        actor: null,
        action: 'auth.logout',
        subjectType: 'user',
        subjectId: row.userId,
        details: { sessionId: row.familyId },
      });
    });
  }

  /**
   * In the caller's transaction, with the token-version bump (a password changed or reset, an account disabled):
   * every session of these accounts ends, and every reset or invitation link they were sent is used up, so that a
   * link mailed before cannot set the password after.
   */
  async revokeAllIn(em: EntityManager, userIds: readonly string[]): Promise<number> {
    if (!userIds.length) return 0;
    const now = this.clock.now();
    await this.repo.usePasswordResets(em, userIds, now);
    return this.repo.revokeAllOf(em, userIds, now);
  }

  /** In the erasure's transaction: the sessions and reset links of erased accounts are deleted, not kept. */
  async forgetAllIn(em: EntityManager, userIds: readonly string[]): Promise<void> {
    if (userIds.length) await this.repo.deleteAllOf(em, userIds);
  }

  private async issueRefresh(
    em: EntityManager,
    userId: string,
    familyId: string,
    tokenVersion: number,
  ): Promise<IssuedRefresh> {
    const value = newToken();
    const expiresAt = new Date(this.clock.now().getTime() + this.config.refreshTtlDays * 86_400_000);
    await this.repo.insertRefresh(em, { userId, familyId, tokenHash: hashToken(value), tokenVersion, expiresAt });
    return { value, expiresAt };
  }

  private async accessToken(user: { id: string; role: Role; tokenVersion: number }): Promise<IssuedToken> {
    const accessToken = await this.jwt.signAsync(
      { sub: user.id, role: user.role, tv: user.tokenVersion },
      { expiresIn: this.config.jwt.ttlSeconds },
    );
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.jwt.ttlSeconds };
  }

  private daysAgo(days: number): Date {
    return new Date(this.clock.now().getTime() - days * 86_400_000);
  }
}

function sessionEnded(): DomainError {
  return new DomainError('AUTH.UNAUTHENTICATED', 'Session expirée ou terminée : reconnectez-vous.');
}
