import { Injectable } from '@nestjs/common';
import { EntityManager, In, IsNull, LessThanOrEqual, MoreThan } from 'typeorm';
import { returningRows, selectRows } from '../../common/db/rows';
import { FeeComputationEntity, FeeReason } from './entities/fee-computation.entity';
import type { FeeInputsSnapshot, StoredFeeAtDate } from './domain/fee-inputs';

export interface NewFeeComputation {
  readonly contractId: string;
  readonly crecheId: string;
  readonly effectiveFrom: string;
  readonly scaleId: string;
  readonly reason: FeeReason;
  readonly inputs: FeeInputsSnapshot;
  readonly trace: unknown;
  readonly tier: number | string;
  readonly effortRatePercent: string;
  readonly boundedResources: string;
  readonly hourlyRate: string;
  readonly monthlyHours: string;
  readonly monthlyFee: string;
  readonly triggeredBy: string | null;
  readonly idempotencyKey: string;
}

/** The SQL of `fee_computations`, owned by the fees module. Rows are never updated: a change is a new row. */
@Injectable()
export class FeeComputationsRepository {
  /** Returns the new id, or null if a computation with this idempotency key exists. */
  async insert(em: EntityManager, c: NewFeeComputation): Promise<string | null> {
    const [row] = await returningRows<{ id: string }>(
      em,
      `INSERT INTO fee_computations (contract_id, creche_id, effective_from, scale_id, reason, care_type, inputs, trace, tier, effort_rate,
                                     bounded_resources, hourly_rate, monthly_hours, monthly_fee, triggered_by, idempotency_key,
                                     family_id, hours_percent)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
       ON CONFLICT ON CONSTRAINT uq_fee_computations_idempotency_key DO NOTHING RETURNING id`,
      [
        c.contractId,
        c.crecheId,
        c.effectiveFrom,
        c.scaleId,
        c.reason,
        c.inputs.careType,
        JSON.stringify(c.inputs),
        JSON.stringify(c.trace),
        c.tier,
        c.effortRatePercent,
        c.boundedResources,
        c.hourlyRate,
        c.monthlyHours,
        c.monthlyFee,
        c.triggeredBy,
        c.idempotencyKey,
        c.inputs.share?.familyId ?? null,
        c.inputs.share?.hoursPercent ?? null,
      ],
    );
    return row?.id ?? null;
  }

  findById(em: EntityManager, id: string): Promise<FeeComputationEntity | null> {
    return em.findOne(FeeComputationEntity, { where: { id } });
  }

  /** The inputs a computation used (to rate them again under another scale version). */
  async inputsOf(em: EntityManager, id: string): Promise<FeeInputsSnapshot> {
    const [row] = await selectRows<{ inputs: FeeInputsSnapshot }>(
      em,
      `SELECT inputs FROM fee_computations WHERE id = $1`,
      [id],
    );
    if (!row) throw new Error(`fee computation ${id} not found`);
    return row.inputs;
  }

  /** A contract's computations stored under the weeks rule (before #14 §1), oldest first. */
  legacyOfContract(
    em: EntityManager,
    contractId: string,
  ): Promise<{ id: string; effectiveFrom: string; inputs: FeeInputsSnapshot }[]> {
    return selectRows(
      em,
      // The one in force at each date (the latest stored): two computations of one date recomputed in one
      // transaction would tie on created_at, and the fee in force would then depend on chance.
      `SELECT DISTINCT ON (effective_from) id, effective_from::text AS effective_from, inputs FROM fee_computations
        WHERE contract_id = $1 AND NOT (inputs ? 'mensualisation') ORDER BY effective_from, created_at DESC, id DESC`,
      [contractId],
    );
  }

  /**
   * For each of these contracts, the computation in force from each date one starts (the latest stored at that
   * date, per household's share), with the date of the scale version it used, in date order.
   */
  inForceAtEachDate(em: EntityManager, contractIds: readonly string[]): Promise<StoredFeeAtDate[]> {
    if (contractIds.length === 0) return Promise.resolve([]);
    return selectRows<StoredFeeAtDate>(
      em,
      `SELECT l.id, l.contract_id, l.family_id, to_char(l.effective_from, 'YYYY-MM-DD') AS effective_from,
              to_char(s.effective_from, 'YYYY-MM-DD') AS scale_from, l.inputs
         FROM (SELECT DISTINCT ON (contract_id, family_id, effective_from)
                      id, contract_id, family_id, effective_from, scale_id, inputs
                 FROM fee_computations WHERE contract_id = ANY($1::uuid[])
                ORDER BY contract_id, family_id, effective_from, created_at DESC, id DESC) l
         JOIN fee_scales s ON s.id = l.scale_id
        ORDER BY l.contract_id, l.effective_from, l.family_id NULLS FIRST`,
      [contractIds],
    );
  }

  /** The computation in force for a contract on `asOf` (a household's share of it, in alternating residence). */
  inForce(
    em: EntityManager,
    contractId: string,
    asOf: string,
    familyId: string | null = null,
  ): Promise<FeeComputationEntity | null> {
    return em.findOne(FeeComputationEntity, {
      where: { contractId, effectiveFrom: LessThanOrEqual(asOf), familyId: familyId === null ? IsNull() : familyId },
      order: { effectiveFrom: 'DESC', createdAt: 'DESC' },
    });
  }

  /**
   * The computations in force for several contracts at once, each on its own `asOf`: one per contract and household
   * (a contract's own, `familyId` null, or each share's), in two statements whatever the number of contracts.
   */
  async inForceMany(
    em: EntityManager,
    asks: readonly { contractId: string; asOf: string }[],
  ): Promise<FeeComputationEntity[]> {
    if (asks.length === 0) return [];
    const ids = await selectRows<{ id: string }>(
      em,
      `SELECT DISTINCT ON (fc.contract_id, fc.family_id) fc.id
         FROM fee_computations fc
         JOIN unnest($1::uuid[], $2::date[]) AS a(contract_id, as_of) ON a.contract_id = fc.contract_id
        WHERE fc.effective_from <= a.as_of
        ORDER BY fc.contract_id, fc.family_id, fc.effective_from DESC, fc.created_at DESC`,
      [asks.map((a) => a.contractId), asks.map((a) => a.asOf)],
    );
    return ids.length ? em.findBy(FeeComputationEntity, { id: In(ids.map((r) => r.id)) }) : [];
  }

  /** The computations that take effect after `asOf`, the latest of each date, in date order (at most a year's). */
  async upcoming(
    em: EntityManager,
    contractId: string,
    asOf: string,
    familyId: string | null = null,
  ): Promise<FeeComputationEntity[]> {
    const rows = await em.find(FeeComputationEntity, {
      where: { contractId, effectiveFrom: MoreThan(asOf), familyId: familyId === null ? IsNull() : familyId },
      order: { effectiveFrom: 'ASC', createdAt: 'DESC' },
      take: 100,
    });
    const byDate = new Map<string, FeeComputationEntity>();
    for (const r of rows) if (!byDate.has(r.effectiveFrom)) byDate.set(r.effectiveFrom, r);
    return [...byDate.values()].slice(0, 12);
  }

  async existingKeys(em: EntityManager, idempotencyKeys: readonly string[]): Promise<Set<string>> {
    if (idempotencyKeys.length === 0) return new Set();
    const rows = await selectRows<{ idempotencyKey: string }>(
      em,
      `SELECT idempotency_key FROM fee_computations WHERE idempotency_key = ANY($1::text[])`,
      [idempotencyKeys],
    );
    return new Set(rows.map((r) => r.idempotencyKey));
  }
}
