import { ApiProperty } from '@nestjs/swagger';
import { ANY_OBJECT } from '../../../common/openapi/formats';

export class StoredFeeDto {
  @ApiProperty({ format: 'uuid' }) scaleId!: string;
  @ApiProperty({ example: '1.85', description: 'euros, decimal string' }) hourlyRate!: string;
  @ApiProperty({ example: '296.00', description: 'euros, decimal string' }) monthlyFee!: string;
  @ApiProperty({ type: 'array', items: ANY_OBJECT, description: 'the computation, step by step' }) trace!: unknown;
}

export class DeviationDto {
  @ApiProperty({ format: 'uuid' }) computationId!: string;
  @ApiProperty({ format: 'uuid' }) crecheId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) contractId!: string | null;
  @ApiProperty({ format: 'date', example: '2027-01-01' }) effectiveFrom!: string;
  @ApiProperty({ type: StoredFeeDto }) stored!: StoredFeeDto;
  @ApiProperty({
    description: "today's rules on the same inputs, or why they cannot compute it (`{ error }`)",
    oneOf: [
      { $ref: '#/components/schemas/StoredFeeDto' },
      { type: 'object', properties: { error: { type: 'string' } }, required: ['error'] },
    ],
  })
  recomputed!: StoredFeeDto | { error: string };
}

export class RecheckResponseDto {
  @ApiProperty({ description: 'stored computations compared' }) checked!: number;
  @ApiProperty({ type: [DeviationDto] }) deviations!: DeviationDto[];
}
