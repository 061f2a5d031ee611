import { FAMILY_INVITATION_NOTICE } from '../notices/notice-types';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { DomainError } from '../../common/errors/domain-error';
import { violatedConstraint } from '../../common/db/pg-errors';
import { AuditService } from '../audit/audit.service';
import { NoticesService } from '../notices/notices.service';
import { UsersService } from '../users/users.service';
import { EmailVerificationService } from '../users/email-verification.service';
import { FamiliesRepository } from './families.repository';
import { FamilyInvitationEntity } from './entities/family-invitation.entity';
import { FamilyAccess } from './family-access';

/** A household's parents: a child has two; a third account would borrow the household's proven situation. */
export const MAX_PARENTS = 2;

function parentsLimit(): DomainError {
  return new DomainError(
    'FAMILY.PARENTS_LIMIT',
    'Ce foyer compte déjà deux parents : il ne peut pas en accueillir un troisième.',
  );
}

/** The second parent joins the household: invited by e-mail, they accept from their own account. */
@Injectable()
export class InvitationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: FamilyAccess,
    private readonly audit: AuditService,
    private readonly notices: NoticesService,
    private readonly users: UsersService,
    private readonly repo: FamiliesRepository,
    private readonly verification: EmailVerificationService,
  ) {}

  async invite(actor: AuthUser, familyId: string, email: string): Promise<FamilyInvitationEntity> {
    let noticeId: string | null = null;
    const invitation = await this.dataSource.transaction(async (em) => {
      await this.access.assertIsMember(em, actor, familyId);
      if ((await this.repo.memberIds(em, familyId)).length >= MAX_PARENTS) throw parentsLimit();
      // Invited twice (a second tap, a retry): the invitation pending already, e-mailed once.
      const saved = await this.repo.insertPendingInvitation(em, { familyId, email, invitedBy: actor.id });
      if (!saved) return (await this.repo.pendingInvitation(em, { familyId, email }))!;
      // The invitee is e-mailed either way: at their account if they have one, otherwise at the address, with the
      // link to the invitation page, which asks them to create an account with that address and prove it first.
      const inviteeId = await this.users.idByEmailIn(em, email);
      const notice = {
        type: FAMILY_INVITATION_NOTICE,
        templateData: { invitationId: saved.id, invitedBy: actor.id, newAccount: !inviteeId },
        idempotencyKey: `family-invitation-${saved.id}`,
        subject: { type: 'family', id: familyId },
      } as const;
      noticeId = inviteeId
        ? await this.notices.createInTx(em, { ...notice, recipientUserId: inviteeId })
        : await this.notices.createForAddressInTx(em, { ...notice, recipientEmail: email });
      await this.audit.record(em, {
        actor,
        action: 'family.invitation_sent',
        subjectType: 'family',
        subjectId: familyId,
        details: { invitationId: saved.id },
      });
      return saved;
    });
    await this.notices.dispatch([noticeId]);
    return invitation;
  }

  /** The invitations waiting for the caller's address, with the first name of the parent who sent each. */
  async pendingFor(user: AuthUser): Promise<(FamilyInvitationEntity & { invitedByFirstName: string | null })[]> {
    const em = this.dataSource.manager;
    const me = (await this.users.contactIn(em, user.id))!;
    const pending = await this.repo.pendingInvitationsFor(em, me.email);
    const out: (FamilyInvitationEntity & { invitedByFirstName: string | null })[] = [];
    for (const inv of pending)
      out.push(
        Object.assign(inv, {
          invitedByFirstName: (await this.users.contactIn(em, inv.invitedBy))?.firstName ?? null,
        }),
      );
    return out;
  }

  /** The household's parents and the invitations not accepted yet, for its parents only. */
  async parentsOf(
    user: AuthUser,
    familyId: string,
  ): Promise<{
    parents: { id: string; firstName: string; lastName: string; email: string }[];
    invitations: FamilyInvitationEntity[];
  }> {
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      await this.access.assertIsMember(em, user, familyId);
      const parents: { id: string; firstName: string; lastName: string; email: string }[] = [];
      for (const id of await this.repo.memberIds(em, familyId)) {
        const c = await this.users.contactIn(em, id);
        if (c) parents.push({ id: c.id, firstName: c.firstName, lastName: c.lastName, email: c.email });
      }
      return { parents, invitations: await this.repo.pendingInvitationsOfFamily(em, familyId) };
    });
  }

  async accept(user: AuthUser, invitationId: string): Promise<string> {
    return this.dataSource.transaction(async (em) => {
      // Only a proved address may take an invitation sent to it (issue #13: household takeover by registration).
      await this.verification.assertVerified(em, user.id);
      const me = (await this.users.contactIn(em, user.id))!;
      const invitation = await this.repo.pendingInvitation(em, { id: invitationId, email: me.email }, true);
      if (!invitation) throw new DomainError('INVITATION.NOT_FOUND', 'Invitation introuvable ou déjà acceptée.');
      // The household's row first, so that two invitations accepted at once are counted in turn.
      await this.repo.findFamily(em, invitation.familyId, true);
      if ((await this.repo.memberIds(em, invitation.familyId)).length >= MAX_PARENTS) throw parentsLimit();
      try {
        await this.repo.addMember(em, invitation.familyId, user.id);
      } catch (err) {
        if (violatedConstraint(err) === 'uq_family_members_user')
          throw new DomainError('FAMILY.ALREADY_MEMBER', 'Votre compte est déjà rattaché à un foyer.');
        throw err;
      }
      await this.repo.markInvitationAccepted(em, invitationId, user.id);
      // A second parent in the household: what a manager saw proved of a single parent no longer holds, so its points
      // go in the same transaction (a new check is needed, DOMAIN.md §5: allocation counts verified points only).
      const singleParentDropped = await this.repo.dropFamilyClaim(em, invitation.familyId, 'SINGLE_PARENT');
      await this.audit.record(em, {
        actor: user,
        action: 'family.member_joined',
        subjectType: 'family',
        subjectId: invitation.familyId,
        details: { invitationId, ...(singleParentDropped ? { claimsUnverified: ['SINGLE_PARENT'] } : {}) },
      });
      return invitation.familyId;
    });
  }
}
