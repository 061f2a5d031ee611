import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { DomainError } from '../../common/errors/domain-error';
import { AuditService } from '../audit/audit.service';
import { TerritoriesService } from '../territories/territories.service';
import type { PublishPolicyDto } from './dto/policy.dto';
import type { PriorityPolicyEntity } from './entities/priority-policy.entity';
import { PriorityPoliciesRepository } from './priority-policies.repository';
import { SEED_POLICY } from './domain/seed-policy';

@Injectable()
export class PriorityPoliciesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly territories: TerritoriesService,
    private readonly audit: AuditService,
    private readonly repo: PriorityPoliciesRepository,
  ) {}

  /** The latest published version (the transparency page). */
  async current(territoryId: string, em: EntityManager = this.dataSource.manager): Promise<PriorityPolicyEntity> {
    const policy = await this.repo.latest(em, territoryId);
    if (!policy) {
      await this.territories.getIn(em, territoryId, false);
      throw new DomainError('POLICY.NOT_FOUND', 'This territory has not published a priority policy.');
    }
    return policy;
  }

  /** Publishes a new version; earlier versions stay, for the record. */
  async publish(actor: AuthUser, territoryId: string, dto: PublishPolicyDto): Promise<PriorityPolicyEntity> {
    return this.dataSource.transaction(async (em) => {
      await this.territories.getIn(em, territoryId, true);
      const previous = await this.repo.latest(em, territoryId);
      const labels = new Map(SEED_POLICY.criteria.map((c) => [c.code, c.label]));
      // The territory row is locked above: two publications get consecutive versions, one after the other.
      const policy = await this.repo.insert(em, {
        territoryId,
        version: (previous?.version ?? 0) + 1,
        effectiveFrom: dto.effectiveFrom,
        criteria: dto.criteria.map((c) => ({ code: c.code, label: labels.get(c.code) ?? c.code, points: c.points })),
        waitingMonthPoints: dto.waitingMonthPoints,
        waitingMonthCap: dto.waitingMonthCap,
        refusalPenalty: dto.refusalPenalty,
        tieBreak: ['SUBMITTED_AT', 'APPLICATION_ID'],
        createdBy: actor.id,
      });
      await this.audit.record(em, {
        actor,
        action: 'priority_policy.published',
        subjectType: 'territory',
        subjectId: territoryId,
        details: { version: policy.version, policyId: policy.id },
      });
      return policy;
    });
  }
}
