import { AllocationRoundEntity } from '../../modules/allocation/entities/allocation-round.entity';
import { OfferEntity } from '../../modules/allocation/entities/offer.entity';
import { ApplicationPreferenceEntity } from '../../modules/applications/entities/application-preference.entity';
import { ApplicationEntity } from '../../modules/applications/entities/application.entity';
import { FamilyInvitationEntity } from '../../modules/families/entities/family-invitation.entity';
import { FamilyMemberEntity } from '../../modules/families/entities/family-member.entity';
import { PriorityPolicyEntity } from '../../modules/waitlist/entities/priority-policy.entity';
import { AuditEventEntity } from '../../modules/audit/entities/audit-event.entity';
import { ChildEntity } from '../../modules/families/entities/child.entity';
import { FamilyEntity } from '../../modules/families/entities/family.entity';
import { FeeDeclarationEntity } from '../../modules/families/entities/fee-declaration.entity';
import { BookingEntity } from '../../modules/contracts/entities/booking.entity';
import { ContractEntity } from '../../modules/contracts/entities/contract.entity';
import { CrecheManagerEntity } from '../../modules/creches/entities/creche-manager.entity';
import { CrecheEntity } from '../../modules/creches/entities/creche.entity';
import { FeeComputationEntity } from '../../modules/fees/entities/fee-computation.entity';
import { FeeScaleEntity } from '../../modules/fees/entities/fee-scale.entity';
import { NoticeEntity } from '../../modules/notices/entities/notice.entity';
import { TerritoryEntity } from '../../modules/territories/entities/territory.entity';
import { UserEntity } from '../../modules/users/entities/user.entity';

/** Every entity, listed as classes (no globs) so the app, the CLI and jest see the same set. */
export const ENTITIES = [
  UserEntity,
  AuditEventEntity,
  NoticeEntity,
  TerritoryEntity,
  CrecheEntity,
  CrecheManagerEntity,
  FamilyEntity,
  ChildEntity,
  ContractEntity,
  BookingEntity,
  FeeScaleEntity,
  FeeComputationEntity,
  FamilyMemberEntity,
  FamilyInvitationEntity,
  PriorityPolicyEntity,
  ApplicationEntity,
  ApplicationPreferenceEntity,
  AllocationRoundEntity,
  OfferEntity,
  FeeDeclarationEntity,
] as const;
