import { CoHouseholdsService } from './co-households.service';
import { FiloueObjectionController } from './filoue-objection.controller';
import { FiloueObjectionService } from './filoue-objection.service';
import { FiloueObjectionsRepository } from './filoue-objections.repository';
import { Module, OnModuleInit } from '@nestjs/common';
import { NoticesModule } from '../notices/notices.module';
import { AuditModule } from '../audit/audit.module';
import { layoutEmail } from '../notices/domain/email-layout';
import { NoticeRenderers } from '../notices/notice-renderers';
import { UsersModule } from '../users/users.module';
import { UsersService } from '../users/users.service';
import { HouseholdsInCareReadModel } from '../../read-models/households-in-care.read-model';
import { ChildStandingReadModel } from '../../read-models/child-standing.read-model';
import { InvoicedMonthsReadModel } from '../../read-models/invoiced-months.read-model';
import { ChildrenService } from './children.service';
import { ClaimProofsController } from './claim-proofs.controller';
import { ClaimProofsRepository } from './claim-proofs.repository';
import { ClaimProofsService } from './claim-proofs.service';
import { DocumentStore } from './document-store';
import { FamiliesController } from './families.controller';
import { FamiliesProcessor } from './families.processor';
import { FamiliesService } from './families.service';
import { FamilyAccess } from './family-access';
import { registerFamilyNotices } from './family-notices';
import { FamiliesRepository } from './families.repository';
import { FeeDeclarationReviewService } from './fee-declaration-review.service';
import { FeeDeclarationsController } from './fee-declarations.controller';
import { FeeDeclarationsRepository } from './fee-declarations.repository';
import { FeeDeclarationsService } from './fee-declarations.service';
import { HouseholdSituationService } from './household-situation.service';
import { InvitationsService } from './invitations.service';
import { ResourcesConfirmationService } from './resources-confirmation.service';
import { FAMILY_INVITATION_NOTICE } from '../notices/notice-types';
import { webPaths } from '../../common/web/web-paths';

@Module({
  imports: [NoticesModule, AuditModule, UsersModule],
  controllers: [FamiliesController, FeeDeclarationsController, ClaimProofsController, FiloueObjectionController],
  providers: [
    FamiliesService,
    FamiliesRepository,
    ChildrenService,
    InvitationsService,
    FamilyAccess,
    FeeDeclarationsService,
    FeeDeclarationReviewService,
    FeeDeclarationsRepository,
    HouseholdSituationService,
    DocumentStore,
    ClaimProofsService,
    ClaimProofsRepository,
    ResourcesConfirmationService,
    FamiliesProcessor,
    HouseholdsInCareReadModel,
    ChildStandingReadModel,
    InvoicedMonthsReadModel,
    CoHouseholdsService,
    FiloueObjectionService,
    FiloueObjectionsRepository,
  ],
  exports: [FamilyAccess, ChildrenService, FamiliesService, CoHouseholdsService],
})
export class FamiliesModule implements OnModuleInit {
  constructor(
    private readonly renderers: NoticeRenderers,
    private readonly users: UsersService,
    private readonly declarations: FeeDeclarationsRepository,
  ) {}

  onModuleInit(): void {
    registerFamilyNotices(this.renderers, this.declarations, this.users);
    this.renderers.register(FAMILY_INVITATION_NOTICE, async (em, data, recipient) => {
      const inviter = await this.users.contactIn(em, String(data.invitedBy));
      return layoutEmail({
        subject: 'Invitation à rejoindre un foyer sur Berceau',
        greeting: recipient.firstName ? `Bonjour ${recipient.firstName},` : 'Bonjour,',
        paragraphs: [
          `${inviter?.firstName ?? 'Un parent'} vous invite à rejoindre son foyer sur Berceau, pour suivre ensemble les demandes de place et les offres de vos enfants.`,
          data.newAccount
            ? "Pour accepter, ouvrez le lien ci-dessous et créez votre compte Berceau avec cette adresse e-mail. Confirmez-la avec le lien que vous recevrez alors, puis acceptez l'invitation. Si vous ne connaissez pas cette personne, ignorez ce message."
            : "Connectez-vous puis acceptez l'invitation depuis le lien ci-dessous.",
        ],
        action: {
          label: "Voir l'invitation",
          url: `${recipient.baseUrl}${webPaths.invitation(String(data.invitationId))}`,
        },
      });
    });
  }
}
