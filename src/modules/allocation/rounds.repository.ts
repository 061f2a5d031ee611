import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { returningRows } from '../../common/db/rows';
import { AllocationRoundEntity } from './entities/allocation-round.entity';

/** The `allocation_rounds` table, owned by the allocation module. */
@Injectable()
export class RoundsRepository {
  insert(em: EntityManager, round: Partial<AllocationRoundEntity>): Promise<AllocationRoundEntity> {
    return em.save(em.create(AllocationRoundEntity, round));
  }

  findById(em: EntityManager, id: string, lock = false): Promise<AllocationRoundEntity | null> {
    return em.findOne(AllocationRoundEntity, {
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  /** Deletes the DRAFT rounds created before `before`; returns their ids (confirmed rounds are kept). */
  async deleteDraftsBefore(em: EntityManager, before: Date): Promise<string[]> {
    const rows = await returningRows<{ id: string }>(
      em,
      `DELETE FROM allocation_rounds WHERE status = 'DRAFT' AND created_at < $1 RETURNING id`,
      [before],
    );
    return rows.map((r) => r.id);
  }

  save(em: EntityManager, round: AllocationRoundEntity): Promise<AllocationRoundEntity> {
    return em.save(round);
  }
}
