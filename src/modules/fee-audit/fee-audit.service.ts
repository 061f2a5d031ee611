import { monthlyHoursFraction } from '../fees/domain/mensualisation';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { DomainError } from '../../common/errors/domain-error';
import { dayOf, isoOf } from '../../common/time/calendar';
import { type AuditComputationRow, FeeAuditReadModel } from '../../read-models/fee-audit.read-model';
import { CrecheAccess } from '../creches/creche-access';
import type { FeeExportRow } from '../fees/domain/fee-csv';
import { computeFromSnapshot } from '../fees/domain/fee-inputs';
import type { FeeScaleVersion } from '../fees/domain/fee-scale';
import type { FeeComputationEntity } from '../fees/entities/fee-computation.entity';
import { FeesService } from '../fees/fees.service';
import type { ListFeeComputationsQuery } from '../fees/dto/fee-computation.dto';
import type { ListAuditComputationsQuery } from './dto/audit-computations.dto';

export interface Deviation {
  readonly computationId: string;
  readonly crecheId: string;
  readonly contractId: string | null;
  readonly effectiveFrom: string;
  readonly stored: { scaleId: string; hourlyRate: string; monthlyFee: string; trace: unknown };
  readonly recomputed: { scaleId: string; hourlyRate: string; monthlyFee: string; trace: unknown } | { error: string };
}

/** A row of the auditor's list, as the API sends it. */
export type AuditComputationItem = Omit<AuditComputationRow, 'inputs' | 'total' | 'scaleId' | 'createdAt'> & {
  readonly createdAt: string;
  readonly deviates: boolean;
};

type Recheckable = Pick<FeeComputationEntity, 'scaleId' | 'hourlyRate' | 'monthlyFee' | 'inputs'>;

/**
 * Today's rules on a stored computation's inputs, when they select another scale or give another rate or fee (or
 * cannot compute it: `{ error }`); null when they agree.
 */
