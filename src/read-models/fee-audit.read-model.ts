import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { selectRows } from '../common/db/rows';
import { FeeComputationEntity } from '../modules/fees/entities/fee-computation.entity';

export interface FeeExportPeriod {
  contractId: string;
  effectiveFrom: string;
  endDate: string;
  scaleFrom: string;
  verified: boolean;
  tier: string;
  boundedResources: string;
  effortRate: string;
  hourlyRate: string;
  monthlyHours: string;
  monthlyFee: string;
  reason: string;
  nextFrom: string | null;
  /** Alternating residence: the household whose share this is (null for a contract of one household). */
  familyId: string | null;
  hoursPercent: number | null;
  /** Reserved minutes and months (computations since #14 §1), for the exact monthly hours. */
  reservedMinutes: number | null;
  months: number | null;
  crecheName: string;
  /** The paying household's Caf number (the share's household, else the child's). */
  cafNumber: string | null;
}

/** The Caf auditor's reads over fee computations, contracts and scales (three modules' tables). Read-only. */
@Injectable()
export class FeeAuditReadModel {
  list(
    em: EntityManager,
    q: {
      managed: readonly string[] | null;
      crecheId?: string;
      contractId?: string;
      from?: string;
      to?: string;
      limit?: number;
      offset?: number;
    },
  ): Promise<FeeComputationEntity[]> {
    const qb = em.createQueryBuilder(FeeComputationEntity, 'f');
    if (q.managed)
      qb.andWhere('f.crecheId IN (:...managed)', {
        managed: q.managed.length ? q.managed : ['00000000-0000-0000-0000-000000000000'],
      });
    if (q.crecheId) qb.andWhere('f.crecheId = :crecheId', { crecheId: q.crecheId });
    if (q.contractId) qb.andWhere('f.contractId = :contractId', { contractId: q.contractId });
    if (q.from) qb.andWhere('f.effectiveFrom >= :from', { from: q.from });
    if (q.to) qb.andWhere('f.effectiveFrom <= :to', { to: q.to });
    return qb
      .orderBy('f.effectiveFrom', 'ASC')
      .addOrderBy('f.createdAt', 'ASC')
      .addOrderBy('f.id', 'ASC')
      .take(q.limit ?? 100)
      .skip(q.offset ?? 0)
      .getMany();
  }

  findById(em: EntityManager, id: string): Promise<FeeComputationEntity | null> {
    return em.findOne(FeeComputationEntity, { where: { id } });
  }

  allOf(em: EntityManager, crecheId?: string): Promise<FeeComputationEntity[]> {
    return em.find(FeeComputationEntity, {
      where: crecheId ? { crecheId } : {},
      order: { effectiveFrom: 'ASC', id: 'ASC' },
    });
  }

  /** The latest computation per contract and effective date, with the next date and the scale's verification. */
  exportPeriods(em: EntityManager, crecheId: string, from: string, to: string): Promise<FeeExportPeriod[]> {
    return selectRows<FeeExportPeriod>(
      em,
      `WITH ordered AS (
         SELECT f.*, to_char(f.effective_from, 'YYYY-MM-DD') AS eff,
                to_char(lead(f.effective_from) OVER (PARTITION BY f.contract_id, f.family_id ORDER BY f.effective_from, f.created_at, f.id), 'YYYY-MM-DD') AS next_from,
                row_number() OVER (PARTITION BY f.contract_id, f.family_id, f.effective_from ORDER BY f.created_at DESC, f.id DESC) AS latest
           FROM fee_computations f WHERE f.creche_id = $1 AND f.contract_id IS NOT NULL)
       SELECT o.contract_id, o.eff AS effective_from, to_char(c.end_date, 'YYYY-MM-DD') AS end_date, to_char(s.effective_from, 'YYYY-MM-DD') AS scale_from,
              s.verified, o.tier, o.bounded_resources, o.effort_rate, o.hourly_rate, o.monthly_hours, o.monthly_fee, o.reason, o.next_from,
              o.family_id, o.hours_percent, (o.inputs->'mensualisation'->>'reservedMinutes')::int AS reserved_minutes,
              (o.inputs->'mensualisation'->>'months')::int AS months, cr.name AS creche_name, fam.caf_number
         FROM ordered o JOIN contracts c ON c.id = o.contract_id JOIN fee_scales s ON s.id = o.scale_id
         JOIN creches cr ON cr.id = o.creche_id
         JOIN children ch ON ch.id = c.child_id
         JOIN families fam ON fam.id = COALESCE(o.family_id, ch.family_id)
        WHERE o.latest = 1 AND o.effective_from <= $3 AND c.end_date >= $2
        ORDER BY o.contract_id, o.family_id NULLS FIRST, o.effective_from`,
      [crecheId, from, to],
    );
  }
}
