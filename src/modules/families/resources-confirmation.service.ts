import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CLOCK, Clock, todayOf } from '../../common/time/clock';
import { HouseholdsInCareReadModel } from '../../read-models/households-in-care.read-model';
import { AuditService } from '../audit/audit.service';
import { RESOURCES_CONFIRMATION_NOTICE } from '../notices/notice-types';
import { NoticesService } from '../notices/notices.service';

/**
 * Each January the fee moves to the resources of year N−2 (Cnaf PSU): households with a contract running are asked by
 * e-mail to confirm theirs, by a declaration with its proof. Once per household and year: the notices' idempotency key
 * carries both, so a second run (a retry, a second worker) sends nothing more.
 */
@Injectable()
export class ResourcesConfirmationService {
  private readonly logger = new Logger(ResourcesConfirmationService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly households: HouseholdsInCareReadModel,
    private readonly audit: AuditService,
    private readonly notices: NoticesService,
  ) {}

  async run(): Promise<{ households: number; notices: number }> {
    const today = todayOf(this.clock);
    const year = Number(today.slice(0, 4));
    const { households, noticeIds } = await this.dataSource.transaction(async (em) => {
      const familyIds = await this.households.withContractRunningOn(em, today);
      const noticeIds: (string | null)[] = [];
      for (const familyId of familyIds) {
        const ids = await this.notices.createForFamily(em, familyId, {
          type: RESOURCES_CONFIRMATION_NOTICE,
          templateData: { year },
          idempotencyKey: `resources-confirmation-${year}-${familyId}`,
          subject: { type: 'family', id: familyId },
        });
        if (ids.some((id) => id !== null))
          await this.audit.record(em, {
            actor: null,
            action: 'family.resources_confirmation_requested',
            subjectType: 'family',
            subjectId: familyId,
            details: { year },
          });
        noticeIds.push(...ids);
      }
      return { households: familyIds.length, noticeIds };
    });
    await this.notices.dispatch(noticeIds);
    const sent = noticeIds.filter((id) => id !== null).length;
    if (sent) this.logger.log({ year, households, notices: sent }, 'resources confirmation requested');
    return { households, notices: sent };
  }
}