function recomputedIfDeviating(row: Recheckable, scales: readonly FeeScaleVersion[]): Deviation['recomputed'] | null {
  try {
    const r = computeFromSnapshot(row.inputs, scales);
    if (
      r.hourly.scale.id === row.scaleId &&
      r.hourly.hourlyRate === row.hourlyRate &&
      r.monthly.monthlyFee === row.monthlyFee
    )
      return null;
    return {
      scaleId: r.hourly.scale.id,
      hourlyRate: r.hourly.hourlyRate,
      monthlyFee: r.monthly.monthlyFee,
      trace: r.trace,
    };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/** The Caf auditor's workspace: stored fees with their traces, rechecks against today's rules, the CSV export. */
@Injectable()
export class FeeAuditService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly fees: FeesService,
    private readonly access: CrecheAccess,
    private readonly read: FeeAuditReadModel,
  ) {}

  async list(user: AuthUser, q: ListFeeComputationsQuery): Promise<FeeComputationEntity[]> {
    const managed = await this.access.managedCrecheIds(this.dataSource.manager, user);
    return this.read.list(this.dataSource.manager, { ...q, managed });
  }

  async get(user: AuthUser, id: string): Promise<FeeComputationEntity> {
    const found = await this.read.findById(this.dataSource.manager, id);
    const managed = await this.access.managedCrecheIds(this.dataSource.manager, user);
    if (!found || (managed && !managed.includes(found.crecheId)))
      throw new DomainError('FEE_COMPUTATION.NOT_FOUND', 'Fee computation not found.');
    return found;
  }

  /**
   * The auditor's list: stored computations with the crèche's, child's and household's labels, each marked when
   * today's rules compute it differently. `deviationsOnly` recomputes every match before paging (as the recheck).
   */
  async listForAudit(q: ListAuditComputationsQuery): Promise<{ items: AuditComputationItem[]; total: number }> {
    const em = this.dataSource.manager;
    const scales = await this.fees.scalesInTx(em);
    const limit = q.limit ?? 50;
    const offset = q.offset ?? 0;
    const filter = { crecheId: q.crecheId, from: q.from, to: q.to, reason: q.reason };
    const mark = (rows: AuditComputationRow[]): AuditComputationItem[] =>
      rows.map((row) => ({
        id: row.id,
        effectiveFrom: row.effectiveFrom,
        createdAt: row.createdAt.toISOString(),
        crecheId: row.crecheId,
        crecheName: row.crecheName,
        contractId: row.contractId,
        childFirstName: row.childFirstName,
        cafNumber: row.cafNumber,
        reason: row.reason,
        tier: row.tier,
        hourlyRate: row.hourlyRate,
        monthlyFee: row.monthlyFee,
        deviates: recomputedIfDeviating(row, scales) !== null,
      }));
    if (q.deviationsOnly) {
      const deviating = mark(await this.read.auditRows(em, filter)).filter((r) => r.deviates);
      return { items: deviating.slice(offset, offset + limit), total: deviating.length };
    }
    const rows = await this.read.auditRows(em, { ...filter, limit, offset });
    // Past the last page the window count is not returned: count again without paging.
    const total = rows.length
      ? Number(rows[0].total)
      : offset > 0
        ? ((await this.read.auditRows(em, { ...filter, limit: 1 })).map((r) => Number(r.total))[0] ?? 0)
        : 0;
    return { items: mark(rows), total };
  }

  /** Recomputes every stored computation with the scale the rules select today; lists those that differ. */
  async recheck(crecheId?: string): Promise<{ checked: number; deviations: Deviation[] }> {
    const scales = await this.fees.scalesInTx(this.dataSource.manager);
    const rows = await this.read.allOf(this.dataSource.manager, crecheId);
    const deviations: Deviation[] = [];
    for (const row of rows) {
      const recomputed = recomputedIfDeviating(row, scales);
      if (!recomputed) continue;
      deviations.push({
        computationId: row.id,
        crecheId: row.crecheId,
        contractId: row.contractId,
        effectiveFrom: row.effectiveFrom,
        stored: { scaleId: row.scaleId, hourlyRate: row.hourlyRate, monthlyFee: row.monthlyFee, trace: row.trace },
        recomputed,
      });
    }
    return { checked: rows.length, deviations };
  }

  /** One row per contract and period of the year: each computation holds until the next one or the contract's end. */
  async exportRows(crecheId: string, year: number): Promise<FeeExportRow[]> {
    const from = `${year}-01-01`;
    const to = `${year}-12-31`;
    const rows = await this.read.exportPeriods(this.dataSource.manager, crecheId, from, to);
    return rows
      .map((r) => {
        const end = [r.endDate, to, r.nextFrom ? isoOf(dayOf(r.nextFrom) - 1) : to].sort()[0];
        const start = r.effectiveFrom > from ? r.effectiveFrom : from;
        return { r, start, end };
      })
      .filter(({ start, end }) => start <= end)
      .map(({ r, start, end }) => ({
        contractId: r.contractId,
        periodFrom: start,
        periodTo: end,
        scaleEffectiveFrom: r.scaleFrom,
        scaleVerified: r.verified,
        tier: r.tier,
        boundedResources: r.boundedResources,
        effortRatePercent: r.effortRate,
        hourlyRate: r.hourlyRate,
        monthlyHours: r.monthlyHours,
        monthlyFee: r.monthlyFee,
        reason: r.reason,
        // The exact monthly hours as a fraction, so the cent can be found again: rounded hours × rate may miss it.
        monthlyHoursExact:
          r.reservedMinutes === null || r.months === null
            ? ''
            : monthlyHoursFraction({
                reservedMinutes: r.reservedMinutes * (r.hoursPercent ?? 100),
                months: r.months * 100,
              }),
        householdId: r.familyId ?? '',
        crecheName: r.crecheName,
        cafNumber: r.cafNumber ?? '',
      }));
  }
}
