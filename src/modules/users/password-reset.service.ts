import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { TokenUserCache } from '../../common/auth/token-user.cache';
import { DomainError } from '../../common/errors/domain-error';
import { CLOCK, Clock } from '../../common/time/clock';
import { AuditService } from '../audit/audit.service';
import { PASSWORD_RESET_NOTICE } from '../notices/notice-types';
import { NoticesService } from '../notices/notices.service';
import { LoginLimiter } from './login-limiter';
import { PasswordHasher } from './password-hasher';
import { assertStrongPassword } from './password-strength';
import { SessionLimiter } from './session-limiter';
import { SessionsRepository } from './sessions.repository';
import { hashToken, newToken, SessionsService } from './sessions.service';
import { UsersRepository } from './users.repository';

/** How long the link of a password-reset e-mail works. */
const LINK_MS = 3_600_000;
/** How long the link of a staff invitation works: its recipient may read it on their next shift. */
export const INVITATION_LINK_MS = 7 * 24 * 3_600_000;

/**
 * Forgotten passwords (issue #15). A request is answered the same whether the address has an account or not; an
 * account gets an e-mail whose link carries a single-use token valid one hour. The token is made when the e-mail is
 * written (the notice stores only the account's id) and only its SHA-256 is kept. Following the link sets the new
 * password (the registration's strength rule), bumps the token version (every access and refresh token dies), uses
 * up the account's reset links, and proves the address (the link came to it).
 */
@Injectable()
export class PasswordResetService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly users: UsersRepository,
    private readonly repo: SessionsRepository,
    private readonly sessions: SessionsService,
    private readonly hasher: PasswordHasher,
    private readonly notices: NoticesService,
    private readonly audit: AuditService,
    private readonly limiter: SessionLimiter,
    private readonly loginLimiter: LoginLimiter,
    private readonly tokenUsers: TokenUserCache,
  ) {}

  /**
   * Sends a reset link to the account with this address, if there is one (enabled), within the hourly limit. The
   * same work either way (a transaction and its audit event, without the address), and the e-mail is handed to the
   * queue without waiting: the answer's timing does not tell whether the address has an account.
   */
  async request(email: string, ip: string): Promise<void> {
    await this.limiter.consumeResetRequest(ip);
    if (!(await this.limiter.resetEmailAllowed(email))) return;
    const noticeId = await this.dataSource.transaction(async (em) => {
      const user = await this.users.findByEmail(em, email);
      const account = user && !user.disabledAt ? user : null;
      await this.audit.record(em, {
        actor: null,
        action: 'user.password_reset_requested',
        subjectType: 'user',
        subjectId: account?.id ?? null,
        details: { known: account !== null },
      });
      if (!account) return null;
      return this.notices.createInTx(em, {
        recipientUserId: account.id,
        type: PASSWORD_RESET_NOTICE,
        // The account's token version: a password changed before the e-mail is written makes it void (no link).
        templateData: { userId: account.id, tokenVersion: account.tokenVersion },
        idempotencyKey: `password-reset-${account.id}-${randomUUID()}`,
        subject: { type: 'user', id: account.id },
      });
    });
    // Best effort (the outbox sweep sends a notice whose enqueue failed).
    void this.notices.dispatch([noticeId]).catch(() => undefined);
  }

  /** A fresh link token for the account, stored hashed (called when the e-mail is written). */
  async tokenFor(em: EntityManager, userId: string, validForMs = LINK_MS): Promise<string> {
    const token = newToken();
    await this.repo.insertPasswordReset(em, {
      userId,
      tokenHash: hashToken(token),
      expiresAt: new Date(this.clock.now().getTime() + validForMs),
    });
    return token;
  }

  /** Follows a link: sets the password and ends every session of the account. */
  async reset(token: string, password: string): Promise<void> {
    const tokenHash = hashToken(token);
    const found = await this.repo.lockPasswordReset(this.dataSource.manager, tokenHash);
    const user = found && (await this.users.findById(this.dataSource.manager, found.userId));
    if (!found || !user || !this.usable(found)) throw invalidLink();
    assertStrongPassword(password, [user.email, user.firstName, user.lastName]);
    const passwordHash = await this.hasher.hash(password);
    await this.dataSource.transaction(async (em) => {
      const row = await this.repo.lockPasswordReset(em, tokenHash);
      // Checked again under the lock: two tabs posting the same link set the password once.
      if (!row || !this.usable(row)) throw invalidLink();
      if (!(await this.users.resetPassword(em, row.userId, passwordHash))) throw invalidLink();
      // The link followed, and any older one, are used up with the sessions.
      await this.sessions.revokeAllIn(em, [row.userId]);
      await this.users.markEmailVerified(em, row.userId, user.email);
      await this.audit.record(em, {
        actor: null,
        action: 'user.password_reset',
        subjectType: 'user',
        subjectId: row.userId,
      });
    });
    this.tokenUsers.evict([user.id]);
    // The owner proved the address: the wait that wrong passwords built up no longer applies.
    await this.loginLimiter.reset(user.email);
  }

  private usable(row: { usedAt: Date | null; expiresAt: Date }): boolean {
    return !row.usedAt && row.expiresAt > this.clock.now();
  }
}

function invalidLink(): DomainError {
  return new DomainError(
    'AUTH.VERIFICATION_INVALID',
    'Ce lien de réinitialisation est invalide, a déjà servi ou a expiré : demandez-en un nouveau.',
  );
}
