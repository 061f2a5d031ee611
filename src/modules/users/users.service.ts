import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { HouseholdOfUserReadModel } from '../../read-models/household-of-user.read-model';
import { CLOCK, Clock, todayOf } from '../../common/time/clock';
import { assertStrongPassword } from './password-strength';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AppConfig } from '../../config/app-config';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { TokenUser, TokenUserCache, TokenUserReader } from '../../common/auth/token-user.cache';
import { DomainError, invalidFields } from '../../common/errors/domain-error';
import { violatedConstraint } from '../../common/db/pg-errors';
import { AuditService } from '../audit/audit.service';
import { NoticesService } from '../notices/notices.service';
import { ACCOUNT_EXISTS_NOTICE, STAFF_INVITATION_NOTICE, WELCOME_NOTICE } from '../notices/notice-types';
import type { Role } from './domain/role';
import type { UserEntity } from './entities/user.entity';
import { PasswordHasher } from './password-hasher';
import { RegistrationLimiter } from './registration-limiter';
import { SessionsService } from './sessions.service';
import type { TeamMember } from './domain/team-member';
import { AccountByEmail, UserContact, UsersRepository } from './users.repository';

/** An invited account and its invitation, to be dispatched after the caller's commit. */
export interface Invited {
  readonly userId: string;
  readonly noticeId: string | null;
}

export interface NewAccount {
  readonly email: string;
  readonly password: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly role: Role;
}

