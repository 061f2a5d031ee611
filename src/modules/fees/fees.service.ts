import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error';
import { computeHourlyRate, computeMonthlyFee, NoScaleInForce } from './domain/compute-fee';
import type { QuoteDto, QuoteResponseDto } from './dto/quote.dto';
import { FeeScalesRepository } from './fee-scales.repository';
import { assembleFeeInputs, computeFromSnapshot, FeeCrecheFacts, FeeSituation } from './domain/fee-inputs';
import type { FeeScaleVersion } from './domain/fee-scale';
import { FeeComputationsRepository } from './fee-computations.repository';
import type { FeeComputationEntity, FeeReason } from './entities/fee-computation.entity';

export interface FeeRequest {
  readonly date: string;
  readonly creche: FeeCrecheFacts & { readonly id: string };
  readonly schedule: readonly { weekday: number; from: string; to: string }[];
  readonly leaveWeeksPerYear: number;
  readonly situation: FeeSituation;
}

/** The parents' simulator: the fee a household would pay, with every step of the computation. */
@Injectable()
export class FeesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scales: FeeScalesRepository,
    private readonly computations: FeeComputationsRepository,
  ) {}

  /** Every scale version, for callers that compute many fees in one transaction. */
  scalesInTx(em: EntityManager): Promise<FeeScaleVersion[]> {
    return this.scales.all(em);
  }

  /**
   * The monthly fee a household would pay for a schedule at a crèche (an offer's estimate), or null when no scale
   * is in force on that date (the fee is then computed at acceptance).
   */
  async estimate(
    em: EntityManager,
    req: FeeRequest,
    scales?: readonly FeeScaleVersion[],
  ): Promise<{ hourlyRate: string; monthlyFee: string; trace: unknown[] } | null> {
    try {
      const r = computeFromSnapshot(assembleFeeInputs(req), scales ?? (await this.scales.all(em)));
      return { hourlyRate: r.hourly.hourlyRate, monthlyFee: r.monthly.monthlyFee, trace: r.trace as unknown[] };
    } catch (err) {
      if (err instanceof NoScaleInForce) return null;
      throw err;
    }
  }

  /**
   * Computes and stores a contract's fee from `req.date`, with its trace, in the caller's transaction. Idempotent:
   * the same key twice stores one computation (null the second time). Throws NoScaleInForce without a scale.
   */
  async recordInTx(
    em: EntityManager,
    req: FeeRequest & { contractId: string; reason: FeeReason; idempotencyKey: string; triggeredBy: string | null },
    scales?: readonly FeeScaleVersion[],
  ): Promise<FeeComputationEntity | null> {
    const inputs = assembleFeeInputs(req);
    const { hourly, monthly, trace } = computeFromSnapshot(inputs, scales ?? (await this.scales.all(em)));
    const id = await this.computations.insert(em, {
      contractId: req.contractId,
      crecheId: req.creche.id,
      effectiveFrom: req.date,
      scaleId: hourly.scale.id,
      reason: req.reason,
      inputs,
      trace,
      tier: hourly.tier,
      effortRatePercent: hourly.effortRatePercent,
      boundedResources: hourly.boundedResources,
      hourlyRate: hourly.hourlyRate,
      monthlyHours: monthly.monthlyHours,
      monthlyFee: monthly.monthlyFee,
      triggeredBy: req.triggeredBy,
      idempotencyKey: req.idempotencyKey,
    });
    return id ? this.computations.findById(em, id) : null;
  }

  /** The stored computation in force for a contract on `asOf`. */
  inForce(em: EntityManager, contractId: string, asOf: string): Promise<FeeComputationEntity | null> {
    return this.computations.inForce(em, contractId, asOf);
  }

  /** Which of these idempotency keys already have a stored computation (one query). */
  existingKeys(em: EntityManager, idempotencyKeys: readonly string[]): Promise<Set<string>> {
    return this.computations.existingKeys(em, idempotencyKeys);
  }

  async quote(dto: QuoteDto): Promise<QuoteResponseDto> {
    const scales = await this.scales.all(this.dataSource.manager);
    try {
      const hourly = computeHourlyRate(
        {
          date: dto.date,
          careType: dto.careType,
          monthlyResources: dto.monthlyResources ?? null,
          resourcesRefused: dto.resourcesRefused ?? false,
          dependentChildren: dto.dependentChildren,
          aeehChildren: dto.aeehChildren ?? 0,
          asePlacement: dto.asePlacement ?? false,
        },
        scales,
      );
      const monthly = computeMonthlyFee({
        hourlyRate: hourly.hourlyRate,
        hoursPerWeek: dto.hoursPerWeek,
        weeksPerYear: String(dto.weeksPerYear),
        billedMonths: dto.billedMonths ?? 12,
      });
      return {
        hourlyRate: hourly.hourlyRate,
        monthlyHours: monthly.monthlyHours,
        monthlyFee: monthly.monthlyFee,
        effortRatePercent: hourly.effortRatePercent,
        tier: hourly.tier,
        boundedResources: hourly.boundedResources,
        scale: { id: hourly.scale.id, effectiveFrom: hourly.scale.effectiveFrom, verified: hourly.scale.verified },
        trace: [...hourly.trace, ...monthly.trace],
      };
    } catch (err) {
      if (err instanceof NoScaleInForce)
        throw new DomainError('FEE.NO_SCALE', `Aucun barème n'est en vigueur à la date ${dto.date}.`);
      throw err;
    }
  }
}
