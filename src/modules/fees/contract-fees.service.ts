import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { AuditService } from '../audit/audit.service';
import { CrecheEntity } from '../creches/entities/creche.entity';
import { ContractEntity } from '../contracts/entities/contract.entity';
import { attendanceOf } from './domain/attendance';
import { computeHourlyRate, computeMonthlyFee, TraceStep } from './domain/compute-fee';
import type { FeeScaleVersion } from './domain/fee-scale';
import { FeeComputationEntity, FeeInputsSnapshot, FeeReason } from './entities/fee-computation.entity';
import { FeeScalesRepository } from './fee-scales.repository';

export interface ContractFeeRequest {
  readonly contractId: string;
  readonly effectiveFrom: string;
  readonly reason: FeeReason;
  readonly idempotencyKey: string;
  readonly actor: AuthUser | null;
}

/**
 * Stores the fee of a contract from a date, with its full trace. Idempotent: the same key twice stores one
 * computation. Runs in the caller's transaction (contract creation, a job).
 */
@Injectable()
export class ContractFeesService {
  private readonly logger = new Logger(ContractFeesService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scales: FeeScalesRepository,
    private readonly audit: AuditService,
  ) {}

  async computeInTx(em: EntityManager, req: ContractFeeRequest, scales?: readonly FeeScaleVersion[]): Promise<FeeComputationEntity | null> {
    const contract = await em.findOne(ContractEntity, { where: { id: req.contractId } });
    if (!contract?.feeInputs) return null;
    const creche = await em.findOneOrFail(CrecheEntity, { where: { id: contract.crecheId } });
    const attendance = attendanceOf({
      schedule: contract.schedule,
      leaveWeeksPerYear: contract.leaveWeeksPerYear,
      closures: creche.closures,
      openWeekdays: new Set(creche.openingHours.map((o) => o.weekday)),
      from: req.effectiveFrom,
    });
    const inputs: FeeInputsSnapshot = {
      date: req.effectiveFrom,
      careType: creche.kind,
      ...contract.feeInputs,
      ceilingOverride: creche.resourcesCeilingOverride,
      hoursPerWeek: attendance.hoursPerWeek,
      weeksPerYear: attendance.weeksPerYear,
      billedMonths: attendance.billedMonths,
      leaveWeeksPerYear: contract.leaveWeeksPerYear,
      closureWeeks: attendance.closureWeeks,
    };
    const { hourly, monthly, trace } = computeFromSnapshot(inputs, scales ?? (await this.scales.all(em)));
    const rows: { id: string }[] = await em.query(
      `INSERT INTO fee_computations (contract_id, creche_id, effective_from, scale_id, reason, care_type, inputs, trace, tier, effort_rate,
                                     bounded_resources, hourly_rate, monthly_hours, monthly_fee, triggered_by, idempotency_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
       ON CONFLICT ON CONSTRAINT uq_fee_computations_idempotency_key DO NOTHING RETURNING id`,
      [
        contract.id, contract.crecheId, req.effectiveFrom, hourly.scale.id, req.reason, creche.kind, JSON.stringify(inputs), JSON.stringify(trace),
        hourly.tier, hourly.effortRatePercent, hourly.boundedResources, hourly.hourlyRate, monthly.monthlyHours, monthly.monthlyFee,
        req.actor?.id ?? null, req.idempotencyKey,
      ],
    );
    if (!rows[0]) return null;
    await this.audit.record(em, {
      actor: req.actor,
      action: 'fee.computed',
      subjectType: 'contract',
      subjectId: contract.id,
      details: { computationId: rows[0].id, reason: req.reason, effectiveFrom: req.effectiveFrom, scaleId: hourly.scale.id },
    });
    return em.findOneOrFail(FeeComputationEntity, { where: { id: rows[0].id } });
  }

  /** A new scale version reaches every running contract that starts before it and ends after (idempotent). */
  async applyScale(scale: FeeScaleVersion, scales: readonly FeeScaleVersion[]): Promise<number> {
    const contracts: { id: string }[] = await this.dataSource.query(
      `SELECT c.id FROM contracts c
        WHERE c.fee_inputs IS NOT NULL AND c.start_date < $1 AND c.end_date >= $1
          AND NOT EXISTS (SELECT 1 FROM fee_computations f WHERE f.idempotency_key = 'scale-' || $2 || '-contract-' || c.id)`,
      [scale.effectiveFrom, scale.id],
    );
    let done = 0;
    for (const { id } of contracts) {
      const stored = await this.dataSource.transaction((em) =>
        this.computeInTx(em, { contractId: id, effectiveFrom: scale.effectiveFrom, reason: 'SCALE_CHANGED', idempotencyKey: `scale-${scale.id}-contract-${id}`, actor: null }, scales),
      );
      if (stored) done += 1;
    }
    if (done) this.logger.log({ scaleId: scale.id, contracts: done }, 'fees recomputed for a new scale version');
    return done;
  }

  /** Computes the fee pending after a change of a contract's inputs; clears the marker. Safe to run twice. */
  async applyPendingInputs(contractId: string): Promise<FeeComputationEntity | null> {
    return this.dataSource.transaction(async (em) => {
      const contract = await em.findOne(ContractEntity, { where: { id: contractId }, lock: { mode: 'pessimistic_write' } });
      if (!contract?.feePendingFrom) return null;
      const stored = await this.computeInTx(em, {
        contractId,
        effectiveFrom: contract.feePendingFrom,
        reason: 'INPUTS_CHANGED',
        idempotencyKey: `inputs-${contractId}-v${contract.feeInputsVersion}`,
        actor: null,
      });
      await em.update(ContractEntity, { id: contractId }, { feePendingFrom: null });
      return stored;
    });
  }

  async pendingContractIds(): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(`SELECT id FROM contracts WHERE fee_pending_from IS NOT NULL`);
    return rows.map((r) => r.id);
  }
}

/** Recomputes a fee from a stored inputs snapshot (also what the auditor's recheck does). */
export function computeFromSnapshot(inputs: FeeInputsSnapshot, scales: readonly FeeScaleVersion[]) {
  const hourly = computeHourlyRate(inputs, scales);
  const monthly = computeMonthlyFee({ hourlyRate: hourly.hourlyRate, hoursPerWeek: inputs.hoursPerWeek, weeksPerYear: inputs.weeksPerYear, billedMonths: inputs.billedMonths });
  const attendanceStep: TraceStep = {
    step: 'ATTENDANCE',
    inputs: { hoursPerWeek: inputs.hoursPerWeek, leaveWeeksPerYear: inputs.leaveWeeksPerYear, closureWeeks: inputs.closureWeeks },
    rule: '52 weeks − declared leave weeks − closure weeks of the crèche over the twelve months; billed over 12 months',
    source: 'DOMAIN.md §4 (mensualisation)',
    value: `${inputs.weeksPerYear} weeks`,
  };
  return { hourly, monthly, trace: [...hourly.trace, attendanceStep, ...monthly.trace] };
}
