import { monthlyHoursFraction } from '../fees/domain/mensualisation';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { DomainError } from '../../common/errors/domain-error';
import { dayOf, isoOf } from '../../common/time/calendar';
import { FeeAuditReadModel } from '../../read-models/fee-audit.read-model';
import { CrecheAccess } from '../creches/creche-access';
import type { FeeExportRow } from '../fees/domain/fee-csv';
import { computeFromSnapshot } from '../fees/domain/fee-inputs';
import type { FeeComputationEntity } from '../fees/entities/fee-computation.entity';
import { FeesService } from '../fees/fees.service';
import type { ListFeeComputationsQuery } from '../fees/dto/fee-computation.dto';

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

  /** Recomputes every stored computation with the scale the rules select today; lists those that differ. */
  async recheck(crecheId?: string): Promise<{ checked: number; deviations: Deviation[] }> {
    const scales = await this.fees.scalesInTx(this.dataSource.manager);
    const rows = await this.read.allOf(this.dataSource.manager, crecheId);
    const deviations: Deviation[] = [];
    for (const row of rows) {
      const stored = { scaleId: row.scaleId, hourlyRate: row.hourlyRate, monthlyFee: row.monthlyFee, trace: row.trace };
      let recomputed: Deviation['recomputed'];
      try {
        const r = computeFromSnapshot(row.inputs, scales);
        recomputed = {
          scaleId: r.hourly.scale.id,
          hourlyRate: r.hourly.hourlyRate,
          monthlyFee: r.monthly.monthlyFee,
          trace: r.trace,
        };
        if (
          r.hourly.scale.id === row.scaleId &&
          r.hourly.hourlyRate === row.hourlyRate &&
          r.monthly.monthlyFee === row.monthlyFee
        )
          continue;
      } catch (err) {
        recomputed = { error: (err as Error).message };
      }
      deviations.push({
        computationId: row.id,
        contractId: row.contractId,
        effectiveFrom: row.effectiveFrom,
        stored,
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
