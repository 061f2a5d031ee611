import { Module, OnModuleInit } from '@nestjs/common';
import { NoticesModule } from '../notices/notices.module';
import { AuditModule } from '../audit/audit.module';
import { layoutEmail } from '../notices/domain/email-layout';
import { NoticeRenderers } from '../notices/notice-renderers';
import { UsersModule } from '../users/users.module';
import { UsersService } from '../users/users.service';
import { ChildrenService } from './children.service';
import { FamiliesController } from './families.controller';
import { FamiliesService } from './families.service';
import { FamilyAccess } from './family-access';
import { FamiliesRepository } from './families.repository';
import { InvitationsService } from './invitations.service';
import { FAMILY_INVITATION_NOTICE } from '../notices/notice-types';

@Module({
  imports: [NoticesModule, AuditModule, UsersModule],
  controllers: [FamiliesController],
  providers: [FamiliesService, FamiliesRepository, ChildrenService, InvitationsService, FamilyAccess],
  exports: [FamilyAccess, ChildrenService, FamiliesService],
})
export class FamiliesModule implements OnModuleInit {
  constructor(
    private readonly renderers: NoticeRenderers,
    private readonly users: UsersService,
  ) {}

  onModuleInit(): void {
    this.renderers.register(FAMILY_INVITATION_NOTICE, async (em, data, recipient) => {
      const inviter = await this.users.contactIn(em, String(data.invitedBy));
      return layoutEmail({
        subject: 'Invitation à rejoindre un foyer sur Berceau',
        greeting: `Bonjour ${recipient.firstName},`,
        paragraphs: [
          `${inviter?.firstName ?? 'Un parent'} vous invite à rejoindre son foyer sur Berceau, pour suivre ensemble les demandes de place et les offres de vos enfants.`,
          "Connectez-vous puis acceptez l'invitation depuis votre espace.",
        ],
        action: { label: "Voir l'invitation", url: `${recipient.baseUrl}/invitations/${String(data.invitationId)}` },
      });
    });
  }
}
