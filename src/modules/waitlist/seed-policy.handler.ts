import { Inject, Injectable } from '@nestjs/common';
import { DomainEvents } from '../../common/events/domain-events';
import { CLOCK, Clock, todayOf } from '../../common/time/clock';
import { SEED_POLICY } from './domain/seed-policy';
import { PriorityPoliciesRepository } from './priority-policies.repository';

/**
 * Every territory starts with the seed priority policy (docs/rules.md#r52-seed-points), version 1. The waitlist
 * owns `priority_policies`, so it writes that first version when the territories module announces a new territory,
 * in the same transaction.
 */
@Injectable()
export class SeedPolicyHandler {
  constructor(events: DomainEvents, repo: PriorityPoliciesRepository, @Inject(CLOCK) clock: Clock) {
    events.on('territory.created', async (em, { territoryId, actorId }) => {
      await repo.insert(em, {
        territoryId,
        version: 1,
        effectiveFrom: todayOf(clock),
        criteria: [...SEED_POLICY.criteria],
        waitingMonthPoints: SEED_POLICY.waitingMonthPoints,
        waitingMonthCap: SEED_POLICY.waitingMonthCap,
        refusalPenalty: SEED_POLICY.refusalPenalty,
        tieBreak: [...SEED_POLICY.tieBreak],
        createdBy: actorId,
      });
    });
  }
}
