import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PolicyCriterion, TieBreak } from './domain/priority-policy';
import { PriorityPolicyEntity } from './entities/priority-policy.entity';

export interface NewPolicyVersion {
  readonly territoryId: string;
  readonly version: number;
  readonly effectiveFrom: string;
  readonly criteria: PolicyCriterion[];
  readonly waitingMonthPoints: number;
  readonly waitingMonthCap: number;
  readonly refusalPenalty: number;
  readonly tieBreak: TieBreak[];
  readonly createdBy: string | null;
}

/** The `priority_policies` table: published versions, never changed once written (`uq_priority_policies_version`). */
@Injectable()
export class PriorityPoliciesRepository {
  /** The territory's latest version, or null when it has published none. */
  latest(em: EntityManager, territoryId: string): Promise<PriorityPolicyEntity | null> {
    return em.findOne(PriorityPolicyEntity, { where: { territoryId }, order: { version: 'DESC' } });
  }

  insert(em: EntityManager, policy: NewPolicyVersion): Promise<PriorityPolicyEntity> {
    return em.save(em.create(PriorityPolicyEntity, { ...policy }));
  }
}
