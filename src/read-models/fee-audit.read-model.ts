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

/** The auditor's filters over stored computations (`limit` absent: every matching row). */
export interface AuditComputationFilter {
  readonly crecheId?: string;
  readonly from?: string;
  readonly to?: string;
  readonly reason?: string;
  readonly limit?: number;
  readonly offset?: number;
}

/** A stored computation as the auditor lists it, with what the recheck needs to recompute it. */
export interface AuditComputationRow {
  id: string;
  effectiveFrom: string;
  createdAt: Date;
  crecheId: string;
  crecheName: string;
  contractId: string | null;
  childFirstName: string | null;
  cafNumber: string | null;
  reason: FeeComputationEntity['reason'];
  tier: string;
  scaleId: string;
  hourlyRate: string;
  monthlyFee: string;
  inputs: FeeComputationEntity['inputs'];
  /** Rows matching the filters, all pages. */
  total: string;
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

  /**
   * Stored computations with the crèche's name, the child's first name and the paying household's Caf number (the
   * share's household, else the child's), ordered by effective date then creation.
   */
  auditRows(em: EntityManager, f: AuditComputationFilter): Promise<AuditComputationRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (f.crecheId) add('f.creche_id = ?', f.crecheId);
    if (f.from) add('f.effective_from >= ?', f.from);
    if (f.to) add('f.effective_from <= ?', f.to);
    if (f.reason) add('f.reason = ?', f.reason);
    let page = '';
    if (f.limit !== undefined) {
      params.push(f.limit, f.offset ?? 0);
      page = `LIMIT $${params.length - 1} OFFSET $${params.length}`;
    }
    return selectRows<AuditComputationRow>(
      em,
      `SELECT f.id, to_char(f.effective_from, 'YYYY-MM-DD') AS effective_from, f.created_at, f.creche_id,
              cr.name AS creche_name, f.contract_id, ch.first_name AS child_first_name, fam.caf_number, f.reason,
              f.tier, f.scale_id, f.hourly_rate, f.monthly_fee, f.inputs, count(*) OVER () AS total
         FROM fee_computations f
         JOIN creches cr ON cr.id = f.creche_id
         LEFT JOIN contracts c ON c.id = f.contract_id
         LEFT JOIN children ch ON ch.id = c.child_id
         LEFT JOIN families fam ON fam.id = COALESCE(f.family_id, ch.family_id)
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY f.effective_from, f.created_at, f.id
        ${page}`,
      params,
    );
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
