import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class HealthCheckDto {
  @ApiProperty({ enum: ['up', 'down'] }) status!: 'up' | 'down';
  @ApiPropertyOptional({ description: 'why it is down' }) error?: string;
}

/** 200 when PostgreSQL and Redis both answer, 503 with the same body otherwise. */
export class HealthResponseDto {
  @ApiProperty({ enum: ['ok', 'error'] }) status!: 'ok' | 'error';
  @ApiProperty({ type: HealthCheckDto }) database!: HealthCheckDto;
  @ApiProperty({ type: HealthCheckDto }) redis!: HealthCheckDto;
}
