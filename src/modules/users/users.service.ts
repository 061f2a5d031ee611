import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AppConfig } from '../../config/app-config';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { TokenUserCache } from '../../common/auth/token-user.cache';
import { DomainError } from '../../common/errors/domain-error';
import { violatedConstraint } from '../../common/db/pg-errors';
import { AuditService } from '../audit/audit.service';
import { NoticesService } from '../notices/notices.service';
import { WELCOME_NOTICE } from '../notices/notice-types';
import type { Role } from './domain/role';
import { UserEntity } from './entities/user.entity';
import { PasswordHasher } from './password-hasher';

export interface NewAccount {
  readonly email: string;
  readonly password: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly role: Role;
}

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    private readonly notices: NoticesService,
    private readonly tokenUsers: TokenUserCache,
  ) {}

  /** A parent signs up: the account, its audit event and the welcome e-mail (outbox) in one transaction. */
  async register(account: Omit<NewAccount, 'role'>): Promise<UserEntity> {
    // Hash before touching the table so a taken e-mail answers no faster than a free one.
    const passwordHash = await this.hasher.hash(account.password);
    let noticeId: string | null = null;
    const user = await this.dataSource.transaction(async (em) => {
      const created = await this.insert(em, { ...account, role: 'PARENT' }, passwordHash);
      await this.audit.record(em, {
        actor: { id: created.id, role: 'PARENT' },
        action: 'user.registered',
        subjectType: 'user',
        subjectId: created.id,
      });
      noticeId = await this.notices.createInTx(em, {
        recipientUserId: created.id,
        type: WELCOME_NOTICE,
        idempotencyKey: `welcome-${created.id}`,
        subject: { type: 'user', id: created.id },
      });
      return created;
    });
    await this.notices.dispatch([noticeId]);
    return user;
  }

  /** An admin creates a staff (or parent) account. */
  async createByAdmin(actor: AuthUser, account: NewAccount): Promise<UserEntity> {
    const passwordHash = await this.hasher.hash(account.password);
    return this.dataSource.transaction(async (em) => {
      const created = await this.insert(em, account, passwordHash);
      await this.audit.record(em, {
        actor,
        action: 'user.created',
        subjectType: 'user',
        subjectId: created.id,
        details: { role: created.role },
      });
      return created;
    });
  }

  async get(id: string): Promise<UserEntity> {
    const user = await this.dataSource.getRepository(UserEntity).findOne({ where: { id } });
    if (!user) throw new DomainError('USER.NOT_FOUND', 'Utilisateur introuvable.');
    return user;
  }

  /**
   * Creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD when there is none. An advisory lock keeps two
   * processes booting at once from both creating one.
   */
  async ensureFirstAdmin(admin: AppConfig['admin']): Promise<void> {
    if (!admin) return;
    if ((await this.dataSource.getRepository(UserEntity).count({ where: { role: 'ADMIN' } })) > 0) return;
    const passwordHash = await this.hasher.hash(admin.password);
    await this.dataSource.transaction(async (em) => {
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('berceau.first-admin'))`);
      const existing = await em.count(UserEntity, { where: { role: 'ADMIN' } });
      if (existing > 0) return;
      const created = await this.insert(em, { email: admin.email, password: '', firstName: 'Admin', lastName: 'Berceau', role: 'ADMIN' }, passwordHash);
      await this.audit.record(em, { actor: null, action: 'user.admin_bootstrapped', subjectType: 'user', subjectId: created.id });
      this.logger.log({ userId: created.id }, 'first admin created');
    });
  }

  /** Changing one's password revokes every token issued before (token version). */
  async changePassword(actor: AuthUser, currentPassword: string, newPassword: string): Promise<void> {
    const user = await this.get(actor.id);
    if (!(await this.hasher.verify(user.passwordHash, currentPassword))) {
      throw new DomainError('AUTH.INVALID_CREDENTIALS', 'Mot de passe actuel incorrect.');
    }
    const passwordHash = await this.hasher.hash(newPassword);
    await this.dataSource.transaction(async (em) => {
      await em.query(`UPDATE users SET password_hash = $2, token_version = token_version + 1, updated_at = now() WHERE id = $1`, [actor.id, passwordHash]);
      await this.audit.record(em, { actor, action: 'user.password_changed', subjectType: 'user', subjectId: actor.id });
    });
    this.tokenUsers.evict([actor.id]);
  }

  /** Disabling an account revokes its tokens at once (the guard reads the account on every request). */
  async disable(actor: AuthUser, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const [rows]: [unknown[], number] = await em.query(
        `UPDATE users SET disabled_at = now(), token_version = token_version + 1, updated_at = now() WHERE id = $1 AND disabled_at IS NULL RETURNING id`,
        [id],
      );
      if (!rows.length) {
        if (!(await em.query(`SELECT 1 FROM users WHERE id = $1`, [id])).length) throw new DomainError('USER.NOT_FOUND', 'Utilisateur introuvable.');
        return;
      }
      await this.audit.record(em, { actor, action: 'user.disabled', subjectType: 'user', subjectId: id });
    });
    this.tokenUsers.evict([id]);
  }

  private async insert(em: EntityManager, account: NewAccount, passwordHash: string): Promise<UserEntity> {
    try {
      const entity = em.create(UserEntity, {
        email: account.email,
        passwordHash,
        firstName: account.firstName,
        lastName: account.lastName,
        role: account.role,
      });
      return await em.save(entity);
    } catch (err) {
      if (violatedConstraint(err) === 'uq_users_email') {
        throw new DomainError('USER.EMAIL_TAKEN', 'Un compte existe déjà avec cette adresse e-mail.');
      }
      throw err;
    }
  }
}
