import { AuditEventEntity } from '../../modules/audit/entities/audit-event.entity';
import { ChildEntity } from '../../modules/children/entities/child.entity';
import { FamilyEntity } from '../../modules/children/entities/family.entity';
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
] as const;
