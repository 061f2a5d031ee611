import { Module, OnModuleInit } from '@nestjs/common';
import { StaffTeamsReadModel } from '../../read-models/staff-teams.read-model';
import { NoticesModule } from '../notices/notices.module';
import { AuditModule } from '../audit/audit.module';
import {
  renderEmailVerification,
  renderPasswordReset,
  renderStaffInvitation,
  renderWelcome,
} from '../notices/domain/notice-templates';
import { NoticeRecipient, NoticeRenderers } from '../notices/notice-renderers';
import { UnrenderableNotice } from '../notices/notice-delivery.service';
import {
  EMAIL_VERIFICATION_NOTICE,
  PASSWORD_RESET_NOTICE,
  STAFF_INVITATION_NOTICE,
  WELCOME_NOTICE,
} from '../notices/notice-types';
import { EmailVerificationService } from './email-verification.service';
import { TokenUserReader } from '../../common/auth/token-user.cache';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { LoginLimiter } from './login-limiter';
import { PasswordHasher } from './password-hasher';
import { INVITATION_LINK_MS, PasswordResetService } from './password-reset.service';
import { SessionLimiter } from './session-limiter';
import { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';
import { RegistrationLimiter } from './registration-limiter';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';
import { webPaths } from '../../common/web/web-paths';

@Module({
  imports: [NoticesModule, AuditModule],
  controllers: [AuthController, UsersController],
  providers: [
    UsersService,
    UsersRepository,
    AuthService,
    PasswordHasher,
    LoginLimiter,
    RegistrationLimiter,
    EmailVerificationService,
    SessionsService,
    SessionsRepository,
    SessionLimiter,
    PasswordResetService,
    StaffTeamsReadModel,
    { provide: TokenUserReader, useExisting: UsersService },
  ],
  // TokenUserReader is UsersService under the auth guard's port: the guard (common/auth) reads accounts through it.
  exports: [UsersService, TokenUserReader, EmailVerificationService],
})
export class UsersModule implements OnModuleInit {
  constructor(
    private readonly renderers: NoticeRenderers,
    private readonly verification: EmailVerificationService,
    private readonly resets: PasswordResetService,
    private readonly users: UsersService,
    private readonly staffTeams: StaffTeamsReadModel,
  ) {}

  /** The users module owns these e-mails' facts: the link that proves the address is made when the e-mail is written. */
  onModuleInit(): void {
    // The link proves the address the account has in the delivery's snapshot: the recipient's, when the notice goes
    // to the account it names (a welcome, a verification), already read for the whole batch.
    const verifyUrl = async (
      em: Parameters<EmailVerificationService['tokenFor']>[0],
      data: Record<string, unknown>,
      recipient: NoticeRecipient,
    ) => {
      const token = await this.verification.tokenFor(em, String(data.userId), recipient);
      return token ? `${recipient.baseUrl}${webPaths.verifyEmail(token)}` : undefined;
    };
    this.renderers.register(WELCOME_NOTICE, async (em, data, recipient) =>
      renderWelcome({
        ...recipient,
        verifyUrl: data.userId ? await verifyUrl(em, data, recipient) : undefined,
      }),
    );
    this.renderers.register(EMAIL_VERIFICATION_NOTICE, async (em, data, recipient) =>
      renderEmailVerification({
        ...recipient,
        verifyUrl: (await verifyUrl(em, data, recipient)) ?? `${recipient.baseUrl}/`,
      }),
    );
    // The reset token is made here, when the e-mail is written, and stored hashed: the notice keeps no secret. A
    // request overtaken by a password change (or a disabling) before the e-mail went out is not written: no link is
    // made after the change (a delivery retried an hour later would otherwise carry a fresh one).
    this.renderers.register(PASSWORD_RESET_NOTICE, async (em, data, recipient) => {
      const userId = String(data.userId);
      if (!(await this.users.resetStillWanted(em, userId, data.tokenVersion)))
        throw new UnrenderableNotice('password changed since the reset was asked');
      return renderPasswordReset({
        ...recipient,
        resetUrl: `${recipient.baseUrl}${webPaths.resetPassword(await this.resets.tokenFor(em, userId))}`,
      });
    });
    // The invitation's link is a reset link that lasts longer: following it sets the first password. An invitation
    // withdrawn meanwhile (taken off the team, disabled) is not written, and no link is made for it; one already
    // accepted (the password chosen) points to the sign-in page.
    this.renderers.register(STAFF_INVITATION_NOTICE, async (em, data, recipient) => {
      const userId = String(data.userId);
      const state = await this.users.invitationState(em, userId, data.tokenVersion);
      if (state === 'withdrawn') throw new UnrenderableNotice('invitation withdrawn');
      // An account named to one more team and taken off it before the e-mail was written is not told it joined.
      if (
        data.addedToTeam === true &&
        typeof data.crecheId === 'string' &&
        !(await this.staffTeams.isInTeam(em, userId, data.crecheId))
      )
        throw new UnrenderableNotice('taken off the team since');
      return renderStaffInvitation({
        ...recipient,
        crecheName: String(data.crecheName),
        addedToTeam: data.addedToTeam === true,
        setPasswordUrl:
          state === 'open'
            ? `${recipient.baseUrl}${webPaths.resetPassword(await this.resets.tokenFor(em, userId, INVITATION_LINK_MS))}`
            : null,
      });
    });
  }
}
