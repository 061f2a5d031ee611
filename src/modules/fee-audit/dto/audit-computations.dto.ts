import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, Max, Min } from 'class-validator';
import { IsCivilDate, IsNotAfter, IsOptionalNotNull, IsUuid, wholeNumber } from '../../../common/http/validators';
import { FEE_REASON_LABELS_FR } from '../../fees/domain/fee-csv';
import type { FeeReason } from '../../fees/entities/fee-computation.entity';

/** The reasons a fee is computed for (fee_computations.reason), as the Caf's CSV labels them. */
const FEE_REASONS = Object.keys(FEE_REASON_LABELS_FR) as FeeReason[];

/** The auditor's filters over stored fee computations; every one optional. Pages by offset, newest effective date last. */
export class ListAuditComputationsQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptionalNotNull() @IsUuid() crecheId?: string;
  @ApiPropertyOptional({ format: 'date', description: 'effective on or after' })
  @IsOptionalNotNull()
  @IsCivilDate()
  @IsNotAfter('to')
  from?: string;
  @ApiPropertyOptional({ format: 'date', description: 'effective on or before' })
  @IsOptionalNotNull()
  @IsCivilDate()
  to?: string;
  @ApiPropertyOptional({ enum: FEE_REASONS, description: 'why the fee was computed' })
  @IsOptionalNotNull()
  @IsIn(FEE_REASONS)
  reason?: FeeReason;
  @ApiPropertyOptional({
    type: Boolean,
    default: false,
    description: "only the computations that today's rules would compute differently (as the recheck)",
  })
  @IsOptionalNotNull()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'deviationsOnly must be true or false' })
  deviationsOnly?: boolean;
  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 500 })
  @IsOptionalNotNull()
  @Transform(wholeNumber)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
  @ApiPropertyOptional({ default: 0, minimum: 0 })
  @IsOptionalNotNull()
  @Transform(wholeNumber)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  offset?: number;
}

export class AuditComputationRowDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date' }) effectiveFrom!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'uuid' }) crecheId!: string;
  @ApiProperty() crecheName!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) contractId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: "the child's first name (none without a contract)" })
  childFirstName!: string | null;
  @ApiProperty({ type: String, nullable: true, description: "the paying household's Caf number (matricule)" })
  cafNumber!: string | null;
  @ApiProperty({ enum: FEE_REASONS }) reason!: FeeReason;
  @ApiProperty({ example: '2' }) tier!: string;
  @ApiProperty({ example: '1.85', description: 'euros, decimal string' }) hourlyRate!: string;
  @ApiProperty({ example: '296.00', description: 'euros, decimal string' }) monthlyFee!: string;
  @ApiProperty({ description: "today's rules compute it differently (or cannot compute it)" }) deviates!: boolean;
}

export class AuditComputationPageDto {
  @ApiProperty({ type: [AuditComputationRowDto] }) items!: AuditComputationRowDto[];
  @ApiProperty({ description: 'computations matching the filters, all pages' }) total!: number;
}
