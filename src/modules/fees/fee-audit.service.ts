import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { DomainError } from '../../common/errors/domain-error';
import { CrecheAccess } from '../creches/creche-access';
import { dayOf, isoOf } from '../creches/domain/calendar';
import { computeFromSnapshot } from './contract-fees.service';
import { FeeExportRow } from './domain/fee-csv';
import { FeeComputationEntity } from './entities/fee-computation.entity';
import { FeeScalesRepository } from './fee-scales.repository';
import type { ListFeeComputationsQuery } from './dto/fee-computation.dto';

export interface Deviation {
  readonly computationId: string;
  readonly contractId: string | null;
  readonly effectiveFrom: string;
  readonly stored: { scaleId: string; hourlyRate: string; monthlyFee: string; trace: unknown };
  readonly recomputed: { scaleId: string; hourlyRate: string; monthlyFee: string; trace: unknown } | { error: string };
}

/** The Caf auditor's workspace: stored fees with their traces, rechecks against today's rules, the CSV export. */
@Injectable()
export class FeeAuditService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scales: FeeScalesRepository,
    private readonly access: CrecheAccess,
  ) {}

  async list(user: AuthUser, q: ListFeeComputationsQuery): Promise<FeeComputationEntity[]> {
    const managed = await this.access.managedCrecheIds(this.dataSource.manager, user);
    const qb = this.dataSource.getRepository(FeeComputationEntity).createQueryBuilder('f');
    if (managed) qb.andWhere('f.crecheId IN (:...managed)', { managed: managed.length ? managed : ['00000000-0000-0000-0000-000000000000'] });
    if (q.crecheId) qb.andWhere('f.crecheId = :crecheId', { crecheId: q.crecheId });
    if (q.contractId) qb.andWhere('f.contractId = :contractId', { contractId: q.contractId });
    if (q.from) qb.andWhere('f.effectiveFrom >= :from', { from: q.from });
    if (q.to) qb.andWhere('f.effectiveFrom <= :to', { to: q.to });
    return qb.orderBy('f.effectiveFrom', 'ASC').addOrderBy('f.createdAt', 'ASC').addOrderBy('f.id', 'ASC').take(q.limit ?? 100).skip(q.offset ?? 0).getMany();
  }

  async get(user: AuthUser, id: string): Promise<FeeComputationEntity> {
    const found = await this.dataSource.getRepository(FeeComputationEntity).findOne({ where: { id } });
    const managed = await this.access.managedCrecheIds(this.dataSource.manager, user);
    if (!found || (managed && !managed.includes(found.crecheId))) throw new DomainError('FEE_COMPUTATION.NOT_FOUND', 'Fee computation not found.');
    return found;
  }

  /** Recomputes every stored computation with the scale the rules select today; lists those that differ. */
  async recheck(crecheId?: string): Promise<{ checked: number; deviations: Deviation[] }> {
    const scales = await this.scales.all(this.dataSource.manager);
    const rows = await this.dataSource.getRepository(FeeComputationEntity).find({ where: crecheId ? { crecheId } : {}, order: { effectiveFrom: 'ASC', id: 'ASC' } });
    const deviations: Deviation[] = [];
    for (const row of rows) {
      const stored = { scaleId: row.scaleId, hourlyRate: row.hourlyRate, monthlyFee: row.monthlyFee, trace: row.trace };
      let recomputed: Deviation['recomputed'];
      try {
        const r = computeFromSnapshot(row.inputs, scales);
        recomputed = { scaleId: r.hourly.scale.id, hourlyRate: r.hourly.hourlyRate, monthlyFee: r.monthly.monthlyFee, trace: r.trace };
        if (r.hourly.scale.id === row.scaleId && r.hourly.hourlyRate === row.hourlyRate && r.monthly.monthlyFee === row.monthlyFee) continue;
      } catch (err) {
        recomputed = { error: (err as Error).message };
      }
      deviations.push({ computationId: row.id, contractId: row.contractId, effectiveFrom: row.effectiveFrom, stored, recomputed });
    }
    return { checked: rows.length, deviations };
  }

  /** One row per contract and period of the year: each computation holds until the next one or the contract's end. */
  async exportRows(crecheId: string, year: number): Promise<FeeExportRow[]> {
    const from = `${year}-01-01`;
    const to = `${year}-12-31`;
    const rows: {
      contract_id: string; effective_from: string; end_date: string; scale_from: string; verified: boolean; tier: string;
      bounded_resources: string; effort_rate: string; hourly_rate: string; monthly_hours: string; monthly_fee: string; reason: string; next_from: string | null;
    }[] = await this.dataSource.query(
      `WITH ordered AS (
         SELECT f.*, to_char(f.effective_from, 'YYYY-MM-DD') AS eff,
                to_char(lead(f.effective_from) OVER (PARTITION BY f.contract_id ORDER BY f.effective_from, f.created_at), 'YYYY-MM-DD') AS next_from,
                row_number() OVER (PARTITION BY f.contract_id, f.effective_from ORDER BY f.created_at DESC) AS latest
           FROM fee_computations f WHERE f.creche_id = $1 AND f.contract_id IS NOT NULL)
       SELECT o.contract_id, o.eff AS effective_from, to_char(c.end_date, 'YYYY-MM-DD') AS end_date, to_char(s.effective_from, 'YYYY-MM-DD') AS scale_from,
              s.verified, o.tier, o.bounded_resources, o.effort_rate, o.hourly_rate, o.monthly_hours, o.monthly_fee, o.reason, o.next_from
         FROM ordered o JOIN contracts c ON c.id = o.contract_id JOIN fee_scales s ON s.id = o.scale_id
        WHERE o.latest = 1 AND o.effective_from <= $3 AND c.end_date >= $2
        ORDER BY o.contract_id, o.effective_from`,
      [crecheId, from, to],
    );
    return rows
      .map((r) => {
        const end = [r.end_date, to, r.next_from ? isoOf(dayOf(r.next_from) - 1) : to].sort()[0];
        const start = r.effective_from > from ? r.effective_from : from;
        return { r, start, end };
      })
      .filter(({ start, end }) => start <= end)
      .map(({ r, start, end }) => ({
        contractId: r.contract_id,
        periodFrom: start,
        periodTo: end,
        scaleEffectiveFrom: r.scale_from,
        scaleVerified: r.verified,
        tier: r.tier,
        boundedResources: r.bounded_resources,
        effortRatePercent: r.effort_rate,
        hourlyRate: r.hourly_rate,
        monthlyHours: r.monthly_hours,
        monthlyFee: r.monthly_fee,
        reason: r.reason,
      }));
  }
}
