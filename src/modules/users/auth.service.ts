import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error';
import { AuditService } from '../audit/audit.service';
import type { UserEntity } from './entities/user.entity';
import { LoginLimiter } from './login-limiter';
import { PasswordHasher } from './password-hasher';
import { SessionsService, SignedIn } from './sessions.service';
import { UsersRepository } from './users.repository';

export type { IssuedToken } from './sessions.service';

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly limiter: LoginLimiter,
    private readonly audit: AuditService,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsService,
  ) {}

  /**
   * Same answer and the same work (one argon2 verify) whether the e-mail is unknown or the password wrong. A success
   * starts a session: an access token, and a refresh token for the cookie.
   */
  async login(email: string, password: string, ip: string): Promise<SignedIn> {
    await this.limiter.consume(email, ip);
    const user = await this.users.findByEmail(this.dataSource.manager, email);
    const ok = await this.hasher.verify(user?.passwordHash, password);
    if (!ok || !user || user.disabledAt) {
      await this.limiter.recordFailure(email);
      await this.recordFailure(user, !user ? 'UNKNOWN_EMAIL' : user.disabledAt ? 'DISABLED' : 'BAD_PASSWORD');
      throw new DomainError('AUTH.INVALID_CREDENTIALS', 'Adresse e-mail ou mot de passe incorrect.');
    }
    await this.limiter.reset(email);
    await this.limiter.refund(ip);
    return this.sessions.start(user);
  }

  private async recordFailure(user: UserEntity | null, reason: string): Promise<void> {
    await this.dataSource.transaction((em) =>
      this.audit.record(em, {
        actor: null,
        action: 'auth.login_failed',
        subjectType: 'user',
        subjectId: user?.id ?? null,
        details: { reason },
      }),
    );
  }
}
