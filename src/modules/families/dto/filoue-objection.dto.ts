import { ApiProperty } from '@nestjs/swagger';

export class FiloueObjectionDto {
  @ApiProperty({
    format: 'date-time',
    description: 'when the household objected (ISO instant); kept when it objects again',
  })
  objectedAt!: string;
}
