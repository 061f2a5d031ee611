import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error';
import { computeHourlyRate, computeMonthlyFee, NoScaleInForce } from './domain/compute-fee';
import type { QuoteDto, QuoteResponseDto } from './dto/quote.dto';
import { FeeScalesRepository } from './fee-scales.repository';

/** The parents' simulator: the fee a household would pay, with every step of the computation. */
@Injectable()
export class FeesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scales: FeeScalesRepository,
  ) {}

  async quote(dto: QuoteDto): Promise<QuoteResponseDto> {
    const scales = await this.scales.all(this.dataSource.manager);
    try {
      const hourly = computeHourlyRate(
        {
          date: dto.date,
          careType: dto.careType,
          monthlyResources: dto.monthlyResources ?? null,
          dependentChildren: dto.dependentChildren,
          aeehChildren: dto.aeehChildren ?? 0,
          asePlacement: dto.asePlacement ?? false,
        },
        scales,
      );
      const monthly = computeMonthlyFee({ hourlyRate: hourly.hourlyRate, hoursPerWeek: dto.hoursPerWeek, weeksPerYear: String(dto.weeksPerYear), billedMonths: dto.billedMonths ?? 12 });
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
      if (err instanceof NoScaleInForce) throw new DomainError('FEE.NO_SCALE', `Aucun barème n'est en vigueur à la date ${dto.date}.`);
      throw err;
    }
  }
}
