import { AuditEventEntity } from '../../modules/audit/entities/audit-event.entity';
import { NoticeEntity } from '../../modules/notices/entities/notice.entity';
import { UserEntity } from '../../modules/users/entities/user.entity';

/** Every entity, listed as classes (no globs) so the app, the CLI and jest see the same set. */
export const ENTITIES = [UserEntity, AuditEventEntity, NoticeEntity] as const;
