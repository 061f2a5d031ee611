import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { IsCivilDate, IsOptionalNotNull, IsUuid, wholeNumber } from '../../../common/http/validators';
import { ANY_OBJECT } from '../../../common/openapi/formats';
import type { FeeComputationEntity } from '../entities/fee-computation.entity';

export class ListFeeComputationsQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptionalNotNull() @IsUuid() crecheId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptionalNotNull() @IsUuid() contractId?: string;
  @ApiPropertyOptional({ format: 'date', description: 'effective on or after' })
  @IsOptionalNotNull()
  @IsCivilDate()
  from?: string;
  @ApiPropertyOptional({ format: 'date', description: 'effective on or before' })
  @IsOptionalNotNull()
  @IsCivilDate()
  to?: string;
  @ApiPropertyOptional({ default: 100, maximum: 1000 })
  @IsOptionalNotNull()
  @Transform(wholeNumber)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
  @ApiPropertyOptional({ default: 0 })
  @IsOptionalNotNull()
  @Transform(wholeNumber)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  offset?: number;
}

export class RecheckQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'limit the recheck to one crèche' })
  @IsOptionalNotNull()
  @IsUuid()
  crecheId?: string;
}

export class ExportQuery {
  @ApiProperty({ format: 'uuid' }) @IsUuid() crecheId!: string;
  @ApiProperty({ example: 2026 }) @Transform(wholeNumber) @IsInt() @Min(2019) @Max(2100) year!: number;
}

export class FeeComputationResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) contractId!: string | null;
  @ApiProperty({ format: 'uuid' }) crecheId!: string;
  @ApiProperty({ format: 'date' }) effectiveFrom!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ format: 'uuid' }) scaleId!: string;
  @ApiProperty() careType!: string;
  @ApiProperty() tier!: string;
  @ApiProperty() effortRatePercent!: string;
  @ApiProperty() boundedResources!: string;
  @ApiProperty() hourlyRate!: string;
  @ApiProperty() monthlyHours!: string;
  @ApiProperty() monthlyFee!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) inputs!: Record<string, unknown>;
  @ApiProperty({ type: 'array', items: ANY_OBJECT }) trace!: unknown[];
  @ApiProperty({ nullable: true, type: String }) triggeredBy!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static from(c: FeeComputationEntity): FeeComputationResponseDto {
    return {
      id: c.id,
      contractId: c.contractId,
      crecheId: c.crecheId,
      effectiveFrom: c.effectiveFrom,
      reason: c.reason,
      scaleId: c.scaleId,
      careType: c.careType,
      tier: c.tier,
      effortRatePercent: c.effortRate,
      boundedResources: c.boundedResources,
      hourlyRate: c.hourlyRate,
      monthlyHours: c.monthlyHours,
      monthlyFee: c.monthlyFee,
      inputs: { ...c.inputs },
      trace: c.trace,
      triggeredBy: c.triggeredBy,
      createdAt: c.createdAt.toISOString(),
    };
  }
}
