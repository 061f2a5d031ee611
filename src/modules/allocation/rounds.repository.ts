import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { execute, returningRows, selectRows } from '../../common/db/rows';
import type { AllocationResult, AllocationSnapshot } from './domain/snapshot';
import { AllocationRoundEntity, RoundExclusion } from './entities/allocation-round.entity';

export interface RoundSummary {
  readonly id: string;
  readonly crecheIds: string[];
  readonly startDate: string;
  readonly status: 'DRAFT' | 'CONFIRMED';
  readonly candidates: number;
  readonly placements: number;
  readonly exclusions: number;
  readonly createdAt: Date;
  readonly confirmedAt: Date | null;
}

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

  /** The rounds that included a crèche, newest first, without their snapshots (a list page's summaries). */
  listForCreche(em: EntityManager, crecheId: string, limit: number): Promise<RoundSummary[]> {
    return selectRows<RoundSummary>(
      em,
      `SELECT id, creche_ids, to_char(start_date, 'YYYY-MM-DD') AS start_date, status,
              jsonb_array_length(snapshot->'applicants') AS candidates,
              jsonb_array_length(result->'placements') AS placements,
              jsonb_array_length(exclusions) AS exclusions, created_at, confirmed_at
         FROM allocation_rounds
        WHERE $1::uuid = ANY(creche_ids)
        ORDER BY created_at DESC, id
        LIMIT $2`,
      [crecheId, limit],
    );
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

  /**
   * The rounds, draft or confirmed, whose snapshot holds an applicant of this household, locked: its erasure rewrites
   * their record. jsonb containment on the applicants' `familyId`.
   */
  withFamilyForUpdate(
    em: EntityManager,
    familyId: string,
  ): Promise<
    {
      id: string;
      snapshot: AllocationSnapshot;
      result: AllocationResult;
      snapshotHash: string;
      exclusions: RoundExclusion[];
    }[]
  > {
    return selectRows(
      em,
      `SELECT id, snapshot, result, snapshot_hash, exclusions FROM allocation_rounds
        WHERE snapshot->'applicants' @> jsonb_build_array(jsonb_build_object('familyId', $1::text))
        ORDER BY id FOR UPDATE`,
      [familyId],
    );
  }

  /** Replaces a round's stored record (GDPR erasure only: a round's snapshot and result are otherwise never changed). */
  async replaceRecord(
    em: EntityManager,
    id: string,
    record: { snapshot: AllocationSnapshot; result: AllocationResult; snapshotHash: string },
  ): Promise<void> {
    await execute(
      em,
      `UPDATE allocation_rounds SET snapshot = $2::jsonb, result = $3::jsonb, snapshot_hash = $4 WHERE id = $1`,
      [id, JSON.stringify(record.snapshot), JSON.stringify(record.result), record.snapshotHash],
    );
  }

  /**
   * A draft's exclusions, written alone (the snapshot and result are not sent again); or a round's, its notes on an
   * erased household cleared (GDPR erasure).
   */
  async setExclusions(em: EntityManager, id: string, exclusions: readonly RoundExclusion[]): Promise<void> {
    await execute(em, `UPDATE allocation_rounds SET exclusions = $2::jsonb WHERE id = $1`, [
      id,
      JSON.stringify(exclusions),
    ]);
  }

  save(em: EntityManager, round: AllocationRoundEntity): Promise<AllocationRoundEntity> {
    return em.save(round);
  }
}
