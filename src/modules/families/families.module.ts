import { Module, OnModuleInit } from '@nestjs/common';
import { layoutEmail } from '../notices/domain/email-layout';
import { NoticeRenderers } from '../notices/notice-renderers';
import { UserEntity } from '../users/entities/user.entity';
import { ChildrenService } from './children.service';
import { FamiliesController } from './families.controller';
import { FamiliesService } from './families.service';
import { FamilyAccess } from './family-access';
import { PrivacyProcessor } from './privacy.processor';
import { PrivacyService } from './privacy.service';
import { InvitationsService } from './invitations.service';
import { FAMILY_INVITATION_NOTICE } from '../notices/notice-types';

@Module({
  controllers: [FamiliesController],
  providers: [FamiliesService, ChildrenService, InvitationsService, FamilyAccess, PrivacyService, PrivacyProcessor],
  exports: [FamilyAccess],
})
export class FamiliesModule implements OnModuleInit {
  constructor(private readonly renderers: NoticeRenderers) {}

  onModuleInit(): void {
    this.renderers.register(FAMILY_INVITATION_NOTICE, async (em, data, recipient) => {
      const inviter = await em.findOne(UserEntity, { where: { id: String(data.invitedBy) }, select: { firstName: true } });
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
