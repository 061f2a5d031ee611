import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { DomainError } from '../../common/errors/domain-error';
import { CLOCK, Clock } from '../../common/time/clock';
import { AuditService } from '../audit/audit.service';
import { EMAIL_VERIFICATION_NOTICE } from '../notices/notice-types';
import { NoticesService } from '../notices/notices.service';
import { UsersRepository } from './users.repository';

/** How long the link of a verification e-mail works. */
const LINK_HOURS = 72;
const PURPOSE = 'verify-email';

interface VerificationClaims {
  readonly sub: string;
  readonly email: string;
  readonly purpose: typeof PURPOSE;
}

/**
 * An account proves its e-mail address by following a link sent there (issue #13: a stranger who registered with an
 * invited address took over the household). The link carries a signed, expiring token naming the account and the
 * address: nothing is stored, and a token for an address the account no longer has proves nothing. Access tokens
 * carry a token version, verification tokens do not, so the auth guard refuses one as the other.
 */
@Injectable()
export class EmailVerificationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly jwt: JwtService,
    private readonly repo: UsersRepository,
    private readonly audit: AuditService,
    private readonly notices: NoticesService,
  ) {}

  /**
   * A fresh link token for the account's current address (made when the e-mail is rendered, never stored). `known`:
   * an account's address as already read in `em`'s snapshot (the notice delivery reads its whole batch's at once),
   * used when it is this account's.
   */
  async tokenFor(
    em: EntityManager,
    userId: string,
    known?: { readonly userId: string | null; readonly email: string },
  ): Promise<string | null> {
    const contact = known?.userId === userId ? known : await this.repo.contact(em, userId);
    if (!contact) return null;
    const claims: VerificationClaims = { sub: userId, email: contact.email, purpose: PURPOSE };
    return this.jwt.signAsync(claims, { expiresIn: LINK_HOURS * 3600 });
  }

  /** Follows a link: the address is proved if the token is valid and still names the account's address. */
  async verify(token: string): Promise<void> {
    let claims: VerificationClaims;
    try {
      claims = await this.jwt.verifyAsync<VerificationClaims>(token);
    } catch {
      throw invalidLink();
    }
    if (claims.purpose !== PURPOSE || typeof claims.sub !== 'string' || typeof claims.email !== 'string')
      throw invalidLink();
    await this.dataSource.transaction(async (em) => {
      if (!(await this.repo.markEmailVerified(em, claims.sub, claims.email))) throw invalidLink();
      await this.audit.record(em, {
        actor: null,
        action: 'user.email_verified',
        subjectType: 'user',
        subjectId: claims.sub,
      });
    });
  }

  /** Sends the link again (at most once an hour per account). */
  async resend(actor: AuthUser): Promise<void> {
    const hour = this.clock.now().toISOString().slice(0, 13);
    const noticeId = await this.dataSource.transaction(async (em) => {
      if (await this.repo.isEmailVerified(em, actor.id)) return null;
      return this.notices.createInTx(em, {
        recipientUserId: actor.id,
        type: EMAIL_VERIFICATION_NOTICE,
        templateData: { userId: actor.id },
        idempotencyKey: `email-verification-${actor.id}-${hour}`,
        subject: { type: 'user', id: actor.id },
      });
    });
    await this.notices.dispatch([noticeId]);
  }

  /** Joining a household and applying need a proved address: otherwise a 403 that says what to do. */
  async assertVerified(em: EntityManager, userId: string): Promise<void> {
    if (!(await this.repo.isEmailVerified(em, userId))) {
      throw new DomainError(
        'AUTH.EMAIL_NOT_VERIFIED',
        "Confirmez d'abord votre adresse e-mail : suivez le lien reçu par e-mail (ou demandez-en un nouveau depuis votre espace).",
      );
    }
  }
}

function invalidLink(): DomainError {
  return new DomainError(
    'AUTH.VERIFICATION_INVALID',
    'Ce lien de confirmation est invalide ou a expiré : demandez-en un nouveau depuis votre espace.',
  );
}
