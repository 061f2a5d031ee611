import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { DomainError } from '../../common/errors/domain-error';
import { AuditService } from '../audit/audit.service';
import type { UserEntity } from './entities/user.entity';
import { LoginLimiter } from './login-limiter';
import { PasswordHasher } from './password-hasher';
import { UsersRepository } from './users.repository';

export interface IssuedToken {
  readonly accessToken: string;
  readonly tokenType: 'Bearer';
  readonly expiresIn: number;
}

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly hasher: PasswordHasher,
    private readonly limiter: LoginLimiter,
    private readonly audit: AuditService,
    private readonly users: UsersRepository,
  ) {}

  /** Same answer and the same work (one argon2 verify) whether the e-mail is unknown or the password wrong. */
  async login(email: string, password: string, ip: string): Promise<IssuedToken> {
    await this.limiter.consume(email, ip);
    const user = await this.users.findByEmail(this.dataSource.manager, email);
    const ok = await this.hasher.verify(user?.passwordHash, password);
    if (!ok || !user || user.disabledAt) {
      await this.limiter.recordFailure(email);
      await this.recordFailure(user, !user ? 'UNKNOWN_EMAIL' : user.disabledAt ? 'DISABLED' : 'BAD_PASSWORD');
      throw new DomainError('AUTH.INVALID_CREDENTIALS', 'Adresse e-mail ou mot de passe incorrect.');
    }
    await this.limiter.reset(email);
    const accessToken = await this.jwt.signAsync(
      { sub: user.id, role: user.role, tv: user.tokenVersion },
      { expiresIn: this.config.jwt.ttlSeconds },
    );
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.jwt.ttlSeconds };
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