@Injectable()
export class UsersService implements TokenUserReader {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    private readonly notices: NoticesService,
    private readonly tokenUsers: TokenUserCache,
    private readonly repo: UsersRepository,
    private readonly sessions: SessionsService,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly limiter: RegistrationLimiter,
  ) {}

  /**
   * A parent signs up. The answer is the same whether the address is new or taken (issue #13: a 409 told who has an
   * account); the e-mail says which. New: the account, its audit event and the welcome e-mail in one transaction.
   * Taken: the owner is told that someone tried, and nothing else changes. Returns the new account, or null.
   */
  async register(account: Omit<NewAccount, 'role'>): Promise<UserEntity | null> {
    assertStrongPassword(account.password, [account.email, account.firstName, account.lastName]);
    // Hash before touching the table so a taken e-mail answers no faster than a free one.
    const passwordHash = await this.hasher.hash(account.password);
    try {
      return await this.registerNew(account, passwordHash);
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'USER.EMAIL_TAKEN') throw err;
      await this.tellOwnerOfTakenAddress(account.email);
      return null;
    }
  }

  private async tellOwnerOfTakenAddress(email: string): Promise<void> {
    const noticeId = await this.dataSource.transaction(async (em) => {
      const ownerId = await this.repo.idByEmail(em, email);
      if (!ownerId) return null;
      // At most one such e-mail a day per account, however many times the address is tried.
      return this.notices.createInTx(em, {
        recipientUserId: ownerId,
        type: ACCOUNT_EXISTS_NOTICE,
        idempotencyKey: `account-exists-${ownerId}-${todayOf(this.clock)}`,
        subject: { type: 'user', id: ownerId },
      });
    });
    await this.notices.dispatch([noticeId]);
  }

  private async registerNew(account: Omit<NewAccount, 'role'>, passwordHash: string): Promise<UserEntity> {
    let noticeId: string | null = null;
    const user = await this.dataSource.transaction(async (em) => {
      // Unverified until the owner follows the link of the welcome e-mail.
      const created = await this.insert(em, { ...account, role: 'PARENT' }, passwordHash, null);
      await this.audit.record(em, {
        actor: { id: created.id, role: 'PARENT' },
        action: 'user.registered',
        subjectType: 'user',
        subjectId: created.id,
      });
      noticeId = await this.notices.createInTx(em, {
        recipientUserId: created.id,
        type: WELCOME_NOTICE,
        templateData: { userId: created.id },
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
      // An admin vouches for the address of the accounts they make.
      const created = await this.insert(em, account, passwordHash, this.clock.now());
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

  /**
   * The hash of a password nobody knows: an invited account's until its owner chooses one from the invitation's link.
   * Made before the caller's transaction (hashing takes a while; no lock should wait for it).
   */
  unknownPasswordHash(): Promise<string> {
    return this.hasher.hash(randomBytes(32).toString('base64url'));
  }

  /**
   * An account made for someone else, who chooses its password (a crèche's staff account, made by its manager): in
   * the caller's transaction, with `unknownPasswordHash` until then, and an invitation whose link (valid 7 days) sets
   * the password and proves the address. The caller dispatches the returned notice after its commit.
   */
  async inviteIn(
    em: EntityManager,
    actor: AuthUser,
    account: Omit<NewAccount, 'password'> & { readonly passwordHash: string },
    invitation: { readonly crecheName: string },
  ): Promise<Invited> {
    const user = await this.insert(em, { ...account, password: '' }, account.passwordHash, null);
    await this.audit.record(em, {
      actor,
      action: 'user.created',
      subjectType: 'user',
      subjectId: user.id,
      details: { role: user.role, invited: true },
    });
    const noticeId = await this.notices.createInTx(em, {
      recipientUserId: user.id,
      type: STAFF_INVITATION_NOTICE,
      // The token version the invitation stands for: a withdrawal changes it (see `invitationState`).
      templateData: { userId: user.id, crecheName: invitation.crecheName, tokenVersion: user.tokenVersion },
      idempotencyKey: `staff-invitation-${user.id}`,
      subject: { type: 'user', id: user.id },
    });
    return { userId: user.id, noticeId };
  }

  /**
   * The account that already has this address, for an invitation to a team: its row held until the caller's commit,
   * so that two invitations of one address, a disabling or an erasure wait for each other. Null when there is none.
   */
  accountByEmailIn(em: EntityManager, email: string): Promise<AccountByEmail | null> {
    return this.repo.lockByEmail(em, email);
  }

  /**
   * A staff account that exists already, named to one more team by the caller (an auxiliary who works at two
   * crèches): e-mailed that it is, in the caller's transaction. Its owner signs in as before; one who has not chosen
   * a password yet gets a fresh link to choose it (the invitation's state decides, when the e-mail is written).
   */
  async invitedToAnotherTeamIn(
    em: EntityManager,
    account: AccountByEmail,
    invitation: { readonly crecheId: string; readonly crecheName: string },
  ): Promise<string | null> {
    return this.notices.createInTx(em, {
      recipientUserId: account.id,
      type: STAFF_INVITATION_NOTICE,
      templateData: {
        userId: account.id,
        crecheName: invitation.crecheName,
        tokenVersion: account.tokenVersion,
        addedToTeam: true,
        // Checked when the e-mail is written: taken off this team by then, the account is not told it joined.
        crecheId: invitation.crecheId,
      },
      // One e-mail per naming: the same team again after a removal is a new one.
      idempotencyKey: `staff-added-${account.id}-${invitation.crecheId}-${randomUUID()}`,
      subject: { type: 'user', id: account.id },
    });
  }

  /**
   * Accounts taken off every team before choosing a password: their invitations are withdrawn and the accounts, never
   * used, erased as GDPR erasure does (names and address replaced, disabled, links deleted, token version bumped):
   * the address is free again (a parent's address invited by mistake can still sign up, or be invited again), and an
   * invitation e-mail still in the outbox refuses to render (`invitationState`: disabled), writing no link. One being
   * written when this runs finishes first (it holds the account's row), and its link is deleted here. Accounts in use
   * keep their password and sessions.
   */
  async withdrawInvitationsIn(
    em: EntityManager,
    actor: AuthUser,
    userIds: readonly string[],
    /**
     * Of the never-used accounts, those still wanted (named to another team), asked once their rows are locked: an
     * invitation naming one meanwhile holds its row until it commits, so the question is asked after it, and sees it.
     */
    stillWanted: (locked: readonly string[]) => Promise<ReadonlySet<string>>,
  ): Promise<void> {
    const locked = await this.repo.neverUsedStaff(em, userIds);
    const kept = locked.length ? await stillWanted(locked) : new Set<string>();
    const pending = locked.filter((id) => !kept.has(id));
    for (const id of await this.eraseIn(em, pending))
      await this.audit.record(em, { actor, action: 'user.invitation_withdrawn', subjectType: 'user', subjectId: id });
  }

  /**
   * Where an invitation made for this token version stands, when its e-mail or message is written (the account's row
   * held until then): `accepted` once the account has chosen its password, `open` while the version is the
   * invitation's, `withdrawn` otherwise (taken off every team: erased; disabled by an admin).
   */
  async invitationState(
    em: EntityManager,
    userId: string,
    tokenVersion: unknown,
  ): Promise<'open' | 'accepted' | 'withdrawn'> {
    const user = await this.repo.findById(em, userId, 'share');
    if (!user || user.disabledAt) return 'withdrawn';
    if (user.emailVerifiedAt) return 'accepted';
    return user.tokenVersion === tokenVersion ? 'open' : 'withdrawn';
  }

  /**
   * Whether a password-reset e-mail requested at `tokenVersion` may still carry a link: not once the password has
   * changed (or the account was disabled or erased) since the request. A request made before token versions were
   * kept in the notice (no `tokenVersion`) stays valid, as it was.
   */
  async resetStillWanted(em: EntityManager, userId: string, tokenVersion: unknown): Promise<boolean> {
    const user = await this.repo.findById(em, userId, 'share');
    if (!user || user.disabledAt) return false;
    return tokenVersion === undefined || user.tokenVersion === tokenVersion;
  }

  /** Invitations are few: `INVITATIONS_PER_HOUR` an account (each e-mails an address its sender chose). */
  assertMayInvite(actor: AuthUser): Promise<void> {
    return this.limiter.consumeInvitation(actor.id);
  }

  /** Hands notices created in a committed transaction (an invitation) to the queue. */
  dispatchNotices(noticeIds: readonly (string | null)[]): Promise<void> {
    return this.notices.dispatch(noticeIds);
  }

  /** Who these accounts are, for a team's page (names, address, whether it is proved, whether disabled). */
  teamMembers(em: EntityManager, ids: readonly string[]): Promise<TeamMember[]> {
    return ids.length ? this.repo.teamMembers(em, ids) : Promise.resolve([]);
  }

  /** The household the account belongs to (null before it declares or joins one), for GET /me. */
  householdOf(id: string): Promise<string | null> {
    return HouseholdOfUserReadModel.familyIdOf(this.dataSource.manager, id);
  }

  async get(id: string): Promise<UserEntity> {
    const user = await this.repo.findById(this.dataSource.manager, id);
    if (!user) throw new DomainError('USER.NOT_FOUND', 'Utilisateur introuvable.');
    return user;
  }

  /** The account behind a token, for the auth guard (read on each request the token cache misses). */
  tokenUser(id: string): Promise<TokenUser | null> {
    return this.repo.tokenUser(this.dataSource.manager, id);
  }

  // For other modules, in their transaction: they read accounts through these, never through UserEntity.

  /** An account's name, e-mail and role (a notice's recipient, an inviter); null when there is none. */
  contactIn(em: EntityManager, id: string): Promise<UserContact | null> {
    return this.repo.contact(em, id);
  }

  /** The account with this (lower-cased) e-mail, if any. */
  idByEmailIn(em: EntityManager, email: string): Promise<string | null> {
    return this.repo.idByEmail(em, email);
  }

  /** The roles of those of `ids` that exist. */
  /**
   * Every account named (a crèche's managers or staff, a territory's coordinators) exists, is not disabled and has
   * `role`; otherwise a 400 naming each `userIds[i]` at fault, with `i` its place in the list as sent.
   */
  async assertAllHaveRole(
    em: EntityManager,
    userIds: readonly string[],
    role: Role,
    /** Accounts not checked (a team's current members, whatever became of them). */
    except: ReadonlySet<string> = new Set(),
  ): Promise<void> {
    const unique = [...new Set(userIds)].filter((id) => !except.has(id));
    const accounts = unique.length ? await this.repo.activeRolesOf(em, unique) : [];
    const holders = new Set(accounts.filter((u) => u.role === role).map((u) => u.id));
    const problems = unique
      .filter((userId) => !holders.has(userId))
      .map((userId) => ({
        field: `userIds[${userIds.indexOf(userId)}]`,
        // One answer whether the account exists or has another role: managers name their staff here, and must not
        // learn which ids are accounts.
        errors: [notNameable(userId, role)],
      }));
    if (problems.length) throw invalidFields(problems);
  }

  /**
   * GDPR erasure of accounts, in the caller's transaction: anonymised, disabled, tokens revoked (the token version
   * bumped, their refresh tokens and reset links deleted). Returns the ids changed; the caller evicts them from the
   * TokenUserCache after commit.
   */
  async eraseIn(em: EntityManager, ids: readonly string[]): Promise<string[]> {
    if (!ids.length) return [];
    const erased = await this.repo.erase(em, ids);
    await this.sessions.forgetAllIn(em, erased);
    return erased;
  }

  /**
   * Creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD when there is none. An advisory lock keeps two
   * processes booting at once from both creating one.
   */
  async ensureFirstAdmin(admin: AppConfig['admin']): Promise<void> {
    if (!admin) return;
    if ((await this.repo.countAdmins(this.dataSource.manager)) > 0) return;
    const passwordHash = await this.hasher.hash(admin.password);
    await this.dataSource.transaction(async (em) => {
      await this.repo.lockFirstAdminBootstrap(em);
      if ((await this.repo.countAdmins(em)) > 0) return;
      const created = await this.insert(
        em,
        { email: admin.email, password: '', firstName: 'Admin', lastName: 'Berceau', role: 'ADMIN' },
        passwordHash,
        this.clock.now(),
      );
      await this.audit.record(em, {
        actor: null,
        action: 'user.admin_bootstrapped',
        subjectType: 'user',
        subjectId: created.id,
      });
      this.logger.log({ userId: created.id }, 'first admin created');
    });
  }

  /** Changing one's password revokes every token issued before (token version), refresh tokens included. */
  async changePassword(actor: AuthUser, currentPassword: string, newPassword: string): Promise<void> {
    const user = await this.get(actor.id);
    if (!(await this.hasher.verify(user.passwordHash, currentPassword))) {
      throw new DomainError('AUTH.INVALID_CREDENTIALS', 'Mot de passe actuel incorrect.');
    }
    assertStrongPassword(newPassword, [user.email, user.firstName, user.lastName], 'newPassword');
    const passwordHash = await this.hasher.hash(newPassword);
    await this.dataSource.transaction(async (em) => {
      await this.repo.changePassword(em, actor.id, passwordHash);
      await this.sessions.revokeAllIn(em, [actor.id]);
      await this.audit.record(em, { actor, action: 'user.password_changed', subjectType: 'user', subjectId: actor.id });
    });
    this.tokenUsers.evict([actor.id]);
  }

  /**
   * Disabling an account revokes its tokens at once (the guard reads the account on every request) and ends its
   * sessions (refresh tokens).
   */
  async disable(actor: AuthUser, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      if (!(await this.repo.disable(em, id))) {
        if (!(await this.repo.exists(em, id))) throw new DomainError('USER.NOT_FOUND', 'Utilisateur introuvable.');
        return;
      }
      await this.sessions.revokeAllIn(em, [id]);
      await this.audit.record(em, { actor, action: 'user.disabled', subjectType: 'user', subjectId: id });
    });
    this.tokenUsers.evict([id]);
  }

  private async insert(
    em: EntityManager,
    account: NewAccount,
    passwordHash: string,
    emailVerifiedAt: Date | null,
  ): Promise<UserEntity> {
    try {
      return await this.repo.insert(em, {
        email: account.email,
        passwordHash,
        firstName: account.firstName,
        lastName: account.lastName,
        role: account.role,
        emailVerifiedAt,
      });
    } catch (err) {
      if (violatedConstraint(err) === 'uq_users_email') {
        throw new DomainError('USER.EMAIL_TAKEN', 'Un compte existe déjà avec cette adresse e-mail.');
      }
      throw err;
    }
  }
}

/**
 * The one refusal of an id a team or a role list cannot take, whatever the account is (none, another role, a staff
 * account of a crèche the manager does not manage): a manager naming ids must not learn what they are.
 */
export function notNameable(userId: string, role: Role): string {
  return `user ${userId} is not a ${role} account that can be named here`;
}
