import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AllocationRoundEntity } from './entities/allocation-round.entity';

/** The `allocation_rounds` table, owned by the allocation module. */
@Injectable()
export class RoundsRepository {
  insert(em: EntityManager, round: Partial<AllocationRoundEntity>): Promise<AllocationRoundEntity> {
    return em.save(em.create(AllocationRoundEntity, round));
  }

  findById(em: EntityManager, id: string, lock = false): Promise<AllocationRoundEntity | null> {
    return em.findOne(AllocationRoundEntity, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  save(em: EntityManager, round: AllocationRoundEntity): Promise<AllocationRoundEntity> {
    return em.save(round);
  }
}
